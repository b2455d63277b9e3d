import Foundation

/// Why a pipe transport stopped.
public enum PipeTransportError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The child closed its stdout (it exited).
    case endOfStream
    case notConnected
    case readFailed(String)
    case writeFailed(String)

    public var description: String {
        switch self {
        case .endOfStream: "the server closed its output (it exited)"
        case .notConnected: "the connection to the server is closed"
        case .readFailed(let detail): "reading from the server failed: \(detail)"
        case .writeFailed(let detail): "writing to the server failed: \(detail)"
        }
    }
}
