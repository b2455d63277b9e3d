import Synchronization

/// How many changes a database has seen, for `SQLDatabase.changeCount`: a number that moves
/// on every change, and whether it is trustworthy right now (nil when it is not).
final class ChangeCounter: Sendable {
    private let count = Atomic<UInt64>(0)
    private let known: Atomic<Bool>

    init(known: Bool) {
        self.known = Atomic(known)
    }

    /// The count, or nil while changes could go unseen.
    var value: UInt64? {
        known.load(ordering: .acquiring) ? count.load(ordering: .acquiring) : nil
    }

    /// One change (or possibly one: a failed transaction counts too).
    func advance() {
        _ = count.wrappingAdd(1, ordering: .acquiringAndReleasing)
    }

    /// Whether every change is seen from now on; the count moves either way, so nothing
    /// read before counts as current after.
    func setKnown(_ value: Bool) {
        advance()
        known.store(value, ordering: .releasing)
    }
}
