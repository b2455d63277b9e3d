import Foundation
import RegistryCore

/// A small JSON Schema (draft-07) validator covering exactly the keywords that
/// `server.schema.json` uses: `$ref` (local `#/definitions/…`), `allOf`, `anyOf`, `oneOf`
/// (with the OpenAPI `discriminator` picking the branch, so errors name the field),
/// `not`, `const`, `enum`, `type`, `required`, `properties`, `additionalProperties`, `items`,
/// `minLength`/`maxLength` (in Unicode scalars), `pattern` and `format: uri`. Any other
/// keyword is ignored (annotations such as `description`, `example`).
///
/// No library for JSON Schema is among the packages this project may use, so this is ours;
/// it is tested against the official examples (valid and invalid).
public struct JSONSchemaValidator: Sendable {
    private let root: JSONValue
    private let patterns: PatternCache

    /// - Throws: `SchemaError` when a `pattern` does not compile.
    public init(schema: JSONValue) throws {
        root = schema
        patterns = try PatternCache(schema: schema)
    }

    /// Every rule the document breaks (empty when it is valid).
    public func validate(_ document: JSONValue) -> [ValidationIssue] {
        var issues: [ValidationIssue] = []
        check(document, against: root, path: "", into: &issues)
        return issues
    }

    public struct SchemaError: Error, Sendable, CustomStringConvertible {
        public let pattern: String
        public var description: String { "schema pattern does not compile: \(pattern)" }
    }

    // MARK: checking

    private func check(_ value: JSONValue, against schema: JSONValue, path: String, into issues: inout [ValidationIssue]) {
        guard let rules = schema.objectValue else { return }
        if let ref = rules["$ref"]?.stringValue {
            if let target = resolve(ref) { check(value, against: target, path: path, into: &issues) }
        }
        for part in rules["allOf"]?.arrayValue ?? [] {
            check(value, against: part, path: path, into: &issues)
        }
        if let branches = rules["anyOf"]?.arrayValue {
            checkAny(value, branches: branches, path: path, into: &issues)
        }
        if let branches = rules["oneOf"]?.arrayValue {
            checkOne(value, branches: branches, discriminator: rules["discriminator"], path: path, into: &issues)
        }
        if let excluded = rules["not"], isValid(value, excluded) {
            let shown = excluded["const"].map { " \(Self.render($0))" } ?? " the excluded form"
            issues.append(ValidationIssue(location: path, message: "must not be\(shown)"))
        }
        if let expected = rules["const"], expected != value {
            issues.append(ValidationIssue(location: path, message: "must be \(Self.render(expected))"))
        }
        if let options = rules["enum"]?.arrayValue, !options.contains(value) {
            issues.append(ValidationIssue(location: path, message: "must be one of \(options.map(Self.render).joined(separator: ", "))"))
        }
        if let type = rules["type"]?.stringValue, !Self.has(type: type, value) {
            issues.append(ValidationIssue(location: path, message: "must be \(Self.article(type)) \(type)"))
            return
        }
        switch value {
        case .string(let text): checkString(text, rules, path: path, into: &issues)
        case .array(let items): checkItems(items, rules, path: path, into: &issues)
        case .object(let members): checkObject(members, rules, path: path, into: &issues)
        default: break
        }
    }

    private func checkString(_ text: String, _ rules: [String: JSONValue], path: String, into issues: inout [ValidationIssue]) {
        let length = text.unicodeScalars.count
        if let min = rules["minLength"]?.numberValue, Double(length) < min {
            issues.append(ValidationIssue(location: path, message: min == 1 ? "must not be empty" : "must be at least \(Int(min)) characters long"))
        }
        if let max = rules["maxLength"]?.numberValue, Double(length) > max {
            issues.append(ValidationIssue(location: path, message: "must be at most \(Int(max)) characters long (is \(length))"))
        }
        if let pattern = rules["pattern"]?.stringValue, !patterns.matches(pattern, text) {
            issues.append(ValidationIssue(location: path, message: "must match the pattern \(pattern)"))
        }
        if rules["format"]?.stringValue == "uri", !Self.isURI(text) {
            issues.append(ValidationIssue(location: path, message: "must be an absolute URI"))
        }
    }

    private func checkItems(_ items: [JSONValue], _ rules: [String: JSONValue], path: String, into issues: inout [ValidationIssue]) {
        guard let itemSchema = rules["items"] else { return }
        for (index, item) in items.enumerated() {
            check(item, against: itemSchema, path: "\(path)[\(index)]", into: &issues)
        }
    }

    private func checkObject(_ members: [String: JSONValue], _ rules: [String: JSONValue], path: String, into issues: inout [ValidationIssue]) {
        for key in rules["required"]?.arrayValue?.compactMap(\.stringValue) ?? [] where members[key] == nil {
            issues.append(ValidationIssue(location: Self.join(path, key), message: "is required"))
        }
        let properties = rules["properties"]?.objectValue ?? [:]
        for key in members.keys.sorted() {
            guard let member = members[key] else { continue }
            if let propertySchema = properties[key] {
                check(member, against: propertySchema, path: Self.join(path, key), into: &issues)
            } else if let additional = rules["additionalProperties"] {
                if additional == .bool(false) {
                    issues.append(ValidationIssue(location: Self.join(path, key), message: "is not an allowed property"))
                } else if additional.objectValue != nil {
                    check(member, against: additional, path: Self.join(path, key), into: &issues)
                }
            }
        }
    }

    private func checkAny(_ value: JSONValue, branches: [JSONValue], path: String, into issues: inout [ValidationIssue]) {
        var best: [ValidationIssue]?
        for branch in branches {
            var branchIssues: [ValidationIssue] = []
            check(value, against: branch, path: path, into: &branchIssues)
            if branchIssues.isEmpty { return }
            if best == nil || branchIssues.count < best!.count { best = branchIssues }
        }
        issues.append(contentsOf: best ?? [])
    }

    private func checkOne(_ value: JSONValue, branches: [JSONValue], discriminator: JSONValue?, path: String, into issues: inout [ValidationIssue]) {
        if let property = discriminator?["propertyName"]?.stringValue, let mapping = discriminator?["mapping"]?.objectValue,
            let chosen = value[property]?.stringValue
        {
            guard let target = mapping[chosen]?.stringValue else {
                let known = mapping.keys.sorted().joined(separator: ", ")
                issues.append(ValidationIssue(location: Self.join(path, property), message: "must be one of \(known)"))
                return
            }
            let name = target.split(separator: "/").last.map(String.init) ?? target
            check(value, against: ["$ref": .string("#/definitions/\(name)")], path: path, into: &issues)
            return
        }
        let passing = branches.filter { isValid(value, $0) }.count
        if passing == 1 { return }
        if passing > 1 {
            issues.append(ValidationIssue(location: path, message: "matches more than one of the allowed forms"))
        } else {
            checkAny(value, branches: branches, path: path, into: &issues)
        }
    }

    private func isValid(_ value: JSONValue, _ schema: JSONValue) -> Bool {
        var scratch: [ValidationIssue] = []
        check(value, against: schema, path: "", into: &scratch)
        return scratch.isEmpty
    }

    private func resolve(_ ref: String) -> JSONValue? {
        guard ref.hasPrefix("#/") else { return nil }
        var node: JSONValue? = root
        for part in ref.dropFirst(2).split(separator: "/") {
            node = node?[String(part).replacingOccurrences(of: "~1", with: "/").replacingOccurrences(of: "~0", with: "~")]
        }
        return node
    }
}
