import ContainerRuntime
import Foundation
import RegistryCore

/// Why the gateway could not do something: the facts (which entry, which names, which
/// state), never a secret value. `RegistryServer` words them for the model.
public enum GatewayError: Error, Sendable, Hashable, CustomStringConvertible, LocalizedError {
    /// The entry has nothing the registry can start.
    case notLaunchable(entryID: String)
    /// The entry's launch kind has no connector (package types other than npm, PyPI, OCI).
    case unsupportedLaunch(entryID: String, kind: String)
    /// Configuration names or values do not match what the entry declares.
    case invalidConfiguration(entryID: String, problems: [ConfigProblem])
    /// Required configuration is missing.
    case missingConfiguration(entryID: String, missing: [MissingValue])
    /// Starting failed; nothing was left running. `stderr` holds the child's last lines.
    case startFailed(entryID: String, cause: StartFailure, stderr: [String])
    /// No active server has that id or prefix.
    case notActive(String)
    /// No proxied tool has that exposed name.
    case unknownTool(String, known: [String])
    /// No proxied resource has that URI.
    case unknownResource(String)
    /// No proxied prompt has that exposed name.
    case unknownPrompt(String, known: [String])
    /// The server is restarting, stopped after crashes, or idle and failed to wake.
    case serverUnavailable(entryID: String, reason: ServerUnavailability)
    /// A remote signs in with OAuth and no personal access token is stored for it.
    case oauthRequired(entryID: String, provider: String, secretName: String)

    /// The facts in one line, for logs and `lastError` (the sentences the model reads, with
    /// the next step, are `RegistryServer`'s).
    public var description: String {
        switch self {
        case .notLaunchable(let id):
            return "\(id) has no container image, package or remote endpoint to start"
        case .unsupportedLaunch(let id, let kind):
            return "\(id) is a \(kind) server, which no connector starts"
        case .invalidConfiguration(let id, let problems):
            return "invalid configuration for \(id): " + problems.map(\.description).joined(separator: "; ")
        case .missingConfiguration(let id, let missing):
            return "\(id) is missing " + missing.map(\.name).joined(separator: ", ")
        case .startFailed(let id, let cause, let stderr):
            return "\(id) did not start: \(cause)" + Self.stderrTail(stderr, cause: cause) + "\nNothing was left running."
        case .notActive(let id):
            return "\(id) is not active"
        case .unknownTool(let name, _):
            return "no proxied tool is named \(name)"
        case .unknownResource(let uri):
            return "no active server offers the resource \(uri)"
        case .unknownPrompt(let name, _):
            return "no proxied prompt is named \(name)"
        case .serverUnavailable(let id, let reason):
            return "\(id) cannot take calls: \(reason)"
        case .oauthRequired(let id, let provider, let secretName):
            return "\(id) signs in with OAuth (\(provider)); no token is stored as \(secretName)"
        }
    }

    public var errorDescription: String? { description }

    /// The child's last stderr lines after a failed start, unless the cause already holds them.
    public static func stderrTail(_ stderr: [String], cause: StartFailure) -> String {
        if stderr.isEmpty { return "" }
        if case .session(let error) = cause, !error.stderr.isEmpty { return "" }
        return "\nLast lines of its stderr:\n" + stderr.joined(separator: "\n")
    }
}
