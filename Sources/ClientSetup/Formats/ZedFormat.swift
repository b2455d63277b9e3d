import Foundation
import RegistryCore

/// Zed: `settings.json`, key `context_servers`, entries
/// `{"command": …, "args": […], "env": {}}` (Zed's current custom-server shape);
/// JSON with comments. The older `{"command": {"path", "args", "env"}}` shape is
/// understood when reading.
public struct ZedFormat: JSONServerMapFormat {
    public let name = "zed"
    public let displayName = "Zed"
    public let serversKey = "context_servers"
    public let allowsComments = true

    public init() {}

    /// `~/.config/zed/settings.json` (`$XDG_CONFIG_HOME/zed` on Linux), `%APPDATA%\Zed` on Windows.
    public func configPath(in locations: ClientLocations) -> URL {
        switch locations.platform {
        case .linux: locations.xdgConfigHome.appendingPathComponent("zed/settings.json")
        case .macOS: locations.inHome(".config/zed/settings.json")
        case .windows: locations.applicationSupport.appendingPathComponent("Zed/settings.json")
        }
    }

    public func entryValue(for entry: StdioServerEntry) -> ConfigValue {
        .members(["command": .string(entry.command), "args": .strings(entry.args), "env": entry.envValue])
    }

    public func configuredServer(named name: String, from value: JSONValue) -> ConfiguredServer? {
        guard let object = value.objectValue else { return nil }
        if let legacy = object["command"]?.objectValue {
            return ConfiguredServer(
                name: name,
                command: legacy["path"]?.stringValue,
                args: legacy["args"]?.arrayValue?.compactMap(\.stringValue) ?? []
            )
        }
        return ConfiguredServer(
            name: name,
            command: object["command"]?.stringValue,
            args: object["args"]?.arrayValue?.compactMap(\.stringValue) ?? []
        )
    }
}
