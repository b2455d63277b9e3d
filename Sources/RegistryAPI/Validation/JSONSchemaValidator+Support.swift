import Foundation
import RegistryCore

extension JSONSchemaValidator {
    static func has(type: String, _ value: JSONValue) -> Bool {
        switch (type, value) {
        case ("string", .string), ("boolean", .bool), ("array", .array), ("object", .object), ("null", .null), ("number", .number): true
        case ("integer", .number(let number)): number.rounded() == number
        default: false
        }
    }

    static func article(_ type: String) -> String {
        ["array", "object", "integer"].contains(type) ? "an" : "a"
    }

    static func join(_ path: String, _ key: String) -> String {
        path.isEmpty ? key : "\(path).\(key)"
    }

    static func render(_ value: JSONValue) -> String {
        switch value {
        case .string(let text): "\"\(text)\""
        case .bool(let flag): flag ? "true" : "false"
        case .number(let number): number.rounded() == number ? String(Int64(number)) : String(number)
        case .null: "null"
        case .array, .object: "a structured value"
        }
    }

    /// An absolute URI: a scheme (`letter *( letter / digit / + / - / . )`), a colon, and no
    /// whitespace or control characters.
    static func isURI(_ text: String) -> Bool {
        guard let colon = text.firstIndex(of: ":"), colon != text.startIndex else { return false }
        let scheme = text[..<colon]
        guard let first = scheme.first, first.isASCII, first.isLetter,
            scheme.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "+-.".contains($0)) })
        else { return false }
        return !text.unicodeScalars.contains { $0.properties.isWhitespace || $0.value < 0x20 || $0.value == 0x7F }
            && text.count > scheme.count + 1
    }
}

/// The schema's `pattern`s, compiled once.
final class PatternCache: @unchecked Sendable {
    // Written only in init; read-only afterwards.
    private var compiled: [String: NSRegularExpression] = [:]

    init(schema: JSONValue) throws {
        try collect(schema)
    }

    func matches(_ pattern: String, _ text: String) -> Bool {
        guard let regex = compiled[pattern] else { return true }
        return regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
    }

    private func collect(_ node: JSONValue) throws {
        switch node {
        case .object(let members):
            if let pattern = members["pattern"]?.stringValue, compiled[pattern] == nil {
                do {
                    compiled[pattern] = try NSRegularExpression(pattern: pattern)
                } catch {
                    throw JSONSchemaValidator.SchemaError(pattern: pattern)
                }
            }
            for member in members.values { try collect(member) }
        case .array(let items):
            for item in items { try collect(item) }
        default:
            break
        }
    }
}
