import RegistryAPI

/// What the web page's lists read from the registry's search catalog.
extension ServerSearchCatalog.Snapshot {
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

    /// The servers matching `text`, best first, as summaries (`search(_:limit:offset:)`).
    func summaries(matching text: String, limit: Int) -> (hits: [ServerSummary], total: Int) {
        let found = search(text, limit: limit)
        return (found.positions.map { ServerSummary(record: records[$0], entry: entries[$0]) }, found.total)
    }
}
