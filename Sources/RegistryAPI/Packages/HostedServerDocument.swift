import Foundation
import RegistryCore

/// Builds the `server.json` of an uploaded package: from the publisher's own `server.json`
/// field when given, else from the form fields (`name`, `version`, `description`, `author`,
/// `repository`, `tags`), filling gaps from an `.mcpb` bundle's `manifest.json`. Either way
/// the document gets one package `{"registryType": "mcpb", "identifier": <download URL>,
/// "fileSha256": <digest>, "transport": {"type": "stdio"}}` (any `mcpb` package the
/// publisher listed is replaced), so any client of the official API can fetch and verify it.
/// `author` and `tags` go to `_meta["io.modelcontextprotocol.registry/publisher-provided"]`.
enum HostedServerDocument {
    /// A field that contradicts the publisher's `server.json`, or is missing.
    struct Conflict: Error, Equatable {
        var field: String
        var message: String
    }

    /// The name and version the upload declares (to build the download URL before the document).
    static func identity(fields: [String: String], manifest: JSONValue?) throws -> (name: String, version: String) {
        let document = try publisherDocument(fields)
        let name = fields["name"] ?? document?["name"]?.stringValue ?? manifest?["name"]?.stringValue
        let version = fields["version"] ?? document?["version"]?.stringValue ?? manifest?["version"]?.stringValue
        guard let name, !name.isEmpty else { throw Conflict(field: "name", message: "is required (namespace/name, e.g. io.github.team/weather)") }
        guard let version, !version.isEmpty else { throw Conflict(field: "version", message: "is required") }
        if let document {
            for (key, value) in [("name", name), ("version", version)] where document[key]?.stringValue != value {
                throw Conflict(field: key, message: "differs from the server.json field's \(key)")
            }
        }
        return (name, version)
    }

    /// The document as JSON, to be checked by `ServerDocumentValidator`.
    static func make(fields: [String: String], manifest: JSONValue?, downloadURL: String, sha256: String) throws -> Data {
        let identity = try identity(fields: fields, manifest: manifest)
        var members = try publisherDocument(fields)?.objectValue ?? [:]
        members["name"] = .string(identity.name)
        members["version"] = .string(identity.version)
        if let description = fields["description"] ?? members["description"]?.stringValue ?? manifest?["description"]?.stringValue {
            members["description"] = .string(description)
        }
        if let repository = fields["repository"], !repository.isEmpty {
            members["repository"] = .object(["url": .string(repository), "source": .string(source(of: repository))])
        }
        var packages = (members["packages"]?.arrayValue ?? []).filter { $0["registryType"]?.stringValue != "mcpb" }
        packages.append(.object([
            "registryType": .string("mcpb"), "identifier": .string(downloadURL), "version": .string(identity.version),
            "fileSha256": .string(sha256), "transport": .object(["type": .string("stdio")]),
        ]))
        members["packages"] = .array(packages)
        let author = fields["author"] ?? manifest?["author"]?["name"]?.stringValue
        let tags = tagList(fields["tags"])
        if author != nil || !tags.isEmpty {
            var meta = members["_meta"]?.objectValue ?? [:]
            var provided = meta[ServerDocumentValidator.publisherMetaKey]?.objectValue ?? [:]
            if let author { provided["author"] = .string(author) }
            if !tags.isEmpty { provided["tags"] = .array(tags.map(JSONValue.string)) }
            meta[ServerDocumentValidator.publisherMetaKey] = .object(provided)
            members["_meta"] = .object(meta)
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(JSONValue.object(members))
    }

    /// `tags` as a JSON array of strings or a comma-separated list; blanks dropped.
    static func tagList(_ text: String?) -> [String] {
        guard let text, !text.isEmpty else { return [] }
        if let array = try? JSONDecoder().decode([String].self, from: Data(text.utf8)) {
            return array.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        }
        return text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    private static func publisherDocument(_ fields: [String: String]) throws -> JSONValue? {
        guard let text = fields["server.json"] else { return nil }
        if let problem = ServerDocumentValidator.structureProblem(Data(text.utf8)) {
            throw Conflict(field: "server.json", message: problem)
        }
        guard let value = try? JSONDecoder().decode(JSONValue.self, from: Data(text.utf8)), value.objectValue != nil else {
            throw Conflict(field: "server.json", message: "is not a JSON object")
        }
        return value
    }

    private static func source(of repository: String) -> String {
        let host = URL(string: repository)?.host?.lowercased() ?? ""
        if host == "github.com" || host.hasSuffix(".github.com") { return "github" }
        if host == "gitlab.com" || host.hasSuffix(".gitlab.com") { return "gitlab" }
        return host.isEmpty ? "other" : host
    }
}
