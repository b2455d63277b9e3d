import Foundation
import RegistryCore

/// The server.json `name` (`namespace/name`, pattern `^[a-zA-Z0-9.-]+/[a-zA-Z0-9._-]+$`) under
/// which a merged catalog entry is served by `registry serve --aggregate`, first rule that
/// applies:
/// 1. the entry's official-registry name (`io.github.user/weather`), when a source lists it
///    under one;
/// 2. `io.github.<owner>/<repository>` for a GitHub repository (the official registry's own
///    namespace for GitHub-authenticated publishers), the last folder of a
///    `/tree/<branch>/<folder>` URL standing for the repository (one server of a monorepo);
/// 3. `io.mcp-registry.<source id>/<upstream name>`.
/// Characters outside the pattern become `-`. Names are unique within one aggregate: a later
/// entry (entries come in catalog order) whose name is taken falls to the next rule, then
/// gets `-2`, `-3`….
public struct AggregateNames {
    private var taken = Set<String>()

    public init() {}

    /// A unique name for `entry`.
    public mutating func name(for entry: CatalogEntry) -> String {
        for candidate in Self.candidates(for: entry) where taken.insert(candidate.lowercased()).inserted {
            return candidate
        }
        let base = Self.candidates(for: entry).last ?? "io.mcp-registry/\(Self.clean(entry.name))"
        var counter = 2
        while !taken.insert("\(base)-\(counter)".lowercased()).inserted { counter += 1 }
        return "\(base)-\(counter)"
    }

    static func candidates(for entry: CatalogEntry) -> [String] {
        var names: [String] = []
        for provenance in entry.provenance where isReverseDNSName(provenance.upstreamID) {
            names.append(provenance.upstreamID)
        }
        if let repository = entry.repositoryURL, let name = gitHubName(repository) { names.append(name) }
        let own = entry.provenance.first
        let source = clean(own?.sourceID ?? "catalog", allowingDots: false)
        let upstream = clean((own?.upstreamID ?? entry.name).replacingOccurrences(of: "/", with: "."), allowingDots: true)
        names.append("io.mcp-registry.\(source)/\(upstream)")
        return names
    }

    /// Whether `text` already is a server.json name with a dotted namespace.
    static func isReverseDNSName(_ text: String) -> Bool {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].contains("."), text.count <= 200 else { return false }
        return parts[0].allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "." || $0 == "-") }
            && parts[1].allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "." || $0 == "-" || $0 == "_") }
            && !parts[0].isEmpty && !parts[1].isEmpty
    }

    /// `https://github.com/owner/repo[/tree/branch/…/folder]` → `io.github.owner/repo|folder`.
    static func gitHubName(_ url: String) -> String? {
        guard let components = URLComponents(string: url), components.host?.lowercased() == "github.com" else { return nil }
        let path = components.path.split(separator: "/").map(String.init)
        guard path.count >= 2 else { return nil }
        let owner = clean(path[0], allowingDots: false)
        var repository = path[1].hasSuffix(".git") ? String(path[1].dropLast(4)) : path[1]
        if path.count >= 4, path[2] == "tree" || path[2] == "blob", let folder = path.last, path.count > 4 {
            repository = folder
        }
        let name = clean(repository, allowingDots: true)
        guard !owner.isEmpty, !name.isEmpty else { return nil }
        return "io.github.\(owner)/\(name)"
    }

    /// `text` with every character outside `[A-Za-z0-9-]` (and `._` for a name) as `-`.
    static func clean(_ text: String, allowingDots: Bool = true) -> String {
        let mapped = text.map { character -> Character in
            if character.isASCII && (character.isLetter || character.isNumber || character == "-") { return character }
            if allowingDots && (character == "." || character == "_") { return character }
            return "-"
        }
        let trimmed = String(mapped).trimmingCharacters(in: CharacterSet(charactersIn: "-."))
        return String(trimmed.prefix(150))
    }
}
