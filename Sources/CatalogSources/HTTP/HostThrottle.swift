import Foundation

/// Politeness per host: at most `maxConcurrent` requests in flight, starts spaced by
/// `minimumInterval`, and a pause when a host asks for one (`Retry-After`).
actor HostThrottle {
    private struct HostState {
        var active = 0
        var waiters: [CheckedContinuation<Void, Never>] = []
        var nextStart: ContinuousClock.Instant?
    }

    let maxConcurrent: Int
    let minimumInterval: Duration
    private var hosts: [String: HostState] = [:]
    private let clock = ContinuousClock()

    init(maxConcurrent: Int, minimumInterval: TimeInterval) {
        self.maxConcurrent = max(1, maxConcurrent)
        self.minimumInterval = .milliseconds(Int64(max(0, minimumInterval) * 1000))
    }

    /// Waits for a free slot on `host` and for its next allowed start time.
    /// Every `acquire` must be balanced by one `release`.
    func acquire(_ host: String) async {
        var state = hosts[host, default: HostState()]
        if state.active >= maxConcurrent {
            hosts[host] = state
            // The releasing request hands its slot over to us.
            await withCheckedContinuation { continuation in
                hosts[host, default: HostState()].waiters.append(continuation)
            }
            state = hosts[host, default: HostState()]
        } else {
            state.active += 1
        }
        let now = clock.now
        let start = max(now, state.nextStart ?? now)
        state.nextStart = start + minimumInterval
        hosts[host] = state
        if start > now {
            try? await Task.sleep(until: start, clock: clock)
        }
    }

    /// Frees the slot taken by `acquire`.
    func release(_ host: String) {
        guard var state = hosts[host] else { return }
        if !state.waiters.isEmpty {
            let next = state.waiters.removeFirst()
            hosts[host] = state
            next.resume()
        } else {
            state.active = max(0, state.active - 1)
            hosts[host] = state
        }
    }

    /// No new request to `host` starts before `seconds` from now.
    func pause(_ host: String, for seconds: TimeInterval) {
        guard seconds > 0 else { return }
        let until = clock.now + .milliseconds(Int64(seconds * 1000))
        var state = hosts[host, default: HostState()]
        state.nextStart = max(state.nextStart ?? until, until)
        hosts[host] = state
    }
}
