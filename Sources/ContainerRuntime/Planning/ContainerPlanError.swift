import Foundation

/// Why a container could not be planned: the facts (which entry, value, option), never a secret.
/// `RegistryServer` words them for the model, with the next step.
public enum ContainerPlanError: Error, Sendable, Hashable, CustomStringConvertible, LocalizedError {
    /// The entry has no container image or OCI package to run.
    case notRunnableAsContainer(entryID: String, kind: String)
    /// Required configuration is missing.
    case missingValues(entryID: String, missing: [MissingValue])
    /// A volume source is outside the allowed roots or is a forbidden path.
    case volumeRefused(volume: String, reason: String)
    /// A configured value would be read by podman or the server as an option.
    case flagSmuggling(field: String, value: String)
    /// A value is malformed (a bad user name, a NUL byte, a bad template).
    case invalidValue(field: String, reason: String)
    /// A `podman run` option from the definition that the registry does not allow.
    case optionRefused(option: String)

    /// The facts in one line, for logs and `lastError`.
    public var description: String {
        switch self {
        case .notRunnableAsContainer(let id, let kind):
            return "\(id) cannot run as a container (its launch kind is \(kind))."
        case .missingValues(let id, let missing):
            return "\(id) needs configuration before it can start: " + missing.map(\.line).joined(separator: "; ")
        case .volumeRefused(let volume, let reason):
            return "Volume \(volume) refused: \(reason)"
        case .flagSmuggling(let field, let value):
            return "The value \(value.debugDescription) for \(field) starts with '-' and would be read as an option; refused."
        case .invalidValue(let field, let reason):
            return "Invalid value for \(field): \(reason)"
        case .optionRefused(let option):
            return "The podman option \(option) from the server definition is not allowed by the registry's hardening profile."
        }
    }

    public var errorDescription: String? { description }
}

/// One missing configuration value, with what the catalog says about it.
public struct MissingValue: Sendable, Hashable, Codable {
    /// `secret`, `env` or `parameter`.
    public var kind: String
    /// The name to set (`grafana.api_key`, `LOG_LEVEL`, `paths`).
    public var name: String
    public var description: String?
    public var example: String?

    public init(kind: String, name: String, description: String? = nil, example: String? = nil) {
        self.kind = kind
        self.name = name
        self.description = description
        self.example = example
    }

    /// `grafana.api_key (secret): Grafana API key, e.g. glsa_…`
    public var line: String {
        var text = "\(name) (\(kind))"
        if let description, !description.isEmpty { text += ": \(description)" }
        if let example, !example.isEmpty { text += " (e.g. \(example))" }
        return text
    }
}
