import Foundation
import Logging
import RegistryCore
import Synchronization

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
    var statuses: [String: SourceStatus] { didSet { publishSearchView() } }
    var current = Catalog() { didSet { publishSearchView() } }
    /// Bumped whenever `current` is replaced, so a rebuild done off the actor can tell
    /// whether it started from the latest catalog.
    var catalogGeneration = 0
    var cacheWarnings: [String] = []
    /// Reads the stored index (`CatalogIndexFile`): what the first search waits for.
    var firstCatalogTask: Task<Void, Never>?
    /// Reads the source statuses, and without a usable stored index the per-source cache
    /// (after `firstCatalogTask`): what refreshes and statuses wait for.
    var loadTask: Task<Void, Never>?
    /// Reads the per-source snapshots once, when first needed (see `ensureSnapshots`).
    var snapshotTask: Task<Void, Never>?
    /// The stamps of the cache files the stored index matched when it was read.
    var indexStamps: [CatalogIndexFile.SourceStamp] = []
    /// `current` came from the stored index and has no snapshots yet.
    var servedFromIndex = false { didSet { publishSearchView() } }
    /// The stamps of the cache files `current`'s snapshots were read from or written to,
    /// by source id: the key of the next stored index.
    var cacheStamps: [String: CatalogIndexFile.SourceStamp] = [:]
    let indexFile: CatalogIndexFile
    var startupTask: Task<Void, Never>? { didSet { publishSearchView() } }
    /// The start-up re-read of local catalogs has finished.
    var startupFinished = false { didSet { publishSearchView() } }
    /// `loadTask` has finished (the statuses, or the per-source cache, are read).
    var loadFinished = false { didSet { publishSearchView() } }
    /// The settled catalog and the sources refreshing, for searches that do not enter the
    /// actor (`catalogForSearch`); `nil` until the first catalog is settled.
    nonisolated let searchView = Mutex<SearchView?>(nil)
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
            if self.servedFromIndex {
                await self.loadStatuses()
            } else {
                await self.ensureSnapshots()
            }
            self.loadFinished = true
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
}
