import RegistryCore

/// A client whose config is a JSON (or JSONC) object with a top-level key that maps
/// server names to entries (`mcpServers`, `servers`, `context_servers`). Conformers
/// give the key, the dialect and the entry's shape; the edits are shared.
public protocol JSONServerMapFormat: ClientConfigFormat {
    /// The top-level key holding the servers.
    var serversKey: String { get }
    /// Whether the file may hold comments and trailing commas.
    var allowsComments: Bool { get }
    /// The entry's value as this client writes it.
    func entryValue(for entry: StdioServerEntry) -> ConfigValue
    /// Reads a configured server from an entry's value.
    func configuredServer(named name: String, from value: JSONValue) -> ConfiguredServer?
}

extension JSONServerMapFormat {
    public var allowsComments: Bool { false }

    /// `{"command": …, "args": […]}` plus `env` when it has variables.
    public func entryValue(for entry: StdioServerEntry) -> ConfigValue {
        var members = [ConfigMember(key: "command", value: .string(entry.command)), ConfigMember(key: "args", value: .strings(entry.args))]
        if !entry.env.isEmpty { members.append(ConfigMember(key: "env", value: entry.envValue)) }
        return .object(members)
    }

    /// Reads `command` and `args` (strings) from an object entry.
    public func configuredServer(named name: String, from value: JSONValue) -> ConfiguredServer? {
        guard let object = value.objectValue else { return nil }
        return ConfiguredServer(
            name: name,
            command: object["command"]?.stringValue,
            args: object["args"]?.arrayValue?.compactMap(\.stringValue) ?? []
        )
    }

    var dialect: JSONCParser.Dialect { allowsComments ? .jsonc : .json }

    public func install(_ entry: StdioServerEntry, into text: String, path: String) throws(ClientConfigError) -> String {
        let document = try JSONCDocument(text: text, dialect: dialect, path: path)
        let value = entryValue(for: entry)
        guard let root = document.root else {
            let unit = "  "
            let servers = ConfigValue.object([ConfigMember(key: entry.name, value: value)])
            let body = "{\n" + unit + ConfigValue.quoted(serversKey) + ": " + servers.jsonText(indent: unit, unit: unit) + "\n}\n"
            let prefix = text.isEmpty || text.hasSuffix("\n") ? text : text + "\n"
            return prefix + body
        }
        guard root.members != nil else {
            throw .unexpectedShape(path: path, message: "the top-level value is not a JSON object")
        }
        if let servers = root.member(serversKey) {
            switch servers.value.kind {
            case .object:
                return document.applying(document.settingMember(entry.name, to: value, in: servers.value))
            case .null:
                break
            default:
                throw .unexpectedShape(path: path, message: "\"\(serversKey)\" is not an object")
            }
        }
        let servers = ConfigValue.object([ConfigMember(key: entry.name, value: value)])
        return document.applying(document.settingMember(serversKey, to: servers, in: root))
    }

    public func remove(serverNamed serverName: String, from text: String, path: String) throws(ClientConfigError) -> String {
        let document = try JSONCDocument(text: text, dialect: dialect, path: path)
        guard let servers = try serversObject(in: document, path: path) else { return text }
        return document.applying(document.removingMember(serverName, from: servers))
    }

    public func status(serverNamed serverName: String, in text: String, path: String) throws(ClientConfigError) -> ConfiguredServer? {
        let document = try JSONCDocument(text: text, dialect: dialect, path: path)
        guard let entry = try serversObject(in: document, path: path)?.member(serverName) else { return nil }
        return configuredServer(named: serverName, from: entry.value.jsonValue)
    }

    /// The servers object, `nil` when the file or the key is absent (or `null`); an error
    /// when the top level or the key holds something else.
    private func serversObject(in document: JSONCDocument, path: String) throws(ClientConfigError) -> JSONCNode? {
        guard let root = document.root else { return nil }
        guard root.members != nil else { throw .unexpectedShape(path: path, message: "the top-level value is not a JSON object") }
        guard let servers = root.member(serversKey)?.value else { return nil }
        switch servers.kind {
        case .object: return servers
        case .null: return nil
        default: throw .unexpectedShape(path: path, message: "\"\(serversKey)\" is not an object")
        }
    }

    public func snippet(for entry: StdioServerEntry) -> String {
        let servers = ConfigValue.object([ConfigMember(key: entry.name, value: entryValue(for: entry))])
        return ConfigValue.object([ConfigMember(key: serversKey, value: servers)]).jsonText(indent: "", unit: "  ")
    }
}
