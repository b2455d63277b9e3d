import Foundation

/// Claude Desktop: `claude_desktop_config.json`, `mcpServers`.
public struct ClaudeDesktopFormat: JSONServerMapFormat {
    public let name = "claude-desktop"
    public let displayName = "Claude Desktop"
    public let serversKey = "mcpServers"

    public init() {}

    /// `~/.config/Claude/` on Linux, `~/Library/Application Support/Claude/` on macOS, `%APPDATA%\Claude\` on Windows.
    public func configPath(in locations: ClientLocations) -> URL {
        locations.applicationSupport.appendingPathComponent("Claude/claude_desktop_config.json")
    }
}
