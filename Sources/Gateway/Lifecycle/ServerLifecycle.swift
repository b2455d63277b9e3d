import Foundation

/// The lifecycle of one active server as a pure state machine: events in, the next state
/// and what the gateway should do out. It holds no child, no task and no clock; times
/// come with the events.
///
/// ```
///             started                 exited (under the attempt limit)
///  starting ───────────► ready ───────────────────────────────► restarting ──┐
///     ▲  │                 │  ▲                                     ▲  │     │ restart due
///     │  │ failed          │  └───────────── started ───────────────┼──┘     │ → start again
///     │  ▼                 │ idle time-out                           └───────┘ (failed: back off)
///     │ idle / failed ◄────┘                   exited or failed at the attempt limit ──► failed
///     └── a call (idle; a failed remote), a manual restart
///  any state ── stop ──► stopped (final)
/// ```
///
/// `generation` counts the children: an event from an older child (its exit, a restart
/// scheduled for it) is ignored.
struct ServerLifecycle: Sendable, Hashable {
    /// Why a server is starting; decides what a success counts as and where a failure goes.
    enum StartCause: Sendable, Hashable {
        /// `Gateway.activate`: a failure leaves nothing (the server is dropped).
        case activation
        /// A call reached an idle server: a failure leaves it idle.
        case wake
        /// A call reached a remote given up after an outage: a success counts as a restart.
        case retry
        /// `Gateway.restart` (new configuration): a failure leaves it failed.
        case restart
    }

    enum State: Sendable, Hashable {
        case starting(StartCause)
        /// Running with a live session since the date.
        case ready(since: Date)
        /// The child died; it is started again after a back-off.
        case restarting
        /// Stopped after `idleTimeout` without calls; the next call starts it.
        case idle
        /// Given up after `maximumAttempts` consecutive failures (or a failed manual restart).
        case failed
        /// Removed or shut down; no event leaves this state.
        case stopped
    }

    /// What a call to the server should do.
    enum CallAction: Sendable, Hashable {
        /// The server is ready: call it.
        case proceed
        /// Start it first (now `starting(cause)`), then call it.
        case start(StartCause)
        /// Fail the call.
        case unavailable(Unavailability)
    }

    /// Why a server cannot take a call (facts for the wording room).
    enum Unavailability: Sendable, Hashable {
        case starting
        case restarting(restarts: Int, lastError: String?)
        case failed(lastError: String?)
        case stopped
    }

    /// What to do after a child exited or a start failed.
    enum FailureAction: Sendable, Hashable {
        /// Nothing more (the event was stale, or the server is now idle, failed or stopped).
        case none
        /// Start it again after `delay` seconds (`restartDue(generation:)` then).
        case restart(after: Double, generation: Int)
        /// The attempt limit is reached: the server is now `failed`.
        case giveUp
    }

    private(set) var state: State = .starting(.activation)
    /// Children started so far, counting from 0 before the first.
    private(set) var generation = 0
    /// Restarts after a crash or an outage (not manual restarts).
    private(set) var restarts = 0
    /// Consecutive failures: exits sooner than `stableUptime` after starting, failed restarts.
    private(set) var failedAttempts = 0
    /// The last reason the server stopped or failed to start.
    private(set) var lastError: String?
    let policy: Gateway.RestartPolicy

    init(policy: Gateway.RestartPolicy) {
        self.policy = policy
    }

    /// Since when the current child runs (`nil` unless ready).
    var startedAt: Date? {
        if case .ready(let since) = state { return since }
        return nil
    }

    var isReady: Bool { startedAt != nil }

    var isStarting: Bool {
        if case .starting = state { return true }
        return false
    }

    /// The status name reported for the server: starting, running, restarting, idle, failed, stopped.
    var statusName: String {
        switch state {
        case .starting: "starting"
        case .ready: "running"
        case .restarting: "restarting"
        case .idle: "idle"
        case .failed: "failed"
        case .stopped: "stopped"
        }
    }

    /// The generation the next child gets.
    var nextGeneration: Int { generation + 1 }

    /// A child of generation `generation` finished its handshake at `now`.
    mutating func started(generation: Int, at now: Date) {
        guard state != .stopped else { return }
        switch state {
        case .starting(.retry):
            failedAttempts = 0
            restarts += 1
        case .restarting:
            restarts += 1
        default:
            break
        }
        self.generation = generation
        state = .ready(since: now)
    }

    /// Starting failed with `reason`.
    mutating func startFailed(reason: String) -> FailureAction {
        switch state {
        case .starting(.activation):
            state = .stopped
            return .none
        case .starting(.wake):
            lastError = reason
            state = .idle
            return .none
        case .starting(.retry), .starting(.restart):
            lastError = reason
            state = .failed
            return .none
        case .restarting:
            lastError = reason
            failedAttempts += 1
            return backOffOrGiveUp()
        case .ready, .idle, .failed, .stopped:
            return .none
        }
    }

    /// A call arrived (`isRemote`: the server is a remote, which a call may try again after
    /// it was given up).
    mutating func callArrived(isRemote: Bool) -> CallAction {
        switch state {
        case .ready:
            return .proceed
        case .idle:
            state = .starting(.wake)
            return .start(.wake)
        case .failed where isRemote:
            state = .starting(.retry)
            return .start(.retry)
        case .starting:
            return .unavailable(.starting)
        case .restarting:
            return .unavailable(.restarting(restarts: restarts, lastError: lastError))
        case .failed:
            return .unavailable(.failed(lastError: lastError))
        case .stopped:
            return .unavailable(.stopped)
        }
    }

    /// The child of generation `generation` went away by itself at `now`: it counts as a
    /// failure unless it ran at least `stableUptime` seconds.
    mutating func childExited(generation: Int, reason: String, at now: Date) -> FailureAction {
        guard generation == self.generation, case .ready(let since) = state else { return .none }
        lastError = reason
        failedAttempts = now.timeIntervalSince(since) >= policy.stableUptime ? 0 : failedAttempts + 1
        return backOffOrGiveUp()
    }

    /// A back-off scheduled for `generation` ended: whether to start the child again now
    /// (the server stays `restarting` while it starts).
    func restartDue(generation: Int) -> Bool {
        generation == self.generation && state == .restarting
    }

    /// A manual restart: the current child (if any) is dropped and a new one starts.
    mutating func restartRequested() {
        guard state != .stopped else { return }
        generation += 1
        failedAttempts = 0
        state = .starting(.restart)
    }

    /// The idle time-out passed without calls: returns whether a ready server is now idle
    /// (its child is to be closed).
    mutating func idleTimeoutElapsed() -> Bool {
        guard isReady else { return false }
        generation += 1
        state = .idle
        return true
    }

    /// Removed or shut down.
    mutating func stop() {
        state = .stopped
    }

    private mutating func backOffOrGiveUp() -> FailureAction {
        if failedAttempts >= policy.maximumAttempts {
            state = .failed
            return .giveUp
        }
        state = .restarting
        return .restart(after: policy.delay(afterFailures: failedAttempts), generation: generation)
    }
}

extension Gateway.RestartPolicy {
    /// Seconds to wait before the next start after `failures` consecutive failures:
    /// `initialDelay` doubled per failure, at most `maximumDelay`.
    public func delay(afterFailures failures: Int) -> Double {
        min(maximumDelay, initialDelay * pow(2, Double(failures)))
    }
}
