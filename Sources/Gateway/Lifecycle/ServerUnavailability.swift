/// Why an active server cannot take a call right now: the facts, for the wording room
/// (`RegistryServer`) to turn into a sentence with the next step.
public enum ServerUnavailability: Sendable, Hashable {
    /// It is starting (activation or a manual restart in progress).
    case starting
    /// Its child exited; it is being started again after a back-off.
    case restarting(restarts: Int, lastError: String?)
    /// It kept failing and was given up.
    case givenUp(lastError: String?)
    /// It was stopped while idle and did not start again for this call.
    case didNotWake(error: String)
    /// A remote given up after an outage is still unreachable (each call tries again).
    case stillUnreachable(error: String)
    /// It is not ready (its status name) for a resource or prompt.
    case notReady(status: String)
    /// It has no live session.
    case noSession
}

extension ServerUnavailability: CustomStringConvertible {
    /// The facts in a few words (for logs and `lastError`).
    public var description: String {
        switch self {
        case .starting: "starting"
        case .restarting(let restarts, let lastError): "restarting (restart \(restarts)); last error: \(lastError ?? "unknown")"
        case .givenUp(let lastError): "given up after repeated failures; last error: \(lastError ?? "unknown")"
        case .didNotWake(let error): "idle, and starting it again failed: \(error)"
        case .stillUnreachable(let error): "still unreachable: \(error)"
        case .notReady(let status): status
        case .noSession: "no live session"
        }
    }
}
