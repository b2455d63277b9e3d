import Foundation

/// Rendering a `ConfigValue` as JSON text that fits into an existing file.
extension ConfigValue {
    /// Pretty JSON: objects one member a line, indented from `indent` by `unit`;
    /// arrays of scalars stay on one line when short.
    func jsonText(indent: String, unit: String, newline: String = "\n") -> String {
        switch self {
        case .string(let value): return Self.quoted(value)
        case .bool(let value): return value ? "true" : "false"
        case .array(let values):
            if values.isEmpty { return "[]" }
            let inline = compactJSONText()
            let scalarsOnly = values.allSatisfy { if case .object = $0 { false } else if case .array = $0 { false } else { true } }
            if scalarsOnly, inline.count + indent.count <= 80 { return inline }
            let inner = indent + unit
            let items = values.map { inner + $0.jsonText(indent: inner, unit: unit, newline: newline) }
            return "[" + newline + items.joined(separator: "," + newline) + newline + indent + "]"
        case .object(let members):
            if members.isEmpty { return "{}" }
            let inner = indent + unit
            let lines = members.map {
                inner + Self.quoted($0.key) + ": " + $0.value.jsonText(indent: inner, unit: unit, newline: newline)
            }
            return "{" + newline + lines.joined(separator: "," + newline) + newline + indent + "}"
        }
    }

    /// JSON on one line (`{"command": "x", "args": ["serve"]}`).
    func compactJSONText() -> String {
        switch self {
        case .string(let value): return Self.quoted(value)
        case .bool(let value): return value ? "true" : "false"
        case .array(let values): return "[" + values.map { $0.compactJSONText() }.joined(separator: ", ") + "]"
        case .object(let members):
            return "{" + members.map { Self.quoted($0.key) + ": " + $0.value.compactJSONText() }.joined(separator: ", ") + "}"
        }
    }

    /// A JSON string literal (also a valid YAML double-quoted scalar).
    static func quoted(_ string: String) -> String {
        var out = "\""
        for scalar in string.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{08}": out += "\\b"
            case "\u{0C}": out += "\\f"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F {
                    out += String(format: "\\u%04x", scalar.value)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}
