import Gateway

extension RemoteConnectorError {
    /// The failure in words for the model, with the next step (the connector only states the
    /// facts). Never holds a secret value.
    var sentence: String {
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
}
