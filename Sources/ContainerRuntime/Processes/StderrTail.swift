import Foundation
import Synchronization

/// A thread-safe ring buffer of the last lines a process wrote to stderr.
public final class StderrTail: Sendable {
    private struct Lines {
        var lines: [String] = []
        var partial = Data()
        let capacity: Int

        mutating func append(_ data: Data) {
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

        mutating func finish() {
            if !partial.isEmpty {
                push(String(decoding: partial, as: UTF8.self))
                partial.removeAll()
            }
        }

        private mutating func push(_ line: String) {
            let trimmed = line.trimmingCharacters(in: CharacterSet(charactersIn: "\r"))
            lines.append(trimmed)
            if lines.count > capacity { lines.removeFirst(lines.count - capacity) }
        }
    }

    private let state: Mutex<Lines>

    /// Keeps at most `capacity` lines.
    public init(capacity: Int = 50) {
        state = Mutex(Lines(capacity: max(1, capacity)))
    }

    /// Appends raw bytes; complete lines enter the buffer, a trailing partial line waits.
    public func append(_ data: Data) {
        state.withLock { $0.append(data) }
    }

    /// Flushes a trailing partial line (at process exit).
    public func finish() {
        state.withLock { $0.finish() }
    }

    /// The last lines, oldest first (at most `limit`).
    public func last(_ limit: Int = 20) -> [String] {
        state.withLock { Array($0.lines.suffix(limit)) }
    }
}
