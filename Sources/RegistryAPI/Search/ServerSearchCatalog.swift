import CatalogSources
import Foundation
import RegistryAPI
import RegistryCore

/// The registry's latest versions read as catalog entries, with RegistryCore's `SearchIndex`
/// over them, so the page's search ranks exactly as `registry-find` does (fuzzy, typo
/// tolerant, names before descriptions).
///
/// The snapshot is rebuilt from the store when the store changed: before each use it asks
/// the store for its counts and for any version updated since the newest one it holds (two
/// small queries), which also catches what other replicas sharing PostgreSQL published.
/// It holds one record per server (its latest version) in memory.
actor WebCatalog {
    struct Snapshot: Sendable {
        var records: [ServerRecord]
        /// `records[i]` read as a catalog entry (nil when its document could not be read).
        var entries: [CatalogEntry?]
        var index: SearchIndex
        /// For each index position, the position in `records`.
        var recordOfIndexEntry: [Int]
        var statistics: RegistryStatistics
        var newestUpdate: Int64
    }

    let store: any RegistryStore
    let sourceID: String
    private var snapshot: Snapshot?

    init(store: any RegistryStore, sourceID: String) {
        self.store = store
        self.sourceID = sourceID
    }

    /// The current snapshot, rebuilt first when the store changed.
    func current() async throws -> Snapshot {
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
            records: records, entries: entries,
            index: SearchIndex(entries: indexed, sourceKinds: [sourceID: "official"]),
            recordOfIndexEntry: recordOfIndexEntry, statistics: statistics,
            newestUpdate: records.map(\.updatedAt).max() ?? 0
        )
    }

    /// The record read as a catalog entry of this registry's source, as the aggregator's
    /// `official` source reads it.
    nonisolated func entry(for record: ServerRecord) -> CatalogEntry? {
        guard let document = try? JSONDecoder().decode(JSONValue.self, from: Data(record.document.utf8)) else { return nil }
        let meta: JSONValue = [
            OfficialServerParser.officialMetaKey: [
                "status": .string(record.status.rawValue),
                "isLatest": .bool(record.isLatest),
                "publishedAt": .string(RegistryTime.text(record.publishedAt)),
            ],
        ]
        return try? OfficialServerParser.entry(from: document, meta: meta, sourceID: sourceID, location: nil)
    }
}

extension WebCatalog.Snapshot {
    /// The newest servers first.
    func newest(limit: Int) -> [ServerSummary] {
        records.indices.sorted { records[$0].publishedAt > records[$1].publishedAt }.prefix(limit)
            .map { ServerSummary(record: records[$0], entry: entries[$0]) }
    }

    /// Summaries of the named servers, in the order given, with their download counts
    /// (names this snapshot does not hold are skipped).
    func summaries(_ counted: [(name: String, downloads: Int)]) -> [ServerSummary] {
        counted.compactMap { item in
            guard let index = records.firstIndex(where: { $0.name == item.name }) else { return nil }
            return ServerSummary(record: records[index], entry: entries[index], downloads: item.downloads)
        }
    }

    /// `SearchIndex` hits for `text`, best first, as summaries.
    func search(_ text: String, limit: Int) -> (hits: [ServerSummary], total: Int) {
        let result = index.search(SearchQuery(text: text, linkOnlyLimit: nil, limit: limit))
        let hits = result.hits.map { hit in
            let position = recordOfIndexEntry[hit.position]
            return ServerSummary(record: records[position], entry: entries[position])
        }
        return (hits, result.total)
    }
}
