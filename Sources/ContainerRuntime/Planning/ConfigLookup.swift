import RegistryCore

/// Looks configuration values up by the paths templates use.
///
/// Values are keyed by parameter name (`paths`, `url_connection.jdbc_url`) or by the
/// fully-qualified Docker form (`filesystem.paths`); nested objects work too. A template
/// path `filesystem.paths` finds `filesystem.paths`, then `paths`. Parameters the user did
/// not set fall back to the `default` in the entry's parameter schema.
public struct ConfigLookup: Sendable {
    /// The user's values.
    public var values: [String: JSONValue]
    /// The entry's parameter schema, for defaults.
    public var schema: JSONValue?

    public init(values: [String: JSONValue], schema: JSONValue? = nil) {
        self.values = values
        self.schema = schema
    }

    /// The user's value or the schema default at `path`.
    public func value(at path: String) -> JSONValue? {
        let path = path.trimmingCharacters(in: .whitespaces)
        if let found = userValue(at: path) { return found }
        for candidate in Self.candidates(path) {
            if let found = Self.schemaDefault(schema, path: candidate) { return found }
        }
        return nil
    }

    /// The user's own value at `path` (no schema default).
    public func userValue(at path: String) -> JSONValue? {
        for candidate in Self.candidates(path) {
            if let found = values[candidate], found != .null { return found }
            if let found = Self.dig(.object(values), path: candidate), found != .null { return found }
        }
        // `paths` also finds a fully-qualified `filesystem.paths`.
        for (key, value) in values where value != .null {
            if let dot = key.firstIndex(of: "."), key[key.index(after: dot)...] == path { return value }
        }
        return nil
    }

    /// `server.param` → [`server.param`, `param`].
    static func candidates(_ path: String) -> [String] {
        guard let dot = path.firstIndex(of: ".") else { return [path] }
        return [path, String(path[path.index(after: dot)...])]
    }

    static func dig(_ root: JSONValue, path: String) -> JSONValue? {
        var current: JSONValue? = root
        for part in path.split(separator: ".") {
            current = current?[String(part)]
            if current == nil { return nil }
        }
        return current
    }

    static func schemaDefault(_ schema: JSONValue?, path: String) -> JSONValue? {
        property(schema, path: path)?["default"]
    }

    /// The schema of the property at a dotted path (`url_connection.jdbc_url`).
    public static func property(_ schema: JSONValue?, path: String) -> JSONValue? {
        var current = schema
        for part in path.split(separator: ".") {
            current = current?["properties"]?[String(part)]
            if current == nil { return nil }
        }
        return current
    }
}

extension JSONValue {
    /// The value as template text: strings as is, numbers without a needless `.0`,
    /// booleans as `true`/`false`; `nil` for arrays, objects and null.
    public var templateText: String? {
        switch self {
        case .string(let value): return value
        case .bool(let value): return value ? "true" : "false"
        case .number(let value):
            if value.rounded() == value, abs(value) < 1e15 { return String(Int64(value)) }
            return String(value)
        default: return nil
        }
    }
}
