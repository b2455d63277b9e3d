import Foundation

/// Cline (the VS Code extension `saoudrizwan.claude-dev`): `cline_mcp_settings.json`
/// in the extension's global storage, `mcpServers`.
public struct ClineFormat: JSONServerMapFormat {
    public let name = "cline"
    public let displayName = "Cline"
    public let serversKey = "mcpServers"

    public init() {}

    public func configPath(in locations: ClientLocations) -> URL {
        locations.vsCodeUserDirectory
            .appendingPathComponent("globalStorage/saoudrizwan.claude-dev/settings/cline_mcp_settings.json")
    }
}
