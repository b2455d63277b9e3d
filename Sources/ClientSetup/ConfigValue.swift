import Foundation
import RegistryCore

/// A JSON-like value whose object members keep their order, used to render the
/// entries the registry writes into a client's config (key order matters to people
/// reading the file: `type`, `command`, `args`, `env`).
public indirect enum ConfigValue: Sendable, Equatable {
    case string(String)
    case bool(Bool)
    case array([ConfigValue])
    case object([ConfigMember])

    /// An object from ordered `(key, value)` pairs.
    public static func members(_ pairs: KeyValuePairs<String, ConfigValue>) -> ConfigValue {
        .object(pairs.map { ConfigMember(key: $0.key, value: $0.value) })
    }

    /// An array of strings.
    public static func strings(_ values: [String]) -> ConfigValue {
        .array(values.map(ConfigValue.string))
    }

    /// The same value as an (unordered) `JSONValue`, for semantic comparison.
    public var jsonValue: JSONValue {
        switch self {
        case .string(let value): .string(value)
        case .bool(let value): .bool(value)
        case .array(let values): .array(values.map(\.jsonValue))
        case .object(let members):
            .object(Dictionary(members.map { ($0.key, $0.value.jsonValue) }, uniquingKeysWith: { _, last in last }))
        }
    }
}

/// One member of a `ConfigValue.object`.
public struct ConfigMember: Sendable, Equatable {
    public var key: String
    public var value: ConfigValue

    public init(key: String, value: ConfigValue) {
        self.key = key
        self.value = value
    }
}
