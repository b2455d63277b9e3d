import Foundation
import Synchronization

/// Runs a long program (an image build) to completion without a shell, handing each line of
/// its combined stdout and stderr to a callback as it comes and keeping the last ones.
/// Cancelling the calling task stops it: `SIGTERM`, then `SIGKILL` after `killAfter` seconds.
enum StreamedProcess {
    struct Outcome: Sendable {
        var status: Int32
        /// The last lines of its output, oldest first.
        var tail: [String]
        /// The calling task was cancelled and the process was stopped.
        var cancelled: Bool
    }

    static func run(
        _ executable: String, _ arguments: [String], environment: [String: String], tailLines: Int = 15,
        killAfter: Double = 5, line: @escaping @Sendable (String) -> Void
    ) async throws -> Outcome {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.environment = environment
        process.standardInput = FileHandle.nullDevice
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        let tail = StderrTail(capacity: max(tailLines, 1) * 2)
        let lines = LineSplitter { text in
            tail.append(Data((text + "\n").utf8))
            line(text)
        }
        output.fileHandleForReading.readabilityHandler = { handle in
            let data = handle.availableData
            if data.isEmpty {
                handle.readabilityHandler = nil
            } else {
                lines.append(data)
            }
        }
        let cancelled = CancelFlag()
        let status: Int32 = try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                process.terminationHandler = { process in continuation.resume(returning: process.terminationStatus) }
                do {
                    try process.run()
                } catch {
                    process.terminationHandler = nil
                    output.fileHandleForReading.readabilityHandler = nil
                    continuation.resume(throwing: error)
                    return
                }
                if Task.isCancelled { cancelled.stop(process, killAfter: killAfter) }
            }
        } onCancel: {
            cancelled.stop(process, killAfter: killAfter)
        }
        output.fileHandleForReading.readabilityHandler = nil
        lines.append(output.fileHandleForReading.readDataToEndOfFile())
        lines.flush()
        try? output.fileHandleForReading.close()
        return Outcome(status: status, tail: tail.last(tailLines), cancelled: cancelled.isSet)
    }
}

/// Remembers that a process was asked to stop, and stops it once.
private final class CancelFlag: Sendable {
    private let stopped = Mutex(false)

    var isSet: Bool {
        stopped.withLock { $0 }
    }

    func stop(_ process: Process, killAfter: Double) {
        let first = stopped.withLock { stopped in
            defer { stopped = true }
            return !stopped
        }
        guard first, process.isRunning else { return }
        let pid = process.processIdentifier
        process.terminate()
        DispatchQueue.global().asyncAfter(deadline: .now() + killAfter) {
            if process.isRunning { kill(pid, SIGKILL) }
        }
    }
}

/// Splits a byte stream into lines for a callback (thread-safe).
final class LineSplitter: @unchecked Sendable {
    private let partial = Mutex(Data())
    /// Called outside the lock, by one reader thread at a time.
    private let handler: (String) -> Void

    init(_ handler: @escaping (String) -> Void) {
        self.handler = handler
    }

    func append(_ data: Data) {
        let complete = partial.withLock { partial -> [String] in
            partial.append(data)
            var complete: [String] = []
            while let newline = partial.firstIndex(of: UInt8(ascii: "\n")) {
                complete.append(String(decoding: partial[partial.startIndex..<newline], as: UTF8.self))
                partial = Data(partial[partial.index(after: newline)...])
            }
            return complete
        }
        complete.filter { !$0.isEmpty }.forEach(handler)
    }

    func flush() {
        let rest = partial.withLock { partial in
            defer { partial.removeAll() }
            return String(decoding: partial, as: UTF8.self)
        }
        if !rest.isEmpty { handler(rest) }
    }
}
