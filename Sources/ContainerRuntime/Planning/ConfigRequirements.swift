import RegistryCore

/// What an entry declares as needed, checked against the user's values and the names of
/// the secrets in the store.
public enum ConfigRequirements {
    /// The required secrets, env variables and parameters that are not set, each with its
    /// description. `config` is the user's non-secret values; `availableSecrets` the names
    /// of secrets in the store (a secret counts when stored under its name or its env name).
    public static func missing(
        for spec: ConfigurationSpec,
        config: [String: JSONValue],
        availableSecrets: Set<String>
    ) -> [MissingValue] {
        let lookup = ConfigLookup(values: config, schema: spec.parameters)
        var missing: [MissingValue] = []
        for secret in spec.secrets where secret.required {
            if !availableSecrets.contains(secret.name) && !availableSecrets.contains(secret.env) {
                missing.append(MissingValue(kind: "secret", name: secret.name, description: secret.description, example: secret.example))
            }
        }
        for env in spec.env where env.required {
            if env.isSecret {
                if !availableSecrets.contains(env.name) {
                    missing.append(MissingValue(kind: "secret", name: env.name, description: env.description, example: env.example))
                }
            } else if env.value == nil, env.defaultValue == nil, lookup.userValue(at: env.name)?.templateText?.isEmpty ?? true {
                missing.append(MissingValue(kind: "env", name: env.name, description: env.description, example: env.example))
            }
        }
        for name in spec.requiredParameters {
            // Catalogs also list env variables under `required`: what is needed then is
            // what the variable's template reads (or a value under the variable's own name).
            if let env = spec.env.first(where: { $0.name == name && !$0.isSecret }) {
                let value = (try? env.value.map { try ConfigTemplate($0).evaluate(lookup).text }) ?? nil
                let given = lookup.userValue(at: env.name)?.templateText
                guard [value, given, env.defaultValue].allSatisfy({ $0?.isEmpty ?? true }) else { continue }
                let inputs = env.value.map { ConfigTemplate($0).referencedPaths } ?? []
                let unset = inputs.filter { lookup.value(at: $0) == nil }.map { unqualified($0) ?? $0 }
                for input in unset.isEmpty ? [env.name] : unset where !missing.contains(where: { $0.name == input }) {
                    let property = ConfigLookup.property(spec.parameters, path: input)
                    missing.append(MissingValue(
                        kind: unset.isEmpty ? "env" : "parameter", name: input,
                        description: env.description ?? property?["description"]?.stringValue, example: env.example))
                }
                continue
            }
            if ConfigLookup.property(spec.parameters, path: name) == nil {
                if let secret = spec.secrets.first(where: { $0.name == name || $0.env == name || unqualified($0.name) == name }) {
                    if !availableSecrets.contains(secret.name) && !availableSecrets.contains(secret.env)
                        && !missing.contains(where: { $0.name == secret.name }) {
                        missing.append(MissingValue(kind: "secret", name: secret.name, description: secret.description, example: secret.example))
                    }
                    continue
                }
            }
            if isSet(lookup.userValue(at: name)) { continue }
            let property = ConfigLookup.property(spec.parameters, path: name)
            let example = property?["examples"]?.arrayValue?.first.flatMap(describe) ?? property?["default"].flatMap(describe)
            missing.append(MissingValue(
                kind: "parameter", name: name,
                description: property?["description"]?.stringValue ?? property?["title"]?.stringValue,
                example: example))
        }
        return missing
    }

    /// The secrets the entry can use: `secret store name → env variable`.
    public static func secretBindings(for spec: ConfigurationSpec, availableSecrets: Set<String>) -> [SecretBinding] {
        var bindings: [SecretBinding] = []
        for secret in spec.secrets {
            if availableSecrets.contains(secret.name) {
                bindings.append(SecretBinding(secretName: secret.name, environmentVariable: secret.env))
            } else if availableSecrets.contains(secret.env) {
                bindings.append(SecretBinding(secretName: secret.env, environmentVariable: secret.env))
            }
        }
        for env in spec.env where env.isSecret && availableSecrets.contains(env.name) {
            if !bindings.contains(where: { $0.environmentVariable == env.name }) {
                bindings.append(SecretBinding(secretName: env.name, environmentVariable: env.name))
            }
        }
        return bindings
    }

    /// `grafana.api_key` → `api_key`.
    static func unqualified(_ name: String) -> String? {
        guard let dot = name.firstIndex(of: ".") else { return nil }
        return String(name[name.index(after: dot)...])
    }

    static func isSet(_ value: JSONValue?) -> Bool {
        switch value {
        case nil, .null?: false
        case .string(let s)?: !s.isEmpty
        case .array(let a)?: !a.isEmpty
        default: true
        }
    }

    static func describe(_ value: JSONValue) -> String? {
        if let text = value.templateText { return text }
        if let array = value.arrayValue { return array.compactMap(\.templateText).joined(separator: ", ") }
        return nil
    }
}
