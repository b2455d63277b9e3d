import RegistryCore

/// One thing wrong with a configuration name or value, as facts (which name, which rule,
/// which values were allowed). `RegistryServer` words it for the model and the CLI for
/// people; `description` is the one-line fact for logs.
public enum ConfigProblem: Error, Sendable, Hashable, CustomStringConvertible {
    /// A secret was given a value that is not a non-empty string (`key` as given).
    case secretNotText(key: String)
    /// An environment variable was given an array, object or null-like value (`key` as given).
    case envNotScalar(key: String)
    /// The value is not one of the declared choices (an env variable's `choices`, a
    /// parameter's JSON Schema `enum`), shown as text.
    case notOneOf(name: String, choices: [String])
    /// An env variable's declared `format` (`number`, `boolean`) does not fit the value.
    case wrongFormat(name: String, format: String)
    /// The value's JSON type is not one the parameter's schema allows, and no coercion fits.
    /// `found` is the JSON type name (`string`, `number`, `boolean`, `array`, `object`, `null`).
    case wrongType(name: String, expected: [String], found: String)
    /// `key` is not a name the entry declares; `declared` is every name it accepts.
    case unknownName(key: String, entryID: String, declared: [DeclaredSetting])
    /// Secrets were given but the gateway has no secret store.
    case noSecretStore
    /// Plain values were given but the gateway has no settings file.
    case noSettingsFile

    public var description: String {
        switch self {
        case .secretNotText(let key): "\(key): secret not a non-empty string"
        case .envNotScalar(let key): "\(key): env value not a string, number or boolean"
        case .notOneOf(let name, let choices): "\(name) not in [\(choices.joined(separator: ", "))]"
        case .wrongFormat(let name, let format): "\(name) not of format \(format)"
        case .wrongType(let name, let expected, let found): "\(name): \(found), expected \(expected.joined(separator: "|"))"
        case .unknownName(let key, let entryID, let declared):
            "\(key) not declared by \(entryID) (declared: \(declared.map(\.description).joined(separator: ", ")))"
        case .noSecretStore: "no secret store"
        case .noSettingsFile: "no settings file"
        }
    }
}

/// A configuration name an entry accepts, and where its value goes.
public struct DeclaredSetting: Sendable, Hashable, CustomStringConvertible {
    /// The name as the configuration is set by (`grafana.api_key`, `LOG_LEVEL`, `paths`).
    public var name: String
    /// `secret`, `env` or `parameter` (the kinds of `MissingValue`).
    public var kind: String

    public init(name: String, kind: String) {
        self.name = name
        self.kind = kind
    }

    /// `name (kind)`.
    public var description: String { "\(name) (\(kind))" }
}

extension JSONValue {
    /// The JSON type name (`null`, `boolean`, `number`, `string`, `array`, `object`).
    var jsonTypeName: String {
        switch self {
        case .null: "null"
        case .bool: "boolean"
        case .number: "number"
        case .string: "string"
        case .array: "array"
        case .object: "object"
        }
    }
}
