import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Captures what the process writes to its standard error (where swift-log writes) while
/// `body` runs, through a real file descriptor swap (test support; not thread-safe against
/// other captures).
public enum StderrCapture {
    public static func run<T>(_ body: () throws -> T) throws -> (T, String) {
        let (file, saved) = try begin()
        let value: T
        do { value = try body() } catch { _ = end(file, saved); throw error }
        return (value, end(file, saved))
    }

    public static func run<T>(_ body: () async throws -> T) async throws -> (T, String) {
        let (file, saved) = try begin()
        let value: T
        do { value = try await body() } catch { _ = end(file, saved); throw error }
        return (value, end(file, saved))
    }

    private static func begin() throws -> (URL, Int32) {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("trust-stderr-\(UUID().uuidString).log")
        FileManager.default.createFile(atPath: file.path, contents: nil)
        let descriptor = open(file.path, O_WRONLY | O_APPEND)
        let saved = dup(STDERR_FILENO)
        fflush(nil)
        dup2(descriptor, STDERR_FILENO)
        close(descriptor)
        return (file, saved)
    }

    private static func end(_ file: URL, _ saved: Int32) -> String {
        fflush(nil)
        dup2(saved, STDERR_FILENO)
        close(saved)
        defer { try? FileManager.default.removeItem(at: file) }
        return (try? String(contentsOf: file, encoding: .utf8)) ?? ""
    }
}
