/// Merges the entries of several sources: the same server listed by several sources
/// becomes one entry.
///
/// Entries match on the normalised repository URL and on package / image identifiers;
/// two entries of the same source never merge (a source's own ids are distinct servers).
/// The entry with the richest launch spec (then the higher-ranked source) owns the id;
/// the others' ids become aliases, their provenance is kept, and missing fields are
/// filled from them.
public enum CatalogMerger {
    /// Ranks source kinds: a launch spec from the Docker registry beats a bare link.
    public static func sourceRank(kind: String) -> Int {
        switch kind {
        case "local": 5
        case "docker": 4
        case "official": 3
        case "server-json": 3
        case "mcpservers": 2
        case "awesome": 1
        default: 0
        }
    }

    /// Merges snapshots (in the given order) into one list of entries, sorted by id.
    /// `kinds` maps a source id to its kind, for ranking.
    public static func merge(_ snapshots: [SourceSnapshot], kinds: [String: String]) -> [CatalogEntry] {
        // Positions, not copies: 10,000 entries are sorted and grouped by reference.
        struct Candidate {
            var snapshot: Int32
            var entry: Int32
            var rank: Int16
            var richness: Int16
        }
        var candidates: [Candidate] = []
        candidates.reserveCapacity(snapshots.reduce(0) { $0 + $1.entries.count })
        for (snapshotIndex, snapshot) in snapshots.enumerated() {
            let rank = Int16(sourceRank(kind: kinds[snapshot.sourceID] ?? ""))
            for (entryIndex, entry) in snapshot.entries.enumerated() {
                candidates.append(Candidate(
                    snapshot: Int32(snapshotIndex), entry: Int32(entryIndex), rank: rank,
                    richness: Int16(entry.launchBlockers.isEmpty ? entry.launch.richness : 0)))
            }
        }
        func entry(_ candidate: Candidate) -> CatalogEntry {
            snapshots[Int(candidate.snapshot)].entries[Int(candidate.entry)]
        }
        // Richest first, so the owner of a group is the first to arrive.
        candidates.sort {
            if $0.richness != $1.richness { return $0.richness > $1.richness }
            if $0.rank != $1.rank { return $0.rank > $1.rank }
            return entry($0).id < entry($1).id
        }

        var groups: [CatalogEntry] = []
        groups.reserveCapacity(candidates.count)
        var groupSources: [Set<String>] = []
        var keyToGroups: [String: [Int]] = [:]
        var seenIDs: Set<String> = []
        for candidate in candidates {
            let entry = entry(candidate)
            let lookup = EntryID.lookupKey(entry.id)
            guard seenIDs.insert(lookup).inserted else { continue }  // the same id twice: first wins
            let keys = matchKeys(entry)
            let sources = Set(entry.sourceIDs)
            var target: Int?
            search: for key in keys {
                for group in keyToGroups[key] ?? [] where groupSources[group].isDisjoint(with: sources) {
                    target = group
                    break search
                }
            }
            if let target {
                groups[target] = absorb(entry, into: groups[target])
                groupSources[target].formUnion(sources)
                for key in keys where !(keyToGroups[key]?.contains(target) ?? false) {
                    keyToGroups[key, default: []].append(target)
                }
            } else {
                let index = groups.count
                groups.append(entry)
                groupSources.append(sources)
                for key in keys { keyToGroups[key, default: []].append(index) }
            }
        }
        groups.sort { $0.id < $1.id }
        return groups
    }

    /// Keys that identify the same server across sources.
    static func matchKeys(_ entry: CatalogEntry) -> [String] {
        var keys: [String] = []
        if let repository = RepositoryURL.normalized(entry.repositoryURL) {
            keys.append("repo:" + repository)
        }
        switch entry.launch {
        case .container(let container):
            let image = container.image.lowercased()
            let withoutTag = image.split(separator: "@").first.map(String.init) ?? image
            var name = withoutTag
            if let colon = withoutTag.lastIndex(of: ":"), !withoutTag[colon...].contains("/") {
                name = String(withoutTag[..<colon])
            }
            keys.append("image:" + dockerHubShortName(name))
        case .package(let package):
            keys.append("package:\(package.registryType.lowercased()):\(package.identifier.lowercased())")
        case .remote(let remote):
            keys.append("remote:" + remote.url.lowercased())
        case .unknown:
            break
        }
        return keys
    }

    /// A Docker Hub image without its host (`docker.io/`, `index.docker.io/`,
    /// `registry-1.docker.io/`) or the `library/` namespace, as Docker's own definitions
    /// write it (`docker.io/mcp/grafana` → `mcp/grafana`, `docker.io/library/redis` → `redis`).
    static func dockerHubShortName(_ image: String) -> String {
        var name = image
        for host in ["docker.io/", "index.docker.io/", "registry-1.docker.io/", "registry.hub.docker.com/"] where name.hasPrefix(host) {
            name.removeFirst(host.count)
            break
        }
        if name.hasPrefix("library/") { name.removeFirst("library/".count) }
        return name
    }

    /// Folds `other` into `owner`: provenance, aliases, unions, and fields the owner lacks.
    static func absorb(_ other: CatalogEntry, into owner: CatalogEntry) -> CatalogEntry {
        var merged = owner
        for item in other.provenance where !merged.provenance.contains(item) {
            merged.provenance.append(item)
        }
        for alias in [other.id] + other.aliases where alias != merged.id && !merged.aliases.contains(alias) {
            merged.aliases.append(alias)
        }
        if merged.title == nil { merged.title = other.title }
        if merged.summary.isEmpty { merged.summary = other.summary }
        if merged.repositoryURL == nil { merged.repositoryURL = other.repositoryURL }
        if merged.homepageURL == nil { merged.homepageURL = other.homepageURL }
        if merged.iconURL == nil { merged.iconURL = other.iconURL }
        if merged.tools.isEmpty { merged.tools = other.tools }
        if !merged.isLaunchable, other.isLaunchable {
            merged.launch = other.launch
            merged.configuration = other.configuration
            merged.launchBlockers = other.launchBlockers
        }
        for category in other.categories where !merged.categories.contains(where: { $0.caseInsensitiveCompare(category) == .orderedSame }) {
            merged.categories.append(category)
        }
        for tag in other.tags where !merged.tags.contains(where: { $0.caseInsensitiveCompare(tag) == .orderedSame }) {
            merged.tags.append(tag)
        }
        merged.flags.official = merged.flags.official || other.flags.official
        merged.flags.featured = merged.flags.featured || other.flags.featured
        merged.flags.requiresCredentials = merged.flags.requiresCredentials || other.flags.requiresCredentials
        merged.popularity.stars = [merged.popularity.stars, other.popularity.stars].compactMap { $0 }.max()
        merged.popularity.downloads = [merged.popularity.downloads, other.popularity.downloads].compactMap { $0 }.max()
        return merged
    }
}
