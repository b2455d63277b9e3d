import Foundation
import Gateway

/// `registry-active`'s sentences for what a child server did wrong on its connection.
extension ChildFaults {
    /// One sentence per kind of fault, saying what the registry did about it and, where it
    /// helps, what to do next; empty when the child did nothing wrong.
    var sentences: [String] {
        var said: [String] = []
        if let limit = oversizedMessageLimit {
            said.append("it sent a message over \(limit / 1_048_576) MiB; its connection was ended and it is restarted")
        }
        if closedOutputWhileRunning {
            said.append("it closed its output while still running; it was stopped and is restarted")
        }
        if timedOutCalls > 0 {
            var sentence = "\(Self.count(timedOutCalls, "call")) got no answer in time and \(timedOutCalls == 1 ? "was" : "were") cancelled"
            if let tool = lastTimedOutTool, let seconds = lastTimeoutSeconds {
                sentence += " (last: \(tool) after \(Self.seconds(seconds)) s; raise containers.callTimeout if it is just slow)"
            }
            said.append(sentence)
        }
        if droppedNotifications > 0 {
            said.append("it flooded notifications; \(Self.count(droppedNotifications, "notification")) over \(ChildFaultLog.notificationsPerSecond)/s \(droppedNotifications == 1 ? "was" : "were") dropped")
        }
        if unsolicitedResponses > 0 {
            said.append("it sent \(Self.count(unsolicitedResponses, "response")) to requests never made; ignored")
        }
        if malformedMessages > 0 {
            said.append("it wrote \(Self.count(malformedMessages, "line")) that \(malformedMessages == 1 ? "is" : "are") not JSON-RPC; ignored")
        }
        return said
    }

    private static func count(_ n: Int, _ noun: String) -> String {
        "\(n) \(noun)\(n == 1 ? "" : "s")"
    }

    private static func seconds(_ value: Double) -> String {
        value.rounded() == value ? String(Int(value)) : String(format: "%.1f", value)
    }
}
