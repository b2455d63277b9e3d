import Foundation

/// Why a remote server could not be reached. Messages say what to do next and never hold a
/// secret value.
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

    public var description: String {
        switch self {
        case .refusedURL(let url, let reason):
            return "The remote URL \(url) is refused: \(reason)."
        case .invalidURL(let url):
            return "\(url) is not a valid URL; check the entry's URL variables with registry-info."
        case .unsupportedTransport(let id, let transport):
            return "\(id) uses the \(transport) transport; the registry reaches remotes over Streamable HTTP or the legacy "
                + "HTTP+SSE transport (sse) only. Look for another entry of the same server (a container image or package) with registry-find."
        case .oauthRequired(let id, let provider, let secretName):
            return "\(id) signs in with OAuth (\(provider)), which the registry cannot do in a browser for you. "
                + "Create a personal access token (API token) in your \(provider) account and store it with "
                + "registry-config-set {\"id\": \"\(id)\", \"values\": {\"\(secretName)\": \"<token>\"}}; it is sent as "
                + "Authorization: Bearer <token>."
        case .missingValue(let id, let field, let names):
            return "\(id) needs \(names.joined(separator: ", ")) for its \(field); set it with registry-config-set."
        case .invalidValue(let field, let reason):
            return "The value for \(field) is refused: \(reason)."
        case .unauthorized(let host, let status, let secrets, let provider):
            var text = "\(host) refused the request (\(status))."
            if !secrets.isEmpty {
                text += " Check the token stored as \(secrets.joined(separator: ", ")) and set a new one with registry-config-set."
            } else {
                text += " It needs credentials that the entry does not declare."
            }
            if let provider { text += " It signs in with OAuth (\(provider)): a personal access token from \(provider) is sent as a bearer token." }
            return text
        case .unreachable(let host, let reason):
            return "\(host) could not be reached: \(reason)."
        }
    }

    public var errorDescription: String? { description }
}
