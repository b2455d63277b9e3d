import Foundation
import Synchronization

/// Reads a pipe to its end on a thread of its own, keeping at most `limit` bytes (the rest is
/// read and dropped, so the writer never blocks on a full pipe).
public final class OutputCollector: Sendable {
    private struct State {
        var data = Data()
        var truncated = false
        var ended = false
        var waiters: [CheckedContinuation<Void, Never>] = []
    }

    private let state = Mutex(State())
    /// The most bytes kept.
    public let limit: Int

    /// Starts reading `handle` at once.
    public init(reading handle: FileHandle, limit: Int, name: String = "output") {
        self.limit = max(0, limit)
        let thread = Thread { [self] in
            while true {
                let chunk = handle.availableData
                if chunk.isEmpty { break }
                append(chunk)
            }
            finish()
        }
        thread.name = name
        thread.start()
    }

    private func append(_ chunk: Data) {
        state.withLock { state in
            let room = limit - state.data.count
            if room >= chunk.count {
                state.data.append(chunk)
            } else {
                if room > 0 { state.data.append(chunk.prefix(room)) }
                state.truncated = true
            }
        }
    }

    private func finish() {
        let waiters = state.withLock { state -> [CheckedContinuation<Void, Never>] in
            state.ended = true
            defer { state.waiters = [] }
            return state.waiters
        }
        waiters.forEach { $0.resume() }
    }

    /// Waits until the pipe reached its end.
    public func waitForEnd() async {
        await withCheckedContinuation { continuation in
            let ended = state.withLock { state -> Bool in
                if !state.ended { state.waiters.append(continuation) }
                return state.ended
            }
            if ended { continuation.resume() }
        }
    }

    /// What was read so far, and whether bytes past `limit` were dropped.
    public var output: (data: Data, truncated: Bool) {
        state.withLock { ($0.data, $0.truncated) }
    }
}
