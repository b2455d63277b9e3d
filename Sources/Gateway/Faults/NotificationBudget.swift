import Foundation

/// A token bucket for a child's notifications: `burst` at once, then `perSecond`. A pure
/// value over the times it is given (seconds on a monotonic clock).
struct NotificationBudget: Sendable, Hashable {
    let burst: Double
    let perSecond: Double
    private var tokens: Double
    private var last: TimeInterval?

    init(burst: Int, perSecond: Int) {
        self.burst = Double(burst)
        self.perSecond = Double(perSecond)
        self.tokens = Double(burst)
    }

    /// Takes one token at `now`; `false` when there is none.
    mutating func take(at now: TimeInterval) -> Bool {
        if let last, now > last {
            tokens = min(burst, tokens + (now - last) * perSecond)
        }
        last = max(last ?? now, now)
        guard tokens >= 1 else { return false }
        tokens -= 1
        return true
    }
}
