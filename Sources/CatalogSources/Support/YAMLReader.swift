import Foundation
import RegistryCore
import Yams

/// A thin, lenient view over a parsed YAML node: keyed and indexed access that never
/// throws, scalars read as the text written, and a faithful conversion to `JSONValue`.
struct YAMLReader {
    let node: Node?

    init(_ node: Node?) { self.node = node }

    /// Parses a YAML document; an empty document reads as an empty mapping. The text is first
    /// checked by `YAMLBounds` (alias expansion, nesting); throws `YAMLBounds.Violation`, with
    /// Yams' own errors reduced to the same facts (kind, line, column; never the text).
    static func parse(_ text: String) throws(YAMLBounds.Violation) -> YAMLReader {
        try YAMLBounds.check(text)
        do {
            return YAMLReader(try Yams.compose(yaml: text))
        } catch let error as YamlError {
            throw YAMLBounds.Violation(error)
        } catch {
            throw .syntax(problem: "cannot be composed", line: 0, column: 0)
        }
    }

    /// The value under `key` in a mapping (missing or not a mapping: an empty reader).
    subscript(key: String) -> YAMLReader {
        guard case .mapping(let mapping)? = node else { return YAMLReader(nil) }
        for (k, v) in mapping where k.scalar?.string == key { return YAMLReader(v) }
        return YAMLReader(nil)
    }

    var exists: Bool {
        guard let node else { return false }
        if case .scalar = node, Self.tagName(node) == .null { return false }
        return true
    }

    var isMapping: Bool {
        if case .mapping? = node { return true }
        return false
    }

    /// The scalar exactly as written (numbers and booleans as their text), trimmed; `nil` when
    /// missing, null, empty or not a scalar.
    var text: String? {
        guard let node, case .scalar(let scalar) = node, Self.tagName(node) != .null else { return nil }
        let value = scalar.string.trimmingCharacters(in: .whitespacesAndNewlines)
        return value.isEmpty ? nil : value
    }

    /// A boolean scalar (`true`, `yes`, `on`…); `nil` otherwise.
    var bool: Bool? {
        guard case .scalar(let scalar)? = node else { return nil }
        return Bool.construct(from: scalar)
    }

    /// Items of a sequence; a lone scalar or mapping reads as one item; missing reads as none.
    var items: [YAMLReader] {
        switch node {
        case .sequence(let sequence)?: return sequence.map { YAMLReader($0) }
        case nil: return []
        default: return exists ? [self] : []
        }
    }

    /// Texts of a sequence of scalars (non-scalars skipped); a lone scalar is one text.
    var texts: [String] { items.compactMap(\.text) }

    /// Key/value pairs of a mapping, in document order.
    var pairs: [(key: String, value: YAMLReader)] {
        guard case .mapping(let mapping)? = node else { return [] }
        return mapping.compactMap { k, v in k.scalar.map { (key: $0.string, value: YAMLReader(v)) } }
    }

    /// The node as JSON: mappings become objects, sequences arrays, and scalars keep the
    /// type YAML resolves for them (quoted text stays a string; `1`, `1.5`, `true`, `null`
    /// become number, number, boolean, null).
    var json: JSONValue? {
        guard let node else { return nil }
        return Self.json(node)
    }

    /// The resolved tag of a node (`tag:yaml.org,2002:int`…).
    private static func tagName(_ node: Node) -> Tag.Name {
        Tag.Name(rawValue: node.tag.description)
    }

    private static func json(_ node: Node) -> JSONValue {
        switch node {
        case .scalar(let scalar):
            switch Self.tagName(node) {
            case .null: return .null
            case .bool: return Bool.construct(from: scalar).map(JSONValue.bool) ?? .string(scalar.string)
            case .int:
                if let value = Int.construct(from: scalar) { return .number(Double(value)) }
                return .string(scalar.string)
            case .float:
                if let value = Double.construct(from: scalar), value.isFinite { return .number(value) }
                return .string(scalar.string)
            default: return .string(scalar.string)
            }
        case .mapping(let mapping):
            var object: [String: JSONValue] = [:]
            object.reserveCapacity(mapping.count)
            for (key, value) in mapping {
                guard let name = key.scalar?.string else { continue }
                object[name] = json(value)
            }
            return .object(object)
        case .sequence(let sequence):
            return .array(sequence.map { json($0) })
        case .alias:
            return .null
        }
    }
}
