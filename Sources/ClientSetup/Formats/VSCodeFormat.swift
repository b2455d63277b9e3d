import Foundation

/// VS Code: `<user dir>/mcp.json`, key `servers`, entries with `"type": "stdio"`;
/// JSON with comments.
public struct VSCodeFormat: JSONServerMapFormat {
    public let name = "vscode"
    public let displayName = "VS Code"
    public let serversKey = "servers"
    public let allowsComments = true

    public init() {}

    /// `~/.config/Code/User/mcp.json` on Linux, `~/Library/Application Support/Code/User/mcp.json` on macOS.
    public func configPath(in locations: ClientLocations) -> URL {
        locations.vsCodeUserDirectory.appendingPathComponent("mcp.json")
    }

    public func entryValue(for entry: StdioServerEntry) -> ConfigValue {
        var members = [
            ConfigMember(key: "type", value: .string("stdio")),
            ConfigMember(key: "command", value: .string(entry.command)),
            ConfigMember(key: "args", value: .strings(entry.args)),
        ]
        if !entry.env.isEmpty { members.append(ConfigMember(key: "env", value: entry.envValue)) }
        return .object(members)
    }
}
