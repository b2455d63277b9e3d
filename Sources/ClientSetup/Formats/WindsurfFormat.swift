import Foundation

/// Windsurf: `~/.codeium/windsurf/mcp_config.json`, `mcpServers`.
public struct WindsurfFormat: JSONServerMapFormat {
    public let name = "windsurf"
    public let displayName = "Windsurf"
    public let serversKey = "mcpServers"

    public init() {}

    public func configPath(in locations: ClientLocations) -> URL {
        locations.inHome(".codeium/windsurf/mcp_config.json")
    }
}
