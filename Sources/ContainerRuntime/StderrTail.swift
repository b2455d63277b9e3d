import Foundation

/// A thread-safe ring buffer of the last lines a process wrote to stderr.
public final class StderrTail: @unchecked Sendable {
    private let lock = NSLock()
    private var lines: [String] = []
    private var partial = Data()
    private let capacity: Int

    /// Keeps at most `capacity` lines.
    public init(capacity: Int = 50) {
        self.capacity = max(1, capacity)
    }

    /// Appends raw bytes; complete lines enter the buffer, a trailing partial line waits.
    public func append(_ data: Data) {
        lock.lock()
        defer { lock.unlock() }
        partial.append(data)
        while let newline = partial.firstIndex(of: UInt8(ascii: "\n")) {
            let line = String(decoding: partial[partial.startIndex..<newline], as: UTF8.self)
            partial = Data(partial[partial.index(after: newline)...])
            push(line)
        }
        if partial.count > 8192 {
            push(String(decoding: partial, as: UTF8.self))
            partial.removeAll()
        }
    }

    /// Flushes a trailing partial line (at process exit).
    public func finish() {
        lock.lock()
        defer { lock.unlock() }
        if !partial.isEmpty {
            push(String(decoding: partial, as: UTF8.self))
            partial.removeAll()
        }
    }

    /// The last lines, oldest first (at most `limit`).
    public func last(_ limit: Int = 20) -> [String] {
        lock.lock()
        defer { lock.unlock() }
        return Array(lines.suffix(limit))
    }

    private func push(_ line: String) {
        let trimmed = line.trimmingCharacters(in: CharacterSet(charactersIn: "\r"))
        lines.append(trimmed)
        if lines.count > capacity { lines.removeFirst(lines.count - capacity) }
    }
}
