import Foundation

/// What a server declares that the user must (or may) configure.
public struct ConfigurationSpec: Sendable, Hashable, Codable {
    /// A sentence on what to configure, when the source gives one.
    public var description: String?
    /// Secrets: kept in the 0600 secret store, passed as bare `-e NAME`.
    public var secrets: [SecretRequirement]
    /// Plain environment variables (may be templated over parameters).
    public var env: [EnvRequirement]
    /// JSON Schema of the parameters (`{type: object, properties: …}`), when declared.
    public var parameters: JSONValue?

    public init(description: String? = nil, secrets: [SecretRequirement] = [], env: [EnvRequirement] = [], parameters: JSONValue? = nil) {
        self.description = description
        self.secrets = secrets
        self.env = env
        self.parameters = parameters
    }

    /// Whether nothing is declared.
    public var isEmpty: Bool { secrets.isEmpty && env.isEmpty && parameters == nil }

    /// Names of the required top-level parameters.
    public var requiredParameters: [String] {
        parameters?["required"]?.arrayValue?.compactMap(\.stringValue) ?? []
    }
}

/// A secret a server needs (`grafana.api_key` → `GRAFANA_API_KEY`).
public struct SecretRequirement: Sendable, Hashable, Codable {
    /// The secret's name in the store (`grafana.api_key`).
    public var name: String
    /// The environment variable the container reads it from.
    public var env: String
    public var description: String?
    public var example: String?
    public var required: Bool

    public init(name: String, env: String, description: String? = nil, example: String? = nil, required: Bool = true) {
        self.name = name
        self.env = env
        self.description = description
        self.example = example
        self.required = required
    }
}

/// An environment variable a server reads.
public struct EnvRequirement: Sendable, Hashable, Codable {
    public var name: String
    /// A fixed value or a template (`{{grafana.url}}`, `{var}`); `nil` when the user supplies it.
    public var value: String?
    public var description: String?
    public var example: String?
    public var required: Bool
    public var isSecret: Bool
    public var defaultValue: String?
    /// The only values allowed (server.json `choices`), when declared.
    public var choices: [String]?
    /// `string`, `number`, `boolean` or `filepath` (server.json `format`), when declared.
    public var format: String?

    public init(
        name: String,
        value: String? = nil,
        description: String? = nil,
        example: String? = nil,
        required: Bool = false,
        isSecret: Bool = false,
        defaultValue: String? = nil,
        choices: [String]? = nil,
        format: String? = nil
    ) {
        self.name = name
        self.value = value
        self.description = description
        self.example = example
        self.required = required
        self.isSecret = isSecret
        self.defaultValue = defaultValue
        self.choices = choices
        self.format = format
    }
}
