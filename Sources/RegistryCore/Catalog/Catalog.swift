/// The merged catalog at one moment: entries, their search index and id lookup.
///
/// A value: a refresh builds a new one (reusing the previous index's analysed entries)
/// and swaps it in, so searches never wait on a refresh.
public struct Catalog: Sendable {
    /// The per-source snapshots it was built from, by source id.
    public let snapshots: [String: SourceSnapshot]
    /// Source kinds by id (for merge ranking).
    public let kinds: [String: String]
    /// The search index; its `entries` are the merged entries, sorted by id.
    public let index: SearchIndex
    let byID: [String: Int]
    /// Entry counts per source id (an entry listed by two sources counts for both).
    public let countsBySource: [String: Int]

    /// The merged entries, sorted by id.
    public var entries: EntryList { index.entries }

    /// An empty catalog.
    public init() {
        self.init(snapshots: [:], kinds: [:])
    }

    /// Merges the snapshots and indexes the result, reusing `previous`'s analysis.
    public init(snapshots: [String: SourceSnapshot], kinds: [String: String], reusing previous: Catalog? = nil) {
        self.snapshots = snapshots
        self.kinds = kinds
        let ordered = snapshots.keys.sorted().compactMap { snapshots[$0] }
        let merged = CatalogMerger.merge(ordered, kinds: kinds)
        self.index = SearchIndex(entries: merged, sourceKinds: kinds, reusing: previous?.index)
        var byID: [String: Int] = [:]
        byID.reserveCapacity(merged.count)
        for (position, entry) in merged.enumerated() {
            byID[EntryID.lookupKey(entry.id)] = position
        }
        for (position, entry) in merged.enumerated() {
            for alias in entry.aliases where byID[EntryID.lookupKey(alias)] == nil {
                byID[EntryID.lookupKey(alias)] = position
            }
        }
        self.byID = byID
        var counts: [String: Int] = [:]
        for entry in merged {
            for source in Set(entry.sourceIDs) { counts[source, default: 0] += 1 }
        }
        self.countsBySource = counts
    }

    /// A catalog read back from a stored index (`CatalogIndexFile`): its snapshots come
    /// later (`attaching(_:)`), since a search needs only the index.
    init(index: SearchIndex, kinds: [String: String], byID: [String: Int], countsBySource: [String: Int], snapshots: [String: SourceSnapshot] = [:]) {
        self.snapshots = snapshots
        self.kinds = kinds
        self.index = index
        self.byID = byID
        self.countsBySource = countsBySource
    }

    /// This catalog with the snapshots it was built from, for the next merge and for source
    /// statuses; neither merges nor re-indexes.
    public func attaching(_ snapshots: [String: SourceSnapshot]) -> Catalog {
        Catalog(index: index, kinds: kinds, byID: byID, countsBySource: countsBySource, snapshots: snapshots)
    }

    /// Whether its snapshots are there (a catalog read from a stored index has none until
    /// `attaching(_:)`).
    public var hasSnapshots: Bool { !snapshots.isEmpty || kinds.isEmpty }

    /// The catalog with one source's snapshot replaced (or removed when `nil`).
    public func replacing(sourceID: String, kind: String, with snapshot: SourceSnapshot?) -> Catalog {
        var snapshots = self.snapshots
        var kinds = self.kinds
        snapshots[sourceID] = snapshot
        kinds[sourceID] = snapshot == nil ? nil : kind
        return Catalog(snapshots: snapshots, kinds: kinds, reusing: self)
    }

    /// The entry with this id or alias (case-insensitive).
    public func entry(id: String) -> CatalogEntry? {
        byID[EntryID.lookupKey(id)].map { index.entries[$0] }
    }

    /// The id of the entry at `position` (a search hit's or alternative's), without
    /// decoding the entry.
    public func entryID(at position: Int) -> String { index.entryIDs[position] }

    /// Ids that look like `id`, for "did you mean" messages.
    public func suggestions(for id: String, limit: Int = 3) -> [String] {
        let tail = id.split(separator: "/").last.map(String.init) ?? id
        return index.search(SearchQuery(text: tail, limit: limit)).hits.map { index.entryIDs[$0.position] }
    }

    /// Runs a search (see `SearchIndex.search`): a page of hits with their entries, how
    /// many results matched, and how many link-only matches the query's allowance left out.
    public func search(_ query: SearchQuery) -> (hits: [(entry: CatalogEntry, hit: SearchHit)], total: Int, heldBackLinkOnly: Int) {
        let result = index.search(query)
        return (result.hits.map { (index.entries[$0.position], $0) }, result.total, result.heldBackLinkOnly)
    }
}
