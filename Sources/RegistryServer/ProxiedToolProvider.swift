import MCP

/// Tools that are not the registry's own: the proxied tools of running servers.
///
/// The activation layer conforms to this; the MCP server lists its tools after the
/// registry's own and routes calls to it by exact exposed name.
public protocol ProxiedToolProvider: Sendable {
    /// The proxied tools as exposed (`<prefix>__<tool>`), schemas verbatim.
    func proxiedTools() async -> [Tool]
    /// Calls a proxied tool; `nil` when no proxied tool has that name.
    func callProxied(name: String, arguments: [String: Value]?) async -> CallTool.Result?
    /// The same, passing the child's progress notifications to `progress`.
    func callProxied(
        name: String, arguments: [String: Value]?,
        progress: (@Sendable (ProgressNotification.Parameters) async -> Void)?
    ) async -> CallTool.Result?
}

extension ProxiedToolProvider {
    public func callProxied(
        name: String, arguments: [String: Value]?,
        progress: (@Sendable (ProgressNotification.Parameters) async -> Void)?
    ) async -> CallTool.Result? {
        await callProxied(name: name, arguments: arguments)
    }
}
