import Foundation
import RegistryCore

/// Where `registry serve --aggregate` gets the merged catalog from (the executable connects
/// the aggregator's `RegistryService`).
public protocol AggregateCatalogProvider: Sendable {
    /// The merged entries, in catalog order, and a number that changes whenever they do.
    func aggregateEntries() async -> (generation: Int, entries: [CatalogEntry])
}

/// The merged catalog as registry records, sorted by name (bytes) as the stores sort, rebuilt
/// when the provider's generation moves.
public actor AggregateCatalog {
    /// One built generation.
    public struct Snapshot: Sendable {
        /// Sorted by name, one record per server (each its own latest).
        public let records: [ServerRecord]
        let positions: [String: Int]

        init(records: [ServerRecord]) {
            self.records = records.sorted { $0.name.utf8.lexicographicallyPrecedes($1.name.utf8) }
            var positions: [String: Int] = [:]
            for (index, record) in self.records.enumerated() { positions[record.name] = index }
            self.positions = positions
        }

        /// The record named `name`.
        public func record(named name: String) -> ServerRecord? { positions[name].map { records[$0] } }

        /// The index of the first record after `cursor` (name, then version, by bytes).
        func start(after cursor: ServerCursor?) -> Int {
            guard let cursor else { return 0 }
            var low = 0
            var high = records.count
            while low < high {
                let middle = (low + high) / 2
                if Self.precedesOrEqual(records[middle], cursor) { low = middle + 1 } else { high = middle }
            }
            return low
        }

        private static func precedesOrEqual(_ record: ServerRecord, _ cursor: ServerCursor) -> Bool {
            if record.name == cursor.name { return !cursor.version.utf8.lexicographicallyPrecedes(record.version.utf8) }
            return record.name.utf8.lexicographicallyPrecedes(cursor.name.utf8)
        }
    }

    private let provider: any AggregateCatalogProvider
    private let now: @Sendable () -> Int64
    private var built: (generation: Int, snapshot: Snapshot)?

    public init(provider: any AggregateCatalogProvider, now: @escaping @Sendable () -> Int64 = RegistryTime.now) {
        self.provider = provider
        self.now = now
    }

    /// The current snapshot, built if the catalog changed since the last one.
    public func snapshot() async -> Snapshot {
        let (generation, entries) = await provider.aggregateEntries()
        if let built, built.generation == generation { return built.snapshot }
        let snapshot = Snapshot(records: Self.records(entries, at: now()))
        built = (generation, snapshot)
        return snapshot
    }

    /// One record per entry; its document is `ServerDocumentEncoder`'s, its provenance the
    /// `_meta` object `AggregatedRegistryStore.metaKey` serves.
    static func records(_ entries: [CatalogEntry], at time: Int64) -> [ServerRecord] {
        var names = AggregateNames()
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return entries.compactMap { entry in
            let name = names.name(for: entry)
            guard let document = try? encoder.encode(ServerDocumentEncoder.document(for: entry, name: name)),
                  let meta = try? encoder.encode(provenance(of: entry)) else { return nil }
            return ServerRecord(
                name: name, version: ServerDocumentEncoder.version(of: entry),
                document: String(decoding: document, as: UTF8.self), description: entry.summary,
                status: entry.flags.deprecated ? .deprecated : .active,
                statusChangedAt: time, publishedAt: time, updatedAt: time, isLatest: true,
                aggregateMeta: String(decoding: meta, as: UTF8.self)
            )
        }
    }

    /// `{"id", "sources": [{"source", "upstreamId", "location" (URLs only)}], "launch", "launchable",
    /// "description"?, "categories"?, "tags"?, "stars"?, "official"?, "aliases"?}`.
    static func provenance(of entry: CatalogEntry) -> JSONValue {
        var meta: [String: JSONValue] = [
            "id": .string(entry.id),
            "sources": .array(entry.provenance.map { provenance in
                var item: [String: JSONValue] = ["source": .string(provenance.sourceID), "upstreamId": .string(provenance.upstreamID)]
                // A URL only: a file path would tell the world about this machine's folders.
                if let location = provenance.location, location.hasPrefix("https://") || location.hasPrefix("http://") {
                    item["location"] = .string(location)
                }
                return .object(item)
            }),
            "launch": .string(entry.launch.kind),
            "launchable": .bool(entry.isLaunchable),
        ]
        if entry.summary.count > ServerDocumentEncoder.textLimit { meta["description"] = .string(entry.summary) }
        if !entry.categories.isEmpty { meta["categories"] = .array(entry.categories.map(JSONValue.string)) }
        if !entry.tags.isEmpty { meta["tags"] = .array(entry.tags.map(JSONValue.string)) }
        if let stars = entry.popularity.stars { meta["stars"] = .number(Double(stars)) }
        if entry.flags.official { meta["official"] = true }
        if !entry.aliases.isEmpty { meta["aliases"] = .array(entry.aliases.map(JSONValue.string)) }
        return .object(meta)
    }
}
