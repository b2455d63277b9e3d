import Foundation
import Synchronization

/// Why a child session failed. Carries the child's last stderr lines when there are some.
public enum ChildSessionError: Error, Sendable, Hashable, CustomStringConvertible, LocalizedError {
    case exited(reason: String, stderr: [String])
    case handshakeTimeout(seconds: Double, stderr: [String])
    case handshakeFailed(reason: String, stderr: [String])
    case callTimeout(tool: String, seconds: Double)
    case callFailed(tool: String, reason: String)
    case closed

    public var description: String {
        switch self {
        case .exited(let reason, let stderr):
            "The server stopped during start-up: \(reason).\(Self.tail(stderr))"
        case .handshakeTimeout(let seconds, let stderr):
            "The server did not answer the MCP handshake within \(Self.seconds(seconds)) s.\(Self.tail(stderr))"
        case .handshakeFailed(let reason, let stderr):
            "The MCP handshake failed: \(reason).\(Self.tail(stderr))"
        case .callTimeout(let tool, let seconds):
            "\(tool) did not answer within \(Self.seconds(seconds)) s; the call was cancelled."
        case .callFailed(let tool, let reason):
            "\(tool) failed: \(reason)"
        case .closed:
            "The connection to the server is closed."
        }
    }

    public var errorDescription: String? { description }

    /// The stderr lines carried, if any.
    public var stderr: [String] {
        switch self {
        case .exited(_, let s), .handshakeTimeout(_, let s), .handshakeFailed(_, let s): s
        default: []
        }
    }

    static func tail(_ lines: [String]) -> String {
        lines.isEmpty ? "" : "\nLast lines of its stderr:\n" + lines.joined(separator: "\n")
    }

    static func seconds(_ value: Double) -> String {
        value.rounded() == value ? String(Int(value)) : String(value)
    }
}

/// How a child's connection ended while its process kept running (its own fault).
public enum ChildConnectionLoss: Sendable, Hashable, CustomStringConvertible {
    /// It closed its stdout.
    case closedOutput
    /// It sent a message over `limit` bytes.
    case oversizedMessage(limit: Int)

    /// A short fact for logs and the lifecycle's last error.
    public var description: String {
        switch self {
        case .closedOutput: "closed-output"
        case .oversizedMessage(let limit): "oversized-message(limit: \(limit) bytes)"
        }
    }
}

/// Set once from the connection's termination callback.
final class ExitFlag: Sendable {
    private let first = Mutex<String?>(nil)
    func set(_ reason: String) { first.withLock { $0 = $0 ?? reason } }
    var reason: String? { first.withLock { $0 } }
}
