import Foundation

/// The quality prior of a catalog entry: what a user would weigh, before reading the text,
/// when several servers match a query about as well.
///
/// One function of the entry's own facts, so whatever computes those facts (parsers,
/// launchability checks) flows into the ranking:
/// - **launchability** (`LaunchSpec`, `CatalogEntry.isLaunchable`): a container image
///   above a remote above a package, all far above a bare link or a blocked definition;
/// - **curation** of the best source that lists it (`CatalogMerger.sourceRank`): the
///   user's own local catalogs, then the Docker and official registries, then
///   mcpservers.org, then link lists;
/// - **independent sources** listing it (its provenance after merging);
/// - **official** (publisher or source marked) and **featured** marks;
/// - **popularity** (stars, downloads) where a source reports it, on a log scale;
/// - **deprecated** upstream (archived): a penalty, not an exclusion.
public enum EntryQuality {
    /// The prior in `0...1` (higher is better).
    /// - Parameter sourceKinds: source id → source kind (`docker`, `awesome`, `local`…);
    ///   an unknown source counts as the least curated.
    public static func prior(_ entry: CatalogEntry, sourceKinds: [String: String]) -> Double {
        let launch: Double
        switch entry.isLaunchable ? entry.launch : .unknown {  // blocked counts as unknown
        case .container: launch = 1
        case .remote: launch = 0.9
        case .package: launch = 0.85
        case .unknown: launch = 0
        }
        var bestRank = 0
        var sources = Set<String>()
        for item in entry.provenance {
            sources.insert(item.sourceID)
            bestRank = max(bestRank, CatalogMerger.sourceRank(kind: sourceKinds[item.sourceID] ?? ""))
        }
        let curation = Double(bestRank) / 5
        let independent = Double(min(max(sources.count - 1, 0), 2)) / 2
        let marks = (entry.flags.official ? 0.7 : 0) + (entry.flags.featured ? 0.3 : 0)
        let popularity = min(entry.popularity.prior / 14, 1)  // ≈ 100k stars, or 1M stars+downloads mix
        var prior = 0.40 * launch + 0.30 * curation + 0.10 * independent + 0.10 * marks + 0.10 * popularity
        if entry.flags.deprecated { prior -= 0.15 }
        return min(max(prior, 0), 1)
    }
}
