import ContainerRuntime
import Foundation
import RegistryCore

/// Why the gateway could not do something. Every message says what to do next and never
/// holds a secret value.
public enum GatewayError: Error, Sendable, Hashable, CustomStringConvertible, LocalizedError {
    /// The entry has nothing the registry can start.
    case notLaunchable(entryID: String)
    /// The entry's launch kind has no connector (package types other than npm, PyPI, OCI).
    case unsupportedLaunch(entryID: String, kind: String)
    /// Configuration names or values do not match what the entry declares.
    case invalidConfiguration(entryID: String, problems: [String])
    /// Required configuration is missing.
    case missingConfiguration(entryID: String, missing: [MissingValue])
    /// Starting failed; nothing was left running.
    case startFailed(entryID: String, reason: String, stderr: [String])
    /// No active server has that id or prefix.
    case notActive(String)
    /// No proxied tool has that exposed name.
    case unknownTool(String, known: [String])
    /// No proxied resource has that URI.
    case unknownResource(String)
    /// No proxied prompt has that exposed name.
    case unknownPrompt(String, known: [String])
    /// The server is restarting, stopped after crashes, or idle and failed to wake.
    case serverUnavailable(entryID: String, reason: String)
    /// A remote signs in with OAuth and no personal access token is stored for it.
    case oauthRequired(entryID: String, provider: String, secretName: String)

    public var description: String {
        switch self {
        case .notLaunchable(let id):
            return "\(id) has no container image, package or remote endpoint the registry can start; see registry-info for its links."
        case .unsupportedLaunch(let id, let kind):
            return "\(id) is a \(kind) server, which this registry cannot start yet."
        case .invalidConfiguration(let id, let problems):
            return "Invalid configuration for \(id):\n" + problems.map { "- \($0)" }.joined(separator: "\n")
        case .missingConfiguration(let id, let missing):
            return ContainerPlanError.missingValues(entryID: id, missing: missing).description
        case .startFailed(let id, let reason, let stderr):
            let tail = stderr.isEmpty || reason.contains("Last lines of its stderr") ? "" : "\nLast lines of its stderr:\n" + stderr.joined(separator: "\n")
            return "\(id) did not start: \(reason)\(tail)\nNothing was left running."
        case .notActive(let id):
            return "\(id) is not active; registry-active lists the running servers."
        case .unknownTool(let name, let known):
            let list = known.isEmpty ? "no proxied tools are active (use registry-add)" : "known: \(known.prefix(20).joined(separator: ", "))"
            return "No proxied tool is named \(name); \(list)."
        case .unknownResource(let uri):
            return "No active server offers the resource \(uri); resources/list shows what is available."
        case .unknownPrompt(let name, let known):
            let list = known.isEmpty ? "no proxied prompts are active" : "known: \(known.prefix(20).joined(separator: ", "))"
            return "No proxied prompt is named \(name); \(list)."
        case .serverUnavailable(let id, let reason):
            return "\(id) cannot take calls right now: \(reason)"
        case .oauthRequired(let id, let provider, let secretName):
            return RemoteConnectorError.oauthRequired(entryID: id, provider: provider, secretName: secretName).description
        }
    }

    public var errorDescription: String? { description }
}
