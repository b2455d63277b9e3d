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
    /// Reads the stored index (`CatalogIndexFile`): what the first search waits for.
    var firstCatalogTask: Task<Void, Never>?
    /// Reads the per-source cache (after `firstCatalogTask`): what refreshes wait for.
    var loadTask: Task<Void, Never>?
    /// `current` came from the stored index and has no snapshots yet.
    var servedFromIndex = false
    /// The stamps of the cache files `current`'s snapshots were read from or written to,
    /// by source id: the key of the next stored index.
    var cacheStamps: [String: CatalogIndexFile.SourceStamp] = [:]
    let indexFile: CatalogIndexFile
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
        self.indexFile = CatalogIndexFile(cache: cache)
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
        let first = Task { await self.loadStoredIndex() }
        firstCatalogTask = first
        loadTask = Task {
            await first.value
            await self.loadCache()
        }
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

    /// The current catalog: after the stored index has been read, or when there is none
    /// (or it is out of date), after the cache has been read, merged and indexed.
    public func catalog() async -> Catalog {
        if loadTask == nil { start(autoRefresh: false) }
        await firstCatalogTask?.value
        if !servedFromIndex { await loadTask?.value }
        return current
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

    /// Serves the stored index when it matches the cache files (see `CatalogIndexFile`).
    private func loadStoredIndex() async {
        let indexFile = self.indexFile
        let kindsByID = sources.mapValues(\.source.kind)
        let result = await BlockingWork.run { () -> Result<Catalog, CatalogIndexFile.LoadError> in
            do throws(CatalogIndexFile.LoadError) {
                return .success(try indexFile.load(stamps: indexFile.stamps(kinds: kindsByID)))
            } catch {
                return .failure(error)
            }
        }
        switch result {
        case .success(let catalog):
            current = catalog
            catalogGeneration += 1
            servedFromIndex = true
        case .failure(.missing), .failure(.stale):
            logger.debug("catalog index not used: \(String(describing: result))")
        case .failure(let error):
            let warning = "\(indexFile.url.path): \(error); it will be rebuilt"
            logger.warning("\(warning)")
            cacheWarnings.append(warning)
        }
    }

    /// Reads the per-source cache: attaches its snapshots to the catalog served from the
    /// stored index, or (without a usable index) merges and indexes them and stores the index.
    private func loadCache() async {
        let cache = self.cache
        let indexFile = self.indexFile
        let kindsByID = sources.mapValues(\.source.kind)
        let stored = servedFromIndex ? current : nil
        // Reading and indexing 10,000 entries takes a few hundred ms: off the actor's thread.
        let (loaded, storedStatuses, catalog, stamps) = await BlockingWork.run {
            () -> (CatalogCache.LoadResult, [SourceStatus], Catalog, [CatalogIndexFile.SourceStamp]) in
            // Stamped before reading: a file rewritten meanwhile never matches the index.
            let stamps = indexFile.stamps(kinds: kindsByID)
            let loaded = cache.loadSnapshots()
            // Only configured sources are served; a removed source's cache is ignored.
            let snapshots = loaded.snapshots.filter { kindsByID[$0.key] != nil }
            let catalog: Catalog
            if let stored, Set(stored.kinds.keys) == Set(snapshots.keys) {
                catalog = stored.attaching(snapshots)
            } else {
                let kinds = snapshots.keys.reduce(into: [String: String]()) { $0[$1] = kindsByID[$1] }
                catalog = Catalog(snapshots: snapshots, kinds: kinds)
            }
            MemoryTrim.releaseFreePages()
            return (loaded, cache.loadStatuses(), catalog, stamps)
        }
        for warning in loaded.warnings { logger.warning("\(warning)") }
        cacheWarnings += loaded.warnings
        for stamp in stamps { cacheStamps[stamp.sourceID] = stamp }
        for stored in storedStatuses where sources[stored.sourceID] != nil {
            var status = stored
            status.refreshing = false
            status.progress = nil
            status.kind = sources[stored.sourceID]!.source.kind
            status.location = sources[stored.sourceID]!.source.location
            statuses[stored.sourceID] = status
        }
        let rebuilt = !catalog.index.entries.isStored
        current = catalog
        catalogGeneration += 1
        servedFromIndex = true
        let snapshots = catalog.snapshots
        for (id, snapshot) in snapshots {
            statuses[id]?.entryCount = snapshot.entries.count
            statuses[id]?.problems = snapshot.problemsWithConfigurationIssues
            statuses[id]?.counters = snapshot.counters
            statuses[id]?.revision = snapshot.revision
            if statuses[id]?.lastSuccess == nil { statuses[id]?.lastSuccess = snapshot.loadedAt }
        }
        if rebuilt, !snapshots.isEmpty { await storeIndex() }
    }

    /// Writes the stored index of `current`, keyed by the stamps of the cache files its
    /// snapshots came from; skipped while one of them was not written.
    func storeIndex() async {
        let catalog = current
        let stamps = catalog.kinds.keys.sorted().compactMap { cacheStamps[$0] }
        guard stamps.count == catalog.kinds.count else { return }
        let indexFile = self.indexFile
        let logger = self.logger
        await BlockingWork.run {
            do {
                try indexFile.save(catalog, stamps: stamps)
            } catch {
                logger.warning("could not write the catalog index: \(error)")
            }
        }
    }
}
