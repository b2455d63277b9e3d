import Dispatch
import Foundation
import Synchronization

/// The most a catalog file of one kind may weigh; a larger file is refused unread.
struct FileLimit: Sendable, Hashable {
    var bytes: Int

    /// A Docker `server.yaml` (the largest upstream is about 20 KiB).
    static let serverYAML = FileLimit(bytes: 256 * 1024)
    /// A `tools.json` beside it.
    static let toolsJSON = FileLimit(bytes: 1024 * 1024)
    /// A `readme.md` beside it (only its first paragraph is used).
    static let readme = FileLimit(bytes: 512 * 1024)
    /// A `server.json`, API item or `{"servers": […]}` page.
    static let serverJSON = FileLimit(bytes: 4 * 1024 * 1024)
    /// An awesome list's markdown file (the largest upstream is about 330 KiB).
    static let markdownList = FileLimit(bytes: 8 * 1024 * 1024)
}

/// What one load of one source may spend reading files: bytes and wall-clock time, so one
/// hostile repository cannot stall a refresh or starve the other sources. Thread-safe (the
/// layouts read on all cores); one budget per load.
final class ReadBudget: Sendable {
    /// Bytes one load may read in all.
    static let defaultBytes = 256 * 1024 * 1024
    /// Seconds one load may spend reading and parsing.
    static let defaultSeconds = 30.0

    private struct State {
        var remainingBytes: Int
        var refusedCount = 0
    }

    private let state: Mutex<State>
    private let deadline: UInt64

    init(bytes: Int = ReadBudget.defaultBytes, seconds: Double = ReadBudget.defaultSeconds) {
        state = Mutex(State(remainingBytes: bytes))
        deadline = DispatchTime.now().uptimeNanoseconds + UInt64(max(seconds, 0) * 1e9)
    }

    /// Whether the deadline has not passed.
    var hasTimeLeft: Bool {
        let left = DispatchTime.now().uptimeNanoseconds < deadline
        if !left { noteRefusal() }
        return left
    }

    /// Takes `bytes` from the budget; `false` (and nothing taken) when not enough is left.
    func charge(_ bytes: Int) -> Bool {
        state.withLock { state in
            guard bytes <= state.remainingBytes else {
                state.refusedCount += 1
                return false
            }
            state.remainingBytes -= bytes
            return true
        }
    }

    /// Files refused because the budget was spent.
    var refusals: Int {
        state.withLock { $0.refusedCount }
    }

    private func noteRefusal() {
        state.withLock { $0.refusedCount += 1 }
    }
}
