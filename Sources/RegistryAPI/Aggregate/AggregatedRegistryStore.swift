import Foundation
import RegistryCore

/// A store that serves the merged catalog of every configured source beside the published
/// servers (`registry serve --aggregate`): reads see both, writes go to the published store.
///
/// - A published server hides the aggregated server of the same name: every read by name asks
///   the published store first, and a list page drops an aggregated record whose name a
///   published record on the same page has.
/// - Aggregated servers are read-only: editing, removing or changing the status of one is
///   `RegistryStoreError.notFound` from the published store.
/// - Each aggregated server has one version, its own latest, timestamped when the catalog was
///   last rebuilt, with its provenance under `_meta["io.mcp-registry/aggregate"]`.
public struct AggregatedRegistryStore: RegistryStore {
    /// The `_meta` key of an aggregated server's provenance.
    public static let metaKey = "io.mcp-registry/aggregate"

    public let published: any RegistryStore
    public let catalog: AggregateCatalog

    public init(published: any RegistryStore, catalog: AggregateCatalog) {
        self.published = published
        self.catalog = catalog
    }

    public func migrate() async throws { try await published.migrate() }

    public func list(_ query: ServerListQuery) async throws -> ServerPage {
        let page = try await published.list(query)
        let snapshot = await catalog.snapshot()
        let limit = max(1, min(query.limit, 100))
        var aggregated: [ServerRecord] = []
        var index = snapshot.start(after: query.after)
        while index < snapshot.records.count, aggregated.count <= limit {
            let record = snapshot.records[index]
            if Self.matches(record, query) { aggregated.append(record) }
            index += 1
        }
        let aggregateHasMore = aggregated.count > limit
        var merged = page.records
        let publishedNames = Set(page.records.map(\.name))
        merged += aggregated.filter { !publishedNames.contains($0.name) }
        merged.sort { Self.precedes($0, $1) }
        let more = merged.count > limit || page.next != nil || aggregateHasMore
        if merged.count > limit { merged.removeLast(merged.count - limit) }
        let next = more ? merged.last.map { ServerCursor(name: $0.name, version: $0.version) } : nil
        return ServerPage(records: merged, next: next)
    }

    public func versions(of name: String, includeDeleted: Bool) async throws -> [ServerRecord] {
        let records = try await published.versions(of: name, includeDeleted: includeDeleted)
        guard records.isEmpty else { return records }
        return await catalog.snapshot().record(named: name).map { [$0] } ?? []
    }

    public func version(_ version: String, of name: String) async throws -> ServerRecord? {
        if let record = try await published.version(version, of: name) { return record }
        guard try await published.versions(of: name, includeDeleted: true).isEmpty else { return nil }
        return await catalog.snapshot().record(named: name).flatMap { $0.version == version ? $0 : nil }
    }

    public func latest(of name: String) async throws -> ServerRecord? {
        if let record = try await published.latest(of: name) { return record }
        guard try await published.versions(of: name, includeDeleted: true).isEmpty else { return nil }
        return await catalog.snapshot().record(named: name)
    }

    public func publish(_ record: ServerRecord) async throws -> ServerRecord { try await published.publish(record) }

    public func replace(version: String, of name: String, document: String, description: String, at: Int64) async throws -> ServerRecord {
        try await published.replace(version: version, of: name, document: document, description: description, at: at)
    }

    public func remove(version: String, of name: String) async throws -> ServerRecord {
        try await published.remove(version: version, of: name)
    }

    public func setStatus(_ status: ServerStatus, message: String?, version: String?, of name: String, at: Int64) async throws -> [ServerRecord] {
        try await published.setStatus(status, message: message, version: version, of: name, at: at)
    }

    public func statistics() async throws -> RegistryStatistics {
        var statistics = try await published.statistics()
        statistics.aggregatedServers = await catalog.snapshot().records.count
        return statistics
    }

    public func insertToken(_ token: AccessTokenRecord) async throws { try await published.insertToken(token) }
    public func token(hash: String) async throws -> AccessTokenRecord? { try await published.token(hash: hash) }
    public func tokens() async throws -> [AccessTokenRecord] { try await published.tokens() }
    public func revokeToken(id: String, at: Int64) async throws -> Bool { try await published.revokeToken(id: id, at: at) }
    public func close() async throws { try await published.close() }

    /// The list filters of `ServerListQuery`, as the SQL store applies them.
    static func matches(_ record: ServerRecord, _ query: ServerListQuery) -> Bool {
        if !query.includeDeleted, query.updatedSince == nil, record.status == .deleted { return false }
        switch query.version {
        case .all, .latest: break
        case .exact(let version): guard record.version == version else { return false }
        }
        if let since = query.updatedSince, record.updatedAt <= since { return false }
        if let search = query.search?.lowercased(), !search.isEmpty {
            guard record.name.lowercased().contains(search) || record.description.lowercased().contains(search) else { return false }
        }
        return true
    }

    /// Name, then version, by bytes (the stores' `ORDER BY name, version`).
    static func precedes(_ left: ServerRecord, _ right: ServerRecord) -> Bool {
        if left.name != right.name { return left.name.utf8.lexicographicallyPrecedes(right.name.utf8) }
        return left.version.utf8.lexicographicallyPrecedes(right.version.utf8)
    }
}
