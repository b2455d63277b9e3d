import Foundation
import Synchronization

/// What a finished process printed and how it ended.
public struct ProcessResult: Sendable, Hashable {
    public var status: Int32
    public var stdout: Data
    public var stderr: Data

    public init(status: Int32, stdout: Data, stderr: Data) {
        self.status = status
        self.stdout = stdout
        self.stderr = stderr
    }

    public var stdoutText: String { String(decoding: stdout, as: UTF8.self) }
    public var stderrText: String { String(decoding: stderr, as: UTF8.self) }
    public var succeeded: Bool { status == 0 }
}

/// Runs a program to completion without a shell, capturing its output off the caller's
/// thread.
public enum ProcessRunner {
    /// Runs `executable arguments…` with `environment` (the full environment of the child).
    public static func run(_ executable: String, _ arguments: [String], environment: [String: String]) async throws -> ProcessResult {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.environment = environment
        let stdout = Pipe()
        let stderr = Pipe()
        process.standardOutput = stdout
        process.standardError = stderr
        process.standardInput = FileHandle.nullDevice
        return try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                do {
                    try process.run()
                } catch {
                    continuation.resume(throwing: error)
                    return
                }
                let output = DataBox()
                let group = DispatchGroup()
                group.enter()
                DispatchQueue.global().async {
                    output.set(stdout.fileHandleForReading.readDataToEndOfFile())
                    group.leave()
                }
                let errors = stderr.fileHandleForReading.readDataToEndOfFile()
                group.wait()
                process.waitUntilExit()
                try? stdout.fileHandleForReading.close()
                try? stderr.fileHandleForReading.close()
                continuation.resume(returning: ProcessResult(status: process.terminationStatus, stdout: output.get(), stderr: errors))
            }
        }
    }

    /// Finds an executable by name on `PATH`.
    public static func which(_ name: String, path: String? = ProcessInfo.processInfo.environment["PATH"]) -> String? {
        if name.contains("/") { return FileManager.default.isExecutableFile(atPath: name) ? name : nil }
        let folders = (path ?? "/usr/local/bin:/usr/bin:/bin").split(separator: ":") + ["/usr/local/bin", "/usr/bin", "/bin"]
        for folder in folders {
            let candidate = "\(folder)/\(name)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }
}

/// A locked `Data`, for collecting output on another thread.
final class DataBox: Sendable {
    private let data = Mutex(Data())
    func set(_ value: Data) { data.withLock { $0 = value } }
    func get() -> Data { data.withLock { $0 } }
}
