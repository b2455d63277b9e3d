import Foundation

/// A stdio MCP server as a client's config names it: what the registry writes.
public struct StdioServerEntry: Sendable, Hashable {
    /// The member name / list item name (`mcp-registry`).
    public var name: String
    /// The executable (an absolute path, or a name the client finds on `PATH`).
    public var command: String
    public var args: [String]
    /// Environment variables for the process (written sorted by name; omitted when empty
    /// unless the client's format always writes it).
    public var env: [String: String]

    public init(name: String, command: String, args: [String] = [], env: [String: String] = [:]) {
        self.name = name
        self.command = command
        self.args = args
        self.env = env
    }

    /// The name the registry uses for itself in every client.
    public static let registryName = "mcp-registry"

    /// The registry itself: `<executable> serve [--data-dir DIR] [--catalog FOLDER]…`.
    public static func registry(executable: String, dataDirectory: String? = nil, catalogs: [String] = []) -> StdioServerEntry {
        var args = ["serve"]
        if let dataDirectory, !dataDirectory.isEmpty { args += ["--data-dir", dataDirectory] }
        for catalog in catalogs where !catalog.isEmpty { args += ["--catalog", catalog] }
        return StdioServerEntry(name: registryName, command: executable, args: args)
    }

    /// `env` as an ordered object (sorted by name).
    var envValue: ConfigValue {
        .object(env.keys.sorted().map { ConfigMember(key: $0, value: .string(env[$0]!)) })
    }
}

/// A server found configured in a client's file (what `client status` reports).
public struct ConfiguredServer: Sendable, Hashable {
    public var name: String
    /// The command, when the entry has one (remote entries may not).
    public var command: String?
    public var args: [String]

    public init(name: String, command: String?, args: [String]) {
        self.name = name
        self.command = command
        self.args = args
    }

    /// `command arg1 arg2`, for display.
    public var commandLine: String {
        ([command ?? "(no command)"] + args).joined(separator: " ")
    }
}
