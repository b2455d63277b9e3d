import Foundation
import Logging
import RegistryCore

/// The registry's catalog state: the cached catalog served at once at start-up, the
/// sources and their statuses, and background refreshes that swap in a new catalog.
///
/// Searches never wait on the network: they wait only for the first read of the local
/// cache, which happens right after start-up.
public actor RegistryService {
    public let paths: RegistryPaths
    public let startedAt: Date
    let cache: CatalogCache
    let logger: Logger
    var sources: [String: ManagedSource]
    var statuses: [String: SourceStatus]
    var current = Catalog()
    /// Bumped whenever `current` is replaced, so a rebuild done off the actor can tell
    /// whether it started from the latest catalog.
    var catalogGeneration = 0
    var cacheWarnings: [String] = []
    var loadTask: Task<Void, Never>?
    var startupTask: Task<Void, Never>?
    /// The start-up re-read of local catalogs has finished.
    var startupFinished = false
    var running: [String: Task<Void, Never>] = [:]
    var schedulerTask: Task<Void, Never>?
    let now: @Sendable () -> Date

    public init(
        paths: RegistryPaths,
        sources: [ManagedSource],
        logger: Logger = Logger(label: "mcp-registry.catalog"),
        now: @escaping @Sendable () -> Date = Date.init
    ) {
        self.paths = paths
        self.cache = CatalogCache(paths: paths)
        self.logger = logger
        self.now = now
        self.startedAt = now()
        var byID: [String: ManagedSource] = [:]
        var statuses: [String: SourceStatus] = [:]
        for managed in sources {
            byID[managed.id] = managed
            statuses[managed.id] = SourceStatus(sourceID: managed.id, kind: managed.source.kind, location: managed.source.location)
        }
        self.sources = byID
        self.statuses = statuses
    }

    /// Reads the cache in the background; with `autoRefresh`, then refreshes sources that
    /// are stale and keeps doing so on a schedule. Returns at once.
    public func start(autoRefresh: Bool) {
        guard loadTask == nil else { return }
        loadTask = Task { await self.loadCache() }
        let local = sources.values.filter(\.refreshesAtStart).map(\.id)
        if !local.isEmpty {
            startupTask = Task {
                await self.loadTask?.value
                _ = await self.refresh(local, force: true)
                for id in local { await self.running[id]?.value }
                self.startupFinished = true
            }
        }
        if autoRefresh {
            schedulerTask = Task { [weak self] in
                await self?.loadTask?.value
                while !Task.isCancelled {
                    await self?.refreshStale()
                    try? await Task.sleep(for: .seconds(60))
                }
            }
        }
    }

    /// Waits for the cache read and the start-up re-read of local catalogs.
    public func waitForStartupRefreshes() async {
        await loadTask?.value
        await startupTask?.value
        await waitForRefreshes()
    }

    /// Stops the scheduler and running refreshes.
    public func shutdown() {
        schedulerTask?.cancel()
        for task in running.values { task.cancel() }
    }

    /// The current catalog (after the cache has been read).
    public func catalog() async -> Catalog {
        if loadTask == nil { start(autoRefresh: false) }
        await loadTask?.value
        return current
    }

    /// The current catalog and a number that changes whenever it is replaced (for views built
    /// from it, such as `registry serve --aggregate`).
    public func catalogAndGeneration() async -> (catalog: Catalog, generation: Int) {
        let catalog = await catalog()
        return (catalog, catalogGeneration)
    }

    /// Every source's status, sorted by id.
    public func sourceStatuses() async -> [SourceStatus] {
        await loadTask?.value
        return statuses.values.sorted { $0.sourceID < $1.sourceID }
    }

    /// Problems found reading the cache (each file is rebuilt on the next refresh).
    public func warnings() -> [String] { cacheWarnings }

    /// The ids of the configured sources.
    public var sourceIDs: [String] { sources.keys.sorted() }

    private func loadCache() async {
        let cache = self.cache
        let kindsByID = sources.mapValues(\.source.kind)
        // Reading and indexing 10,000 entries takes a few hundred ms: off the actor's thread.
        let (loaded, storedStatuses, catalog) = await BlockingWork.catalog.run { () -> (CatalogCache.LoadResult, [SourceStatus], Catalog) in
            let loaded = cache.loadSnapshots()
            // Only configured sources are served; a removed source's cache is ignored.
            let snapshots = loaded.snapshots.filter { kindsByID[$0.key] != nil }
            let kinds = snapshots.keys.reduce(into: [String: String]()) { $0[$1] = kindsByID[$1] }
            let catalog = Catalog(snapshots: snapshots, kinds: kinds)
            MemoryTrim.releaseFreePages()
            return (loaded, cache.loadStatuses(), catalog)
        }
        for warning in loaded.warnings { logger.warning("\(warning)") }
        cacheWarnings = loaded.warnings
        for stored in storedStatuses where sources[stored.sourceID] != nil {
            var status = stored
            status.refreshing = false
            status.progress = nil
            status.kind = sources[stored.sourceID]!.source.kind
            status.location = sources[stored.sourceID]!.source.location
            statuses[stored.sourceID] = status
        }
        current = catalog
        catalogGeneration += 1
        let snapshots = catalog.snapshots
        for (id, snapshot) in snapshots {
            statuses[id]?.entryCount = snapshot.entries.count
            statuses[id]?.problems = snapshot.problemsWithConfigurationIssues
            statuses[id]?.counters = snapshot.counters
            statuses[id]?.revision = snapshot.revision
            if statuses[id]?.lastSuccess == nil { statuses[id]?.lastSuccess = snapshot.loadedAt }
        }
    }
}
