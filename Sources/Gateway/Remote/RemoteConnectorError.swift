import Foundation

/// Why a remote server could not be reached: the facts (which entry, field, host, secret name),
/// never a secret value. `RegistryServer` words them for the model, with the next step.
public enum RemoteConnectorError: Error, Sendable, Hashable, CustomStringConvertible, LocalizedError {
    /// The URL is not allowed by the settings (scheme, internal address).
    case refusedURL(url: String, reason: String)
    /// The URL (after filling in its variables) is not a valid URL.
    case invalidURL(String)
    /// The entry uses a transport other than Streamable HTTP or the legacy HTTP+SSE.
    case unsupportedTransport(entryID: String, transport: String)
    /// The server signs in with OAuth and no token is stored.
    case oauthRequired(entryID: String, provider: String, secretName: String)
    /// A value the URL or a required header needs is not set.
    case missingValue(entryID: String, field: String, names: [String])
    /// A value would break the header or URL it goes into (line breaks, NUL).
    case invalidValue(field: String, reason: String)
    /// The server refused the credentials (HTTP 401/403).
    case unauthorized(host: String, status: String, secretNames: [String], oauthProvider: String?)
    /// The host could not be reached.
    case unreachable(host: String, reason: String)

    /// The facts in one line, for logs and `lastError`.
    public var description: String {
        switch self {
        case .refusedURL(let url, let reason):
            return "the remote URL \(url) is refused: \(reason)"
        case .invalidURL(let url):
            return "\(url) is not a valid URL"
        case .unsupportedTransport(let id, let transport):
            return "\(id) uses the \(transport) transport; remotes are reached over Streamable HTTP or HTTP+SSE (sse) only"
        case .oauthRequired(let id, let provider, let secretName):
            return "\(id) signs in with OAuth (\(provider)); no token is stored as \(secretName)"
        case .missingValue(let id, let field, let names):
            return "\(id) needs \(names.joined(separator: ", ")) for its \(field)"
        case .invalidValue(let field, let reason):
            return "the value for \(field) is refused: \(reason)"
        case .unauthorized(let host, let status, let secrets, let provider):
            var text = "\(host) refused the request (\(status))"
            text += secrets.isEmpty ? "; the entry declares no credentials" : "; sent the token stored as \(secrets.joined(separator: ", "))"
            if let provider { text += "; it signs in with OAuth (\(provider))" }
            return text
        case .unreachable(let host, let reason):
            return "\(host) could not be reached: \(reason)"
        }
    }

    public var errorDescription: String? { description }
}
