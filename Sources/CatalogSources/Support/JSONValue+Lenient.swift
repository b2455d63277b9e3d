import Foundation
import RegistryCore

extension JSONValue {
    /// A member looked up by its camelCase name, or else by the snake_case form older schema
    /// versions used (`registryType` → `registry_type`); JSON `null` reads as missing.
    func lenient(_ camelCase: String) -> JSONValue? {
        guard case .object(let object) = self else { return nil }
        if let value = object[camelCase], value != .null { return value }
        let snake = Self.snakeCase(camelCase)
        if snake != camelCase, let value = object[snake], value != .null { return value }
        return nil
    }

    /// The member as trimmed, non-empty text; numbers and booleans as their text.
    func text(_ camelCase: String) -> String? {
        lenient(camelCase)?.scalarText
    }

    /// The member as a boolean (`true`, or the strings `"true"`/`"false"`).
    func flag(_ camelCase: String) -> Bool? {
        switch lenient(camelCase) {
        case .bool(let value)?: return value
        case .string(let value)?: return Bool(value.lowercased())
        default: return nil
        }
    }

    /// The member as an array of values (missing: empty; a lone value: one item).
    func list(_ camelCase: String) -> [JSONValue] {
        guard let value = lenient(camelCase) else { return [] }
        return value.arrayValue ?? [value]
    }

    /// A scalar as trimmed, non-empty text (integral numbers without a fraction).
    var scalarText: String? {
        let text: String
        switch self {
        case .string(let value): text = value.trimmingCharacters(in: .whitespacesAndNewlines)
        case .number(let value):
            text = value.rounded() == value && abs(value) < 1e15 ? String(Int64(value)) : String(value)
        case .bool(let value): text = value ? "true" : "false"
        default: return nil
        }
        return text.isEmpty ? nil : text
    }

    static func snakeCase(_ camelCase: String) -> String {
        var out = ""
        out.reserveCapacity(camelCase.count + 4)
        for character in camelCase {
            if character.isUppercase {
                out.append("_")
                out.append(contentsOf: character.lowercased())
            } else {
                out.append(character)
            }
        }
        return out
    }
}
