import MCP

/// Resources and prompts that are not the registry's own: those of running servers,
/// namespaced by their prefix. The MCP server answers `resources/*` and `prompts/*` from it.
public protocol ProxiedListProvider: Sendable {
    func resources() async -> [Resource]
    func resourceTemplates() async -> [Resource.Template]
    /// Throws an `MCPError` the client can read (unknown URI, server unavailable).
    func readResource(uri: String) async throws -> [Resource.Content]
    func prompts() async -> [Prompt]
    /// Throws an `MCPError` the client can read (unknown prompt, server unavailable).
    func getPrompt(name: String, arguments: [String: String]?) async throws -> (description: String?, messages: [Prompt.Message])
}
