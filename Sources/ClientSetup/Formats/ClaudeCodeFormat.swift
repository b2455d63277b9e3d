import Foundation

/// Claude Code: `~/.claude.json`, user-scope `mcpServers`, entries with `"type": "stdio"`.
public struct ClaudeCodeFormat: JSONServerMapFormat {
    public let name = "claude-code"
    public let displayName = "Claude Code"
    public let serversKey = "mcpServers"

    public init() {}

    public func configPath(in locations: ClientLocations) -> URL {
        locations.inHome(".claude.json")
    }

    /// `{"type": "stdio", "command": …, "args": […], "env": {…}}`, as `claude mcp add` writes it.
    public func entryValue(for entry: StdioServerEntry) -> ConfigValue {
        .members([
            "type": .string("stdio"),
            "command": .string(entry.command),
            "args": .strings(entry.args),
            "env": entry.envValue,
        ])
    }
}
