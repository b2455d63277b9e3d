import Foundation
import MCP
import RegistryCore

/// The short form of an entry in search and list results.
public struct EntrySummary: Sendable, Codable, Hashable {
    public var id: String
    public var name: String
    public var title: String?
    public var description: String
    public var categories: [String]
    public var tags: [String]
    public var sources: [String]
    public var official: Bool
    public var deprecated: Bool
    public var requiresCredentials: Bool
    public var launchable: Bool
    /// `container`, `package`, `remote` or `unknown`.
    public var launch: String
    /// The image, package or URL, when launchable.
    public var target: String?
    public var repository: String?
    /// Relevance, for search results.
    public var score: Double?

    public init(_ entry: CatalogEntry, score: Double? = nil) {
        id = entry.id
        name = entry.name
        title = entry.title
        description = entry.summary
        categories = entry.categories
        tags = entry.tags
        sources = entry.sourceIDs
        official = entry.flags.official
        deprecated = entry.flags.deprecated
        requiresCredentials = entry.requiresCredentials
        launchable = entry.isLaunchable
        launch = entry.launch.kind
        switch entry.launch {
        case .container(let container): target = container.image
        case .package(let package): target = package.identifier + (package.version.map { "@\($0)" } ?? "")
        case .remote(let remote): target = remote.url
        case .unknown: target = nil
        }
        repository = entry.repositoryURL
        self.score = score.map { ($0 * 1000).rounded() / 1000 }
    }

    /// The summary as an MCP value, built directly (search results are the hot path; a
    /// JSON round trip through `Codable` would cost more than the search itself).
    public var value: Value {
        var object: [String: Value] = [
            "id": .string(id),
            "name": .string(name),
            "description": .string(description),
            "categories": .array(categories.map(Value.string)),
            "tags": .array(tags.map(Value.string)),
            "sources": .array(sources.map(Value.string)),
            "official": .bool(official),
            "deprecated": .bool(deprecated),
            "requiresCredentials": .bool(requiresCredentials),
            "launchable": .bool(launchable),
            "launch": .string(launch),
        ]
        if let title { object["title"] = .string(title) }
        if let target { object["target"] = .string(target) }
        if let repository { object["repository"] = .string(repository) }
        if let score { object["score"] = .double(score) }
        return .object(object)
    }

    /// Two lines for the model: id, title and markers; then the description.
    public var text: String {
        var markers: [String] = [launch == "unknown" ? "not launchable (link only)" : launch]
        if official { markers.append("official") }
        if requiresCredentials { markers.append("needs credentials") }
        if deprecated { markers.append("deprecated") }
        var line = "\(id)"
        if let title, title.caseInsensitiveCompare(name) != .orderedSame || title != name { line += " — \(title)" }
        line += " [\(markers.joined(separator: ", "))]"
        let summary = description.isEmpty ? "(no description)" : Self.clip(description, 200)
        return line + "\n   " + summary + " (sources: \(sources.joined(separator: ", ")))"
    }

    static func clip(_ text: String, _ limit: Int) -> String {
        let flat = text.replacingOccurrences(of: "\n", with: " ")
        guard flat.count > limit else { return flat }
        return String(flat.prefix(limit - 1)) + "…"
    }
}
