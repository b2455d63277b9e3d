import RegistryCore

/// Rewrites the registry's template references into server.json's `{name}` inputs and
/// declares each one in a `variables` object (server.json `InputWithVariables`):
/// - `{{name}}` (a Docker parameter reference without a filter) → `{name}`, declared from the
///   entry's parameter schema (`description`, `default`, `enum` → `choices`, required);
/// - `${ENV}` (a secret reference) → `{ENV}`, declared `isSecret: true`;
/// - `{name}` (already server.json's form) → declared from the schema when found there;
/// - a filtered Docker template (`{{name|volume}}`) has no server.json form and is kept.
struct TemplateRewriter {
    let parameters: [String: JSONValue]
    let required: Set<String>

    /// A positional argument: `{"type": "positional", "value": …}`.
    mutating func positional(_ word: String) -> JSONValue {
        var item: [String: JSONValue] = ["type": "positional"]
        let (value, variables) = rewrite(word)
        item["value"] = .string(value)
        if !variables.isEmpty { item["variables"] = .object(variables) }
        return .object(item)
    }

    /// A named argument: `{"type": "named", "name": flag, "value": …}`.
    mutating func named(_ flag: String, _ word: String) -> JSONValue {
        var item: [String: JSONValue] = ["type": "named", "name": .string(flag)]
        let (value, variables) = rewrite(word)
        item["value"] = .string(value)
        if !variables.isEmpty { item["variables"] = .object(variables) }
        return .object(item)
    }

    /// `text` in server.json's form and the inputs it references.
    func rewrite(_ text: String) -> (String, [String: JSONValue]) {
        var output = ""
        var variables: [String: JSONValue] = [:]
        var rest = Substring(text)
        while let open = rest.firstIndex(where: { $0 == "{" || $0 == "$" }) {
            output += rest[..<open]
            let tail = rest[open...]
            if tail.hasPrefix("{{"), let close = tail.range(of: "}}") {
                let name = String(tail[tail.index(open, offsetBy: 2)..<close.lowerBound]).trimmingCharacters(in: .whitespaces)
                if !name.isEmpty, name.allSatisfy(Self.isNameCharacter) {
                    output += "{\(name)}"
                    variables[name] = declaration(name)
                } else {
                    output += tail[..<close.upperBound]
                }
                rest = tail[close.upperBound...]
            } else if tail.hasPrefix("${"), let close = tail.firstIndex(of: "}"),
                      case let name = tail[tail.index(open, offsetBy: 2)..<close], !name.isEmpty, name.allSatisfy(Self.isNameCharacter) {
                output += "{\(name)}"
                variables[String(name)] = ["isSecret": true, "isRequired": true]
                rest = tail[tail.index(after: close)...]
            } else if tail.hasPrefix("{"), let close = tail.firstIndex(of: "}"),
                      case let name = tail[tail.index(after: open)..<close], !name.isEmpty, name.allSatisfy(Self.isNameCharacter) {
                output += tail[...close]
                variables[String(name)] = declaration(String(name))
                rest = tail[tail.index(after: close)...]
            } else {
                output.append(tail.first!)
                rest = tail.dropFirst()
            }
        }
        output += rest
        return (output, variables)
    }

    /// `{"description": …, "isRequired": …, "default": …, "choices": […], "format": …}`.
    private func declaration(_ name: String) -> JSONValue {
        // Docker writes `{{<server>.<parameter>}}` for a top-level parameter of its schema.
        let unqualified = name.split(separator: ".", maxSplits: 1).dropFirst().first.map(String.init)
        let property = parameters[name] ?? lookUpDotted(name) ?? unqualified.flatMap { parameters[$0] }
        var input: [String: JSONValue] = [:]
        if let description = property?["description"]?.stringValue { input["description"] = .string(description) }
        if let defaultValue = property?["default"], let text = defaultValue.stringValue ?? defaultValue.numberValue.map({ String($0) }) {
            input["default"] = .string(text)
        }
        if let choices = property?["enum"]?.arrayValue?.compactMap(\.stringValue), !choices.isEmpty {
            input["choices"] = .array(choices.map(JSONValue.string))
        }
        switch property?["type"]?.stringValue {
        case "number", "integer": input["format"] = "number"
        case "boolean": input["format"] = "boolean"
        default: break
        }
        if required.contains(name) || unqualified.map(required.contains) == true {
            input["isRequired"] = true
        }
        return .object(input)
    }

    /// `server.url` in a schema that nests `server: {properties: {url: …}}`.
    private func lookUpDotted(_ name: String) -> JSONValue? {
        var current: JSONValue? = .object(parameters)
        for part in name.split(separator: ".") {
            current = current?[String(part)] ?? current?["properties"]?[String(part)]
        }
        return current
    }

    private static func isNameCharacter(_ character: Character) -> Bool {
        character == "_" || character == "-" || character == "." || character.isLetter || character.isNumber
    }
}
