/// Every client the registry can set itself up in, by command-line name.
public enum KnownClients {
    /// All formats, in the order `client status` lists them.
    public static let all: [any ClientConfigFormat] = [
        ClaudeDesktopFormat(),
        ClaudeCodeFormat(),
        CursorFormat(),
        ClineFormat(),
        VSCodeFormat(),
        WindsurfFormat(),
        ZedFormat(),
        ContinueFormat(),
    ]

    /// The command-line names (`claude-desktop`, `claude-code`, …).
    public static var names: [String] { all.map(\.name) }

    /// The format named `name`, or `ClientConfigError.unknownClient` listing the valid names.
    public static func format(named name: String) throws(ClientConfigError) -> any ClientConfigFormat {
        guard let format = all.first(where: { $0.name == name.lowercased() }) else {
            throw .unknownClient(name: name, known: names)
        }
        return format
    }
}
