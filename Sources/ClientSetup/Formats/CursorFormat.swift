import Foundation

/// Cursor: `~/.cursor/mcp.json`, `mcpServers`.
public struct CursorFormat: JSONServerMapFormat {
    public let name = "cursor"
    public let displayName = "Cursor"
    public let serversKey = "mcpServers"

    public init() {}

    public func configPath(in locations: ClientLocations) -> URL {
        locations.inHome(".cursor/mcp.json")
    }
}
