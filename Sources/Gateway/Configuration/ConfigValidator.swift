import ContainerRuntime
import Foundation
import RegistryCore

/// Checks configuration names and values against what an entry declares (its secrets, env
/// variables, parameter JSON Schema and the inputs its launch templates read) — not
/// against a prefix allow-list — and sorts them into secrets and plain values.
public struct ConfigValidator: Sendable {
    public let entry: CatalogEntry

    public init(entry: CatalogEntry) {
        self.entry = entry
    }

    /// Sorts `values` into secrets (for the 0600 store) and plain configuration (for the
    /// settings file), validating each; unknown names and bad values become `problems`.
    /// A `null` plain value means "remove". Strings are coerced where the schema wants a
    /// boolean, number or array (`"true"`, `"3"`, `"a"` → `["a"]`).
    public func classify(_ values: [String: JSONValue]) -> ConfigClassification {
        var result = ConfigClassification()
        for key in values.keys.sorted() {
            let value = values[key]!
            switch resolve(key) {
            case .secret(let name):
                if value == .null { result.removedSecrets.append(name); continue }
                guard let text = value.templateText, !text.isEmpty else {
                    result.problems.append(.secretNotText(key: key))
                    continue
                }
                result.secrets[name] = text
            case .env(let name):
                if value == .null { result.config[name] = .null; continue }
                guard let text = value.templateText else {
                    result.problems.append(.envNotScalar(key: key))
                    continue
                }
                if let problem = envProblem(name, text) { result.problems.append(problem); continue }
                result.config[name] = .string(text)
            case .parameter(let path, let schema):
                if value == .null { result.config[path] = .null; continue }
                switch Self.check(value, against: schema, at: key) {
                case .success(let checked): result.config[path] = checked
                case .failure(let problem): result.problems.append(problem)
                }
            case .unknown:
                result.problems.append(.unknownName(key: key, entryID: entry.id, declared: declaredSettings))
            }
        }
        return result
    }

    /// Required values still missing, given the stored plain values and secret names.
    public func missing(config: [String: JSONValue], secretNames: Set<String>) -> [MissingValue] {
        ConfigRequirements.missing(for: entry.configuration, config: config, availableSecrets: secretNames)
    }

    /// Problems with stored plain values (wrong types, values outside an enum).
    public func validate(config: [String: JSONValue]) -> [ConfigProblem] {
        var problems: [ConfigProblem] = []
        for key in config.keys.sorted() {
            guard let value = config[key] else { continue }
            switch resolve(key) {
            case .parameter(_, let schema):
                if case .failure(let problem) = Self.check(value, against: schema, at: key) { problems.append(problem) }
            case .env(let name):
                if let text = value.templateText, let problem = envProblem(name, text) { problems.append(problem) }
            default:
                break
            }
        }
        return problems
    }

    /// A value outside an env variable's declared `choices`, or not a number where its
    /// `format` is `number` (server.json `KeyValueInput`).
    func envProblem(_ name: String, _ text: String) -> ConfigProblem? {
        guard let env = entry.configuration.env.first(where: { $0.name == name }) else { return nil }
        if let choices = env.choices, !choices.isEmpty, !choices.contains(text) {
            return .notOneOf(name: name, choices: choices)
        }
        if env.format == "number", Double(text.trimmingCharacters(in: .whitespaces)) == nil {
            return .wrongFormat(name: name, format: "number")
        }
        if env.format == "boolean", !["true", "false"].contains(text.lowercased()) {
            return .wrongFormat(name: name, format: "boolean")
        }
        return nil
    }

    /// Every name the entry accepts: secrets, env variables, schema parameters, then the
    /// template inputs no other name covers.
    public var declaredSettings: [DeclaredSetting] {
        var names: [DeclaredSetting] = []
        names += entry.configuration.secrets.map { DeclaredSetting(name: $0.name, kind: "secret") }
        names += entry.configuration.env.map { DeclaredSetting(name: $0.name, kind: $0.isSecret ? "secret" : "env") }
        if let properties = entry.configuration.parameters?["properties"]?.objectValue {
            names += properties.keys.sorted().map { DeclaredSetting(name: $0, kind: "parameter") }
        }
        for path in templateInputs.sorted() where !names.contains(where: { $0.name == path }) {
            names.append(DeclaredSetting(name: path, kind: "parameter"))
        }
        return names
    }

    // MARK: - Names

    enum Resolution: Equatable {
        case secret(String)
        case env(String)
        case parameter(String, JSONValue?)
        case unknown
    }

    func resolve(_ key: String) -> Resolution {
        let spec = entry.configuration
        for secret in spec.secrets where key == secret.name || key == secret.env || Self.unqualified(secret.name) == key {
            return .secret(secret.name)
        }
        for env in spec.env where env.name == key {
            return env.isSecret ? .secret(env.name) : .env(env.name)
        }
        for candidate in Self.candidates(key) {
            if let property = ConfigLookup.property(spec.parameters, path: candidate) {
                return .parameter(candidate, property)
            }
        }
        for candidate in Self.candidates(key) where templateInputs.contains(candidate) {
            return .parameter(candidate, nil)
        }
        return .unknown
    }

    /// The parameter paths the launch templates read (`paths`, `city`), unqualified.
    var templateInputs: Set<String> {
        var texts: [String] = entry.configuration.env.compactMap(\.value)
        switch entry.launch {
        case .container(let c):
            texts += c.command + c.volumes + Array(c.env.values) + c.runtimeArguments + (c.user.map { [$0] } ?? [])
        case .package(let p):
            texts += p.runtimeArguments + p.packageArguments + Array(p.env.values)
        case .remote(let r):
            texts += [r.url] + r.headers.map(\.value)
        case .unknown:
            break
        }
        var paths = Set<String>()
        for text in texts {
            for path in ConfigTemplate(text).referencedPaths {
                paths.insert(path)
                if let unqualified = Self.unqualified(path) { paths.insert(unqualified) }
            }
        }
        return paths
    }

    /// `grafana.url` → `url`.
    static func unqualified(_ name: String) -> String? {
        guard let dot = name.firstIndex(of: ".") else { return nil }
        return String(name[name.index(after: dot)...])
    }

    static func candidates(_ key: String) -> [String] {
        [key] + (unqualified(key).map { [$0] } ?? [])
    }

    // MARK: - Values

    /// Checks (and coerces) a value against a JSON Schema's basics: type, enum, items.
    static func check(_ value: JSONValue, against schema: JSONValue?, at name: String) -> Result<JSONValue, ConfigProblem> {
        guard let schema else { return .success(value) }
        let types: [String] = schema["type"]?.stringValue.map { [$0] } ?? schema["type"]?.arrayValue?.compactMap(\.stringValue) ?? []
        var coerced = value
        if !types.isEmpty, !types.contains(where: { matches(value, $0) }) {
            guard let converted = types.lazy.compactMap({ coerce(value, to: $0) }).first else {
                return .failure(.wrongType(name: name, expected: types, found: value.jsonTypeName))
            }
            coerced = converted
        }
        if let options = schema["enum"]?.arrayValue, !options.contains(coerced) {
            let shown = options.map { $0.templateText ?? "\($0)" }
            return .failure(.notOneOf(name: name, choices: shown))
        }
        if case .array(let items) = coerced, let itemSchema = schema["items"] {
            var checked: [JSONValue] = []
            for (index, item) in items.enumerated() {
                switch check(item, against: itemSchema, at: "\(name)[\(index)]") {
                case .success(let value): checked.append(value)
                case .failure(let problem): return .failure(problem)
                }
            }
            coerced = .array(checked)
        }
        return .success(coerced)
    }

    static func matches(_ value: JSONValue, _ type: String) -> Bool {
        switch (type, value) {
        case ("string", .string), ("boolean", .bool), ("number", .number), ("array", .array), ("object", .object), ("null", .null):
            return true
        case ("integer", .number(let n)):
            return n.rounded() == n
        default:
            return false
        }
    }

    static func coerce(_ value: JSONValue, to type: String) -> JSONValue? {
        switch (type, value) {
        case ("boolean", .string(let s)):
            switch s.lowercased() {
            case "true", "yes", "1": return .bool(true)
            case "false", "no", "0": return .bool(false)
            default: return nil
            }
        case ("number", .string(let s)):
            return Double(s.trimmingCharacters(in: .whitespaces)).map(JSONValue.number)
        case ("integer", .string(let s)):
            return Int(s.trimmingCharacters(in: .whitespaces)).map { .number(Double($0)) }
        case ("string", .number), ("string", .bool):
            return value.templateText.map(JSONValue.string)
        case ("array", .string), ("array", .number), ("array", .bool):
            return .array([value])
        default:
            return nil
        }
    }
}

/// User-given configuration sorted by where it goes.
public struct ConfigClassification: Sendable, Hashable {
    /// Secret store name → value (never log these).
    public var secrets: [String: String] = [:]
    /// Secrets to remove (a `null` value).
    public var removedSecrets: [String] = []
    /// Plain values by normalised name (`paths`, `LOG_LEVEL`); `null` removes the key.
    public var config: [String: JSONValue] = [:]
    /// What was wrong, one fact each (worded by `RegistryServer`).
    public var problems: [ConfigProblem] = []

    public init() {}

    /// No problems.
    public var isValid: Bool { problems.isEmpty }
    /// The secret names (safe to show).
    public var secretNames: [String] { secrets.keys.sorted() }
}
