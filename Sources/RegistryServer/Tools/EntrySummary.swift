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
    /// `ready`, `needs-configuration`, `configuration-refused` or `unavailable` (`EntryReadiness`).
    public var status: String
    /// What must be set before it starts (names, with kind), when `needs-configuration`.
    public var missing: [String]
    /// Why the registry cannot start it, when `unavailable` or `configuration-refused`.
    public var unavailableReason: String?
    /// Other catalog entries that are the same server (forks, re-uploads), best first; at
    /// most `alternativeLimit` ids.
    public var alternatives: [String]
    /// How many alternatives there are in all.
    public var alternativeCount: Int

    /// Alternatives listed by id per result.
    static let alternativeLimit = 5

    /// - Parameters:
    ///   - readiness: computed by the caller (it may know the user's stored values); by
    ///     default from the entry's declarations alone.
    ///   - alternatives: ids of the other entries of the same server, best first.
    public init(_ entry: CatalogEntry, score: Double? = nil, readiness: EntryReadiness? = nil, alternatives: [String] = []) {
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
        launch = entry.launch.kind
        switch entry.launch {
        case .container(let container): target = container.image
        case .package(let package): target = package.identifier + (package.version.map { "@\($0)" } ?? "")
        case .remote(let remote): target = remote.url
        case .unknown: target = nil
        }
        repository = entry.repositoryURL
        self.score = score.map { ($0 * 1000).rounded() / 1000 }
        let readiness = readiness ?? EntryReadiness.of(entry)
        launchable = readiness.isLaunchable
        status = readiness.status
        switch readiness {
        case .ready:
            missing = []
            unavailableReason = nil
        case .needsConfiguration(let values):
            missing = values.map { "\($0.name) (\($0.kind))" }
            unavailableReason = nil
        case .unavailable(let reason), .refused(let reason):
            missing = []
            unavailableReason = reason
        }
        self.alternatives = Array(alternatives.prefix(Self.alternativeLimit))
        alternativeCount = alternatives.count
    }

    /// Two or three lines for the model: id, title and markers; the description; what it
    /// needs before it starts, and its alternatives.
    public var text: String {
        var markers: [String] = [launch == "unknown" ? "cannot start: link only" : launch]
        switch status {
        case "ready": markers.append("ready to start")
        case "needs-configuration": markers.append("needs configuration")
        case "configuration-refused": markers.append("configuration refused")
        default: break
        }
        if official { markers.append("official") }
        if requiresCredentials, status != "ready" { markers.append("needs credentials") }
        if deprecated { markers.append("deprecated") }
        var line = "\(id)"
        if let title, title.caseInsensitiveCompare(name) != .orderedSame || title != name { line += " — \(title)" }
        line += " [\(markers.joined(separator: ", "))]"
        let summary = description.isEmpty ? "(no description)" : Self.clip(description, 200)
        var text = line + "\n   " + summary + " (sources: \(sources.joined(separator: ", ")))"
        if !missing.isEmpty { text += "\n   To set first: " + missing.joined(separator: ", ") }
        if status == "configuration-refused", let unavailableReason { text += "\n   " + unavailableReason }
        if alternativeCount > 0 {
            let more = alternativeCount > alternatives.count ? " and \(alternativeCount - alternatives.count) more" : ""
            text += "\n   Same server also listed as: " + alternatives.joined(separator: ", ") + more
        }
        return text
    }

    static func clip(_ text: String, _ limit: Int) -> String {
        let flat = text.replacingOccurrences(of: "\n", with: " ")
        guard flat.count > limit else { return flat }
        return String(flat.prefix(limit - 1)) + "…"
    }
}
