import Foundation
import RegistryCore

/// Checks a `server.json` before it is published, on the server (`POST /v0.1/publish`, `PUT`)
/// and in `mcp-registry publish` before anything is sent.
///
/// Rules, in order: the body is JSON of at most `maxDepth` levels, an object; it conforms to
/// `server.schema.json` (see `JSONSchemaValidator`); and the official registry's own rules
/// hold (`ServerNameRules` for `name`; `version` is not `latest` and not a range such as
/// `^1.2`, `~1.2`, `>=1.2`, `1.x`, `1.*`; no control characters in `version`).
public struct ServerDocumentValidator: Sendable {
    /// Nesting deeper than this is refused before parsing (server.json needs about 8).
    public static let maxDepth = 32
    /// The `_meta` keys the registry owns; a publisher's values for them are dropped.
    public static let registryOwnedMetaPrefix = "io.modelcontextprotocol.registry/"
    public static let publisherMetaKey = "io.modelcontextprotocol.registry/publisher-provided"

    private let schema: JSONSchemaValidator

    public init(schema: JSONSchemaValidator) {
        self.schema = schema
    }

    /// The validator for the bundled `server.schema.json`.
    public static func bundled() throws -> ServerDocumentValidator {
        ServerDocumentValidator(schema: try JSONSchemaValidator(schema: BundledSpec.serverSchema()))
    }

    /// A document that passed every rule: the parsed value (registry-owned `_meta` keys
    /// removed) and its canonical JSON text.
    public struct Accepted: Sendable {
        public var document: JSONValue
        public var json: String
        public var name: String
        public var version: String
        public var description: String
    }

    /// Parses and checks `body`.
    /// - Throws: `DocumentRejection` with every issue found (`location` names the field).
    public func validate(_ body: Data) throws -> Accepted {
        if let problem = Self.structureProblem(body) {
            throw DocumentRejection(kind: .malformed, issues: [ValidationIssue(location: "", message: problem)])
        }
        let value: JSONValue
        do {
            value = try JSONDecoder().decode(JSONValue.self, from: body)
        } catch {
            throw DocumentRejection(kind: .malformed, issues: [ValidationIssue(location: "", message: "the body is not valid JSON")])
        }
        guard case .object(var members) = value else {
            throw DocumentRejection(kind: .invalid, issues: [ValidationIssue(location: "", message: "must be a JSON object (a server.json document)")])
        }
        var issues = schema.validate(value)
        issues += Self.officialRules(members)
        guard issues.isEmpty else { throw DocumentRejection(kind: .invalid, issues: issues) }

        if case .object(var meta)? = members["_meta"] {
            for key in meta.keys where key.hasPrefix(Self.registryOwnedMetaPrefix) && key != Self.publisherMetaKey {
                meta[key] = nil
            }
            members["_meta"] = meta.isEmpty ? nil : .object(meta)
        }
        let document = JSONValue.object(members)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let json = String(decoding: try encoder.encode(document), as: UTF8.self)
        return Accepted(
            document: document, json: json,
            name: members["name"]?.stringValue ?? "", version: members["version"]?.stringValue ?? "",
            description: members["description"]?.stringValue ?? ""
        )
    }

    /// The registry's rules beyond the schema.
    static func officialRules(_ members: [String: JSONValue]) -> [ValidationIssue] {
        var issues: [ValidationIssue] = []
        if let name = members["name"]?.stringValue, let problem = ServerNameRules.problem(name) {
            issues.append(ValidationIssue(location: "name", message: problem))
        }
        if let version = members["version"]?.stringValue, let problem = versionProblem(version) {
            issues.append(ValidationIssue(location: "version", message: problem))
        }
        return issues
    }

    /// Why `version` cannot be published, or nil.
    public static func versionProblem(_ version: String) -> String? {
        if version.isEmpty { return "must not be empty" }
        if version == "latest" { return "'latest' is reserved; publish a specific version" }
        if version.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F || $0 == "/" }) {
            return "must not contain control characters or '/'"
        }
        let range = version.hasPrefix("^") || version.hasPrefix("~") || version.hasPrefix(">") || version.hasPrefix("<")
            || version.hasPrefix("=") || version.contains(" ") || version.contains("||")
            || version.split(separator: ".").contains { $0 == "x" || $0 == "X" || $0 == "*" }
        if range { return "must be a specific version, not a range ('\(version)')" }
        return nil
    }

    /// Nesting deeper than `maxDepth`, or a NUL byte, found by one pass over the bytes
    /// (strings skipped), so that no parser ever recurses that deep.
    static func structureProblem(_ body: Data) -> String? {
        var depth = 0
        var inString = false
        var escaped = false
        for byte in body {
            if byte == 0 { return "the body contains a NUL byte" }
            if inString {
                if escaped { escaped = false } else if byte == UInt8(ascii: "\\") { escaped = true } else if byte == UInt8(ascii: "\"") { inString = false }
                continue
            }
            switch byte {
            case UInt8(ascii: "\""): inString = true
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                depth += 1
                if depth > maxDepth { return "the JSON is nested more than \(maxDepth) levels deep" }
            case UInt8(ascii: "}"), UInt8(ascii: "]"): depth -= 1
            default: break
            }
        }
        return nil
    }
}

/// Why a document was refused: not JSON at all (`malformed`) or JSON that breaks a rule
/// (`invalid`), with each issue.
public struct DocumentRejection: Error, Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        case malformed
        case invalid
    }

    public var kind: Kind
    public var issues: [ValidationIssue]
}
