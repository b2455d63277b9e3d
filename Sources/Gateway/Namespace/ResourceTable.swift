import Foundation

/// The table of proxied resource URIs: exposed URI → (server, the child's own URI).
///
/// A child's URIs are kept as they are, so links inside its content still work; a URI that
/// another active server already exposes becomes `mcp-registry://<prefix>/<escaped URI>`.
/// Reads are routed through the table.
public struct ResourceTable: Sendable, Hashable {
    /// Where an exposed URI leads.
    public struct Route: Sendable, Hashable {
        public var serverID: String
        /// The URI on that server.
        public var uri: String

        public init(serverID: String, uri: String) {
            self.serverID = serverID
            self.uri = uri
        }
    }

    private var routes: [String: Route] = [:]
    private var byServer: [String: [String: String]] = [:]

    public init() {}

    /// Registers (or re-registers) a server's resource URIs; returns original → exposed.
    @discardableResult
    public mutating func register(serverID: String, prefix: String, uris: [String]) -> [String: String] {
        let previous = byServer[serverID] ?? [:]
        for (original, exposed) in previous where !uris.contains(original) { routes[exposed] = nil }
        var mapping: [String: String] = [:]
        for uri in uris where mapping[uri] == nil {
            let route = Route(serverID: serverID, uri: uri)
            if let kept = previous[uri], routes[kept] == route {
                mapping[uri] = kept
                continue
            }
            var exposed = uri
            if let taken = routes[exposed], taken != route {
                let escaped = uri.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? uri
                exposed = "mcp-registry://\(ToolNamespace.sanitizePrefix(prefix))/\(escaped)"
            }
            routes[exposed] = route
            mapping[uri] = exposed
        }
        byServer[serverID] = mapping
        return mapping
    }

    /// Drops every URI of a server.
    public mutating func removeServer(_ serverID: String) {
        for exposed in (byServer[serverID] ?? [:]).values { routes[exposed] = nil }
        byServer[serverID] = nil
    }

    /// Where an exposed URI leads.
    public func route(for exposedURI: String) -> Route? { routes[exposedURI] }

    /// A server's original → exposed URIs.
    public func uris(for serverID: String) -> [String: String] { byServer[serverID] ?? [:] }
}
