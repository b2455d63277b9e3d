import Foundation
import RegistryCore

/// Turns the inputs of an official `server.json` (environment variables, argument and URL
/// `variables`, headers) into an entry's declared configuration, and renders arguments.
///
/// Conventions (the gateway relies on them):
/// - A non-secret input the user supplies is a parameter of the JSON Schema, named as the
///   variable is named, and referenced as `{name}` where it is used.
/// - A secret input is a `SecretRequirement` named `<server short name>.<variable lowercased>`
///   (`weather.api_key`, like the Docker registry's `grafana.api_key`), read from the
///   environment variable `env` (the env var's own name, or the variable upper-cased).
///   Wherever a template used it as `{var}`, it is rewritten to `${ENV}`, the Docker form of
///   a secret reference, so a template's `{…}` always names a parameter and `${…}` a secret.
struct OfficialInputCollector {
    /// The server's short name, the namespace of its secrets (`weather`).
    let namespace: String
    private(set) var secrets: [SecretRequirement] = []
    private(set) var env: [EnvRequirement] = []
    private var properties: [String: JSONValue] = [:]
    private var required: [String] = []

    init(namespace: String) {
        self.namespace = namespace
    }

    /// The JSON Schema of the collected parameters, `nil` when there are none.
    var parameters: JSONValue? {
        guard !properties.isEmpty else { return nil }
        var schema: [String: JSONValue] = ["type": "object", "properties": .object(properties)]
        if !required.isEmpty { schema["required"] = .array(required.map(JSONValue.string)) }
        return .object(schema)
    }

    // MARK: - Environment variables

    /// One `environmentVariables[]` item: a secret, or a plain variable whose `{var}`
    /// `variables` become parameters.
    mutating func addEnvironmentVariable(_ item: JSONValue) {
        guard let name = item.text("name") else { return }
        let isRequired = item.flag("isRequired") ?? false
        let defaultValue = item.text("default")
        if item.flag("isSecret") == true {
            addSecret(name: secretName(name), env: name, description: item.text("description"), required: isRequired)
            return
        }
        let value = item.text("value").map { render($0, variables: item.lenient("variables")) }
        guard !env.contains(where: { $0.name == name }) else { return }
        env.append(EnvRequirement(
            name: name,
            value: value,
            description: item.text("description"),
            required: isRequired && defaultValue == nil && value == nil,
            defaultValue: defaultValue,
            choices: item.list("choices").compactMap(\.scalarText).nilIfEmpty,
            format: item.text("format")
        ))
    }

    // MARK: - Arguments

    /// Renders `runtimeArguments` / `packageArguments` to command-line words, each argument
    /// whole (server.json `Argument`):
    /// - positional: its `value` (with `{var}` inputs), else a `{valueHint}` parameter (a
    ///   list value splices into several words when `isRepeated`), else its `default`;
    /// - named with a `value`: `--name value` (two words; a `--name=` name keeps the value
    ///   attached);
    /// - named without a `value`: a parameter named after the flag, written
    ///   `{{param|flag:--name}}`, which yields `--name v` for a value, `--name a --name b` for
    ///   a list (`isRepeated`) and nothing at all, flag included, when unset;
    /// - a `format: boolean` flag without a value: `{{param|switch:--name}}`, the flag alone
    ///   when the parameter is true (always, when `isRequired`).
    mutating func renderArguments(_ arguments: [JSONValue]) -> [String] {
        var words: [String] = []
        for argument in arguments {
            let kind = argument.text("type")?.lowercased() ?? (argument.text("name") == nil ? "positional" : "named")
            let variables = argument.lenient("variables")
            if kind == "named" {
                guard let name = argument.text("name") else { continue }
                let isRequired = argument.flag("isRequired") ?? false
                if let value = argument.text("value") {
                    append(name: name, value: render(value, variables: variables), to: &words)
                } else if argument.text("format") == "boolean" {
                    if isRequired && argument.text("default") == nil { words.append(name); continue }
                    let parameter = parameterName(fromFlag: name)
                    addInput(parameter, argument, required: false)
                    words.append("{{\(parameter)|switch:\(name)}}")
                } else if argument.flag("isSecret") == true {
                    let parameter = parameterName(fromFlag: name)
                    append(name: name, value: reference(parameter, argument), to: &words)
                } else {
                    let parameter = parameterName(fromFlag: name)
                    addInput(parameter, argument, required: isRequired)
                    words.append("{{\(parameter)|flag:\(name)}}")
                }
            } else {
                if let value = argument.text("value") {
                    words.append(render(value, variables: variables))
                } else if let hint = argument.text("valueHint") ?? argument.text("name") {
                    addInput(hint, argument, required: argument.flag("isRequired") ?? false)
                    words.append(reference(hint, argument))
                } else if let fallback = argument.text("default") {
                    words.append(fallback)
                }
            }
        }
        return words
    }

    private func append(name: String, value: String, to words: inout [String]) {
        if name.hasSuffix("=") {
            words.append(name + value)
        } else {
            words.append(name)
            words.append(value)
        }
    }

    // MARK: - Remotes

    /// A remote's URL with its `variables` declared (and secret ones rewritten).
    mutating func renderURL(_ url: String, variables: JSONValue?) -> String {
        render(url, variables: variables)
    }

    /// A remote's `headers[]` item. A header with no `value` is an input itself: a secret
    /// becomes `${ENV}`, anything else a `{parameter}`.
    mutating func header(_ item: JSONValue) -> RemoteHeader? {
        guard let name = item.text("name") else { return nil }
        let isSecret = item.flag("isSecret") ?? false
        let isRequired = item.flag("isRequired") ?? false
        let description = item.text("description")
        var value: String
        var secretValue = isSecret
        if let written = item.text("value") {
            let variables = item.lenient("variables")
            value = render(written, variables: variables)
            secretValue = isSecret || value.contains("${")
        } else {
            let variable = name.lowercased().map { $0.isLetter || $0.isNumber ? String($0) : "_" }.joined()
            if isSecret {
                let envName = variable.uppercased()
                addSecret(name: secretName(variable), env: envName, description: description, required: isRequired)
                value = "${\(envName)}"
            } else {
                addInput(variable, item, required: isRequired)
                value = "{\(variable)}"
            }
        }
        return RemoteHeader(name: name, value: value, description: description, isSecret: secretValue, isRequired: isRequired)
    }

    // MARK: - Templates and inputs

    /// Declares the `{var}` `variables` of a template and rewrites secret ones to `${ENV}`.
    private mutating func render(_ template: String, variables: JSONValue?) -> String {
        guard let variables = variables?.objectValue, !variables.isEmpty else { return template }
        var result = template
        for name in TemplateReferences.braceNames(in: template) {
            guard let input = variables[name] else { continue }
            if input.flag("isSecret") == true {
                let envName = name.uppercased().map { $0.isLetter || $0.isNumber ? String($0) : "_" }.joined()
                addSecret(
                    name: secretName(name), env: envName,
                    description: input.text("description"), required: input.flag("isRequired") ?? false
                )
                result = result.replacingOccurrences(of: "{\(name)}", with: "${\(envName)}")
            } else {
                addInput(name, input, required: input.flag("isRequired") ?? false)
            }
        }
        return result
    }

    /// `{name}`, or `${ENV}` when the input is secret (declaring the secret).
    private mutating func reference(_ name: String, _ input: JSONValue) -> String {
        guard input.flag("isSecret") == true else { return "{\(name)}" }
        let envName = name.uppercased().map { $0.isLetter || $0.isNumber ? String($0) : "_" }.joined()
        addSecret(name: secretName(name), env: envName, description: input.text("description"), required: input.flag("isRequired") ?? false)
        return "${\(envName)}"
    }

    /// Declares a parameter from an input's `description`, `default`, `format`, `choices`;
    /// it is required when the input is and has no default. Secrets are left to `reference`.
    private mutating func addInput(_ name: String, _ input: JSONValue, required isRequired: Bool) {
        guard input.flag("isSecret") != true, properties[name] == nil else { return }
        var property: [String: JSONValue] = [:]
        switch input.text("format")?.lowercased() {
        case "number": property["type"] = "number"
        case "boolean": property["type"] = "boolean"
        default: property["type"] = "string"
        }
        if input.text("format") == "filepath" { property["format"] = "filepath" }
        if let description = input.text("description") { property["description"] = .string(description) }
        let defaultValue = input.text("default")
        if let defaultValue { property["default"] = .string(defaultValue) }
        let choices = input.list("choices").compactMap(\.scalarText)
        if !choices.isEmpty { property["enum"] = .array(choices.map(JSONValue.string)) }
        if input.flag("isRepeated") == true {
            // A repeated input takes a list (one value is accepted too: it becomes a list of one).
            var item = property
            item["description"] = nil
            item["default"] = nil
            property = ["type": "array", "items": .object(item)]
            if let description = input.text("description") { property["description"] = .string(description) }
            if let defaultValue { property["default"] = .string(defaultValue) }
        }
        properties[name] = .object(property)
        if isRequired && defaultValue == nil && !required.contains(name) { required.append(name) }
    }

    private mutating func addSecret(name: String, env envName: String, description: String?, required isRequired: Bool) {
        if let index = secrets.firstIndex(where: { $0.env == envName }) {
            secrets[index].required = secrets[index].required || isRequired
            return
        }
        secrets.append(SecretRequirement(name: name, env: envName, description: description, required: isRequired))
    }

    /// `API_KEY` → `<namespace>.api_key`.
    private func secretName(_ variable: String) -> String {
        "\(namespace).\(variable.lowercased())"
    }

    /// `--api-url` → `api_url`.
    private func parameterName(fromFlag flag: String) -> String {
        let trimmed = flag.trimmingCharacters(in: CharacterSet(charactersIn: "-=")).lowercased()
        return trimmed.map { $0.isLetter || $0.isNumber ? String($0) : "_" }.joined()
    }
}

extension Array {
    /// `nil` for an empty array.
    var nilIfEmpty: Self? { isEmpty ? nil : self }
}
