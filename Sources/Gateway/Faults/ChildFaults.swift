import Foundation
import Synchronization

/// What a child server did wrong on its connection, as counts and facts (no sentences:
/// `RegistryServer` words them for `registry-active`). A well-behaved child has none.
///
/// The rules come from MCP's stdio transport and JSON-RPC 2.0: every line a server writes
/// must be one JSON-RPC message; a response must answer a request the client sent; the
/// registry bounds what it takes from a child (message size, notification rate, call time).
public struct ChildFaults: Sendable, Hashable, Codable {
    /// Lines that were not a JSON-RPC message (not JSON, or JSON that is not a message);
    /// each was dropped.
    public var malformedMessages = 0
    /// Responses whose id matched no request the registry sent (nor one it cancelled);
    /// each was dropped.
    public var unsolicitedResponses = 0
    /// Notifications dropped because the child sent more than
    /// `ChildFaultLog.notificationBurst` at once or over `notificationsPerSecond` for long.
    public var droppedNotifications = 0
    /// Calls that got no answer within the call time-out (each was cancelled at the child
    /// with `notifications/cancelled`).
    public var timedOutCalls = 0
    /// The tool of the last call that timed out.
    public var lastTimedOutTool: String?
    /// The time-out of that call, in seconds.
    public var lastTimeoutSeconds: Double?
    /// The child sent a message longer than this many bytes; its connection was ended.
    public var oversizedMessageLimit: Int?
    /// The child closed its stdout while its process kept running; its connection was ended.
    public var closedOutputWhileRunning = false
    /// When the last fault was seen.
    public var lastSeen: Date?

    public init() {}

    /// Whether the child did nothing wrong.
    public var isEmpty: Bool {
        malformedMessages == 0 && unsolicitedResponses == 0 && droppedNotifications == 0 && timedOutCalls == 0
            && oversizedMessageLimit == nil && !closedOutputWhileRunning
    }
}

/// The faults of one active server, across its children (restarts keep the count): written
/// by the transport's reader and the session, read by `registry-active`. Thread-safe.
public final class ChildFaultLog: Sendable {
    /// Notifications taken at once before the rate applies.
    public static let notificationBurst = 2_000
    /// Notifications per second taken after a burst.
    public static let notificationsPerSecond = 1_000

    private struct State {
        var faults = ChildFaults()
        var budget = NotificationBudget(burst: ChildFaultLog.notificationBurst, perSecond: ChildFaultLog.notificationsPerSecond)
    }

    private let state = Mutex(State())

    public init() {}

    /// What was recorded so far.
    public var snapshot: ChildFaults { state.withLock { $0.faults } }

    func record(_ change: (inout ChildFaults) -> Void) {
        state.withLock {
            change(&$0.faults)
            $0.faults.lastSeen = Date()
        }
    }

    /// A call to `tool` that got no answer within `seconds` (both call paths, SDK and relay).
    func recordTimeout(tool: String, seconds: Double) {
        record {
            $0.timedOutCalls += 1
            $0.lastTimedOutTool = tool
            $0.lastTimeoutSeconds = seconds
        }
    }

    /// Whether a notification arriving now is taken (`false`: over the budget, counted as
    /// dropped).
    func admitNotification(at now: TimeInterval = ProcessInfo.processInfo.systemUptime) -> Bool {
        state.withLock {
            if $0.budget.take(at: now) { return true }
            $0.faults.droppedNotifications += 1
            $0.faults.lastSeen = Date()
            return false
        }
    }
}
