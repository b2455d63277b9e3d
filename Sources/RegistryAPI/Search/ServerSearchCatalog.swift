import CatalogSources
import Foundation
import RegistryCore

/// The registry's latest versions read as catalog entries, with RegistryCore's `SearchIndex`
/// over them, so that the registry's own searches (the web page, `/api/v1/servers/search`)
/// rank exactly as `registry-find` does: fuzzy, typo tolerant, names before descriptions.
/// (`GET /v0.1/servers?search=` stays the spec's substring match.)
///
/// The snapshot is rebuilt from the store when the store changed: before each use it asks
/// the store for its counts and for any version updated since the newest one it holds (two
/// small queries), which also catches what other replicas sharing PostgreSQL published.
/// It holds one record per server (its latest version) in memory.
public actor ServerSearchCatalog {
    public struct Snapshot: Sendable {
        /// The latest version of every server, ordered by name.
        public var records: [ServerRecord]
        /// `records[i]` read as a catalog entry (nil when its document could not be read).
        public var entries: [CatalogEntry?]
        public var statistics: RegistryStatistics
        var index: SearchIndex
        /// For each index position, the position in `records`.
        var recordOfIndexEntry: [Int]
        var newestUpdate: Int64
    }

    public let store: any RegistryStore
    /// The source id the entries carry (as the aggregator's `official` source names this registry).
    public let sourceID: String
    private var snapshot: Snapshot?

    public init(store: any RegistryStore, sourceID: String) {
        self.store = store
        self.sourceID = sourceID
    }

    /// The current snapshot, rebuilt first when the store changed.
    public func current() async throws -> Snapshot {
        let statistics = try await store.statistics()
        var seenUpdate: Int64 = 0
        if let snapshot {
            let changed = try await store.list(ServerListQuery(limit: 100, updatedSince: snapshot.newestUpdate, includeDeleted: true))
            if changed.records.isEmpty, snapshot.statistics == statistics { return snapshot }
            seenUpdate = changed.records.map(\.updatedAt).max() ?? snapshot.newestUpdate
        }
        var rebuilt = try await build(statistics: statistics)
        rebuilt.newestUpdate = max(rebuilt.newestUpdate, seenUpdate)
        snapshot = rebuilt
        return rebuilt
    }

    private func build(statistics: RegistryStatistics) async throws -> Snapshot {
        var records: [ServerRecord] = []
        var cursor: ServerCursor?
        repeat {
            let page = try await store.list(ServerListQuery(after: cursor, limit: 100, version: .latest))
            records += page.records
            cursor = page.next
        } while cursor != nil
        let entries = records.map { entry(for: $0) }
        var indexed: [CatalogEntry] = []
        var recordOfIndexEntry: [Int] = []
        for (position, entry) in entries.enumerated() {
            guard let entry else { continue }
            indexed.append(entry)
            recordOfIndexEntry.append(position)
        }
        return Snapshot(
            records: records, entries: entries, statistics: statistics,
            // One registry's names are distinct servers: none is folded into another.
            index: SearchIndex(entries: indexed, sourceKinds: [sourceID: "official"], groupingDuplicates: false),
            recordOfIndexEntry: recordOfIndexEntry, newestUpdate: records.map(\.updatedAt).max() ?? 0
        )
    }

    /// The record read as a catalog entry of this registry's source, as the aggregator's
    /// `official` source reads it, plus the publisher's tags (`_meta` publisher-provided
    /// `tags`, which hosted packages carry) so that a search finds a server by its tags.
    public nonisolated func entry(for record: ServerRecord) -> CatalogEntry? {
        guard let document = try? JSONDecoder().decode(JSONValue.self, from: Data(record.document.utf8)) else { return nil }
        let meta: JSONValue = [
            OfficialServerParser.officialMetaKey: [
                "status": .string(record.status.rawValue),
                "isLatest": .bool(record.isLatest),
                "publishedAt": .string(RegistryTime.text(record.publishedAt)),
            ],
        ]
        guard var entry = try? OfficialServerParser.entry(from: document, meta: meta, sourceID: sourceID, location: nil) else { return nil }
        let tags = document["_meta"]?[ServerDocumentValidator.publisherMetaKey]?["tags"]?.arrayValue?.compactMap(\.stringValue) ?? []
        for tag in tags where !entry.tags.contains(tag) { entry.tags.append(tag) }
        return entry
    }
}

extension ServerSearchCatalog.Snapshot {
    /// Positions in `records` of the servers matching `text`, best first; every matching
    /// server is its own hit. `total` counts them all, before `offset` and `limit`.
    public func search(_ text: String, limit: Int, offset: Int = 0) -> (positions: [Int], total: Int) {
        let result = index.search(SearchQuery(text: text, linkOnlyLimit: nil, limit: limit, offset: offset))
        return (result.hits.map { recordOfIndexEntry[$0.position] }, result.total)
    }
}
