import Foundation
import Synchronization
import Logging
import MCPStdio

/// Checks each message a child sends before the session sees it, and keeps what it finds in
/// the server's `ChildFaultLog`:
/// - a line that is not a JSON-RPC message is dropped (MCP stdio: every line is one message);
/// - a response to no request the registry sent is dropped (JSON-RPC 2.0: a response answers
///   a request); one to a request the registry cancelled or gave up on arrives late and is
///   dropped quietly;
/// - notifications over the log's budget are dropped, so a flood costs a counter, not
///   memory or the session's time.
/// It learns the requests in flight from what the registry sends (`sent(_:)`). Batches (a
/// JSON array) pass to the SDK untouched. Thread-safe: over a pipe it runs on the pipe's
/// reader thread (`PipeTransport.screen`), so what it drops never reaches the cooperative
/// pool.
final class ChildMessageScreen: Sendable {
    /// Ids of cancelled requests remembered for late replies.
    static let cancelledMemory = 1_024

    let faults: ChildFaultLog
    private struct Requests {
        var inFlight = Set<Data>()
        var cancelled: [Data] = []
        var cancelledSet = Set<Data>()
    }

    private let requests = Mutex(Requests())
    private let logger = Logger(label: "mcp-registry.child")

    init(faults: ChildFaultLog) {
        self.faults = faults
    }

    /// Notes a message the registry sent the child: a request's id is now in flight; a
    /// `notifications/cancelled` moves its request id to the cancelled ones.
    func sent(_ data: Data) {
        guard let line = JSONRPCLine(data) else { return }
        if line.method != nil, let id = line.id {
            _ = requests.withLock { $0.inFlight.insert(id) }
        } else if line.method == "notifications/cancelled", let params = line.range(of: "params"),
                  let requestID = line.members(ofObjectAt: params)?.first(where: { $0.name == "requestId" })?.value {
            gaveUp(line.text(requestID))
        }
    }

    /// A request (by id text) the registry no longer waits for: a reply to it is late, not
    /// unsolicited.
    func gaveUp(_ id: Data) {
        requests.withLock {
            $0.inFlight.remove(id)
            guard $0.cancelledSet.insert(id).inserted else { return }
            $0.cancelled.append(id)
            if $0.cancelled.count > Self.cancelledMemory {
                $0.cancelledSet.remove($0.cancelled.removeFirst())
            }
        }
    }

    /// Whether the session is to see `message` (`line` is it parsed, `nil` when it is not
    /// one JSON object).
    func admit(_ message: Data, _ line: JSONRPCLine?) -> Bool {
        guard let line else {
            if message.first(where: { !Self.isSpace($0) }) == UInt8(ascii: "[") { return true }
            note(\.malformedMessages, "a line from the server is not a JSON-RPC message; dropped")
            return false
        }
        if line.isResponse {
            let id = line.id ?? Data("null".utf8)
            let known: Bool? = requests.withLock {
                if $0.inFlight.remove(id) != nil { return true }
                return $0.cancelledSet.contains(id) ? false : nil
            }
            switch known {
            case true?: return true
            case false?: return false
            case nil:
                note(\.unsolicitedResponses, "the server answered a request that was never made; dropped")
                return false
            }
        }
        guard line.method != nil else {
            note(\.malformedMessages, "a message from the server is neither a request, a response nor a notification; dropped")
            return false
        }
        if line.id != nil { return true }
        if faults.admitNotification() { return true }
        let dropped = faults.snapshot.droppedNotifications
        if Self.isMilestone(dropped) {
            logger.warning("the server floods notifications; the excess is dropped", metadata: ["dropped": "\(dropped)"])
        }
        return false
    }

    /// The connection ended with `error` (`nil`: an orderly end).
    func ended(_ error: Error?) {
        if case .messageTooLarge(let limit)? = error as? PipeTransportError {
            faults.record { $0.oversizedMessageLimit = limit }
        }
    }

    private func note(_ counter: WritableKeyPath<ChildFaults, Int>, _ message: Logger.Message) {
        var count = 0
        faults.record {
            $0[keyPath: counter] += 1
            count = $0[keyPath: counter]
        }
        if Self.isMilestone(count) { logger.warning(message, metadata: ["count": "\(count)"]) }
    }

    /// 1, 10, 100, …: a fault repeated is logged ever more rarely.
    static func isMilestone(_ count: Int) -> Bool {
        var n = count
        while n >= 10, n % 10 == 0 { n /= 10 }
        return n == 1
    }

    private static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
    }
}
