import Foundation

extension PodmanEngine: ImageBuilder {
    /// `podman build --pull=never -t tag -f Containerfile <empty folder>`, its output
    /// streamed line by line to `progress`.
    public func build(containerfile: String, tag: String, progress: @escaping @Sendable (String) -> Void) async throws {
        guard let executable else { throw ImageBuildError.engineMissing(hint: Self.installHint) }
        let context = FileManager.default.temporaryDirectory.appendingPathComponent("mcp-registry-build-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: context, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: context) }
        let file = context.appendingPathComponent("Containerfile")
        try Data(containerfile.utf8).write(to: file)

        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = ["build", "--pull=never", "--layers", "-t", tag, "-f", file.path, context.path]
        process.environment = environment
        process.standardInput = FileHandle.nullDevice
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        let tail = StderrTail(capacity: 30)
        let lines = LineSplitter { line in
            tail.append(Data((line + "\n").utf8))
            progress(line)
        }
        output.fileHandleForReading.readabilityHandler = { handle in
            let data = handle.availableData
            if data.isEmpty {
                handle.readabilityHandler = nil
            } else {
                lines.append(data)
            }
        }
        let status: Int32 = try await withCheckedThrowingContinuation { continuation in
            process.terminationHandler = { process in continuation.resume(returning: process.terminationStatus) }
            do {
                try process.run()
            } catch {
                process.terminationHandler = nil
                continuation.resume(throwing: error)
            }
        }
        output.fileHandleForReading.readabilityHandler = nil
        lines.append(output.fileHandleForReading.readDataToEndOfFile())
        lines.flush()
        guard status == 0 else { throw ImageBuildError.failed(tag: tag, status: status, output: tail.last(15)) }
    }
}

/// Splits a byte stream into lines for a callback (thread-safe).
final class LineSplitter: @unchecked Sendable {
    private let lock = NSLock()
    private var partial = Data()
    private let handler: (String) -> Void

    init(_ handler: @escaping (String) -> Void) {
        self.handler = handler
    }

    func append(_ data: Data) {
        lock.lock()
        partial.append(data)
        var complete: [String] = []
        while let newline = partial.firstIndex(of: UInt8(ascii: "\n")) {
            complete.append(String(decoding: partial[partial.startIndex..<newline], as: UTF8.self))
            partial = Data(partial[partial.index(after: newline)...])
        }
        lock.unlock()
        complete.filter { !$0.isEmpty }.forEach(handler)
    }

    func flush() {
        lock.lock()
        let rest = String(decoding: partial, as: UTF8.self)
        partial.removeAll()
        lock.unlock()
        if !rest.isEmpty { handler(rest) }
    }
}
