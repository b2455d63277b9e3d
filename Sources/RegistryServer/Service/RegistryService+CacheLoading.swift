import Foundation
import RegistryCore

/// Start-up from the cache: the stored index first (what the first search waits for), then
/// the source statuses; the per-source snapshots are read only when a refresh needs them
/// (to merge its result with the other sources), or at once when there is no usable index.
extension RegistryService {
    /// Serves the stored index when it matches the cache files (see `CatalogIndexFile`).
    func loadStoredIndex() async {
        let indexFile = self.indexFile
        let kindsByID = sources.mapValues(\.source.kind)
        let result = await BlockingWork.catalog.run { () -> Result<(Catalog, [CatalogIndexFile.SourceStamp]), CatalogIndexFile.LoadError> in
            let stamps = indexFile.stamps(kinds: kindsByID)
            do throws(CatalogIndexFile.LoadError) {
                return .success((try indexFile.load(stamps: stamps), stamps))
            } catch {
                return .failure(error)
            }
        }
        switch result {
        case .success(let (catalog, stamps)):
            current = catalog
            catalogGeneration += 1
            servedFromIndex = true
            indexStamps = stamps
            for stamp in stamps { cacheStamps[stamp.sourceID] = stamp }
        case .failure(.missing), .failure(.stale):
            logger.debug("catalog index not used: \(String(describing: result))")
        case .failure(let error):
            let warning = "\(indexFile.url.path): \(error); it will be rebuilt"
            logger.warning("\(warning)")
            cacheWarnings.append(warning)
        }
    }

    /// With the catalog served from the stored index: the persisted statuses, and for a
    /// source without one, its entry count in the catalog and the time its cache file was
    /// written as its last success.
    func loadStatuses() async {
        let cache = self.cache
        let stored = await BlockingWork.io.run { cache.loadStatuses() }
        apply(stored)
        let counts = current.countsBySource
        for stamp in indexStamps where statuses[stamp.sourceID]?.lastSuccess == nil {
            statuses[stamp.sourceID]?.entryCount = counts[stamp.sourceID] ?? 0
            statuses[stamp.sourceID]?.lastSuccess = Date(timeIntervalSince1970: Double(stamp.modifiedNanoseconds) / 1e9)
        }
    }

    /// Reads the per-source snapshots once: attaches them to the catalog served from the
    /// stored index when their files are the ones it was built from, else (no usable index,
    /// or a file rewritten since) merges and indexes them and stores the index.
    func ensureSnapshots() async {
        if snapshotTask == nil { snapshotTask = Task { await self.loadCache() } }
        await snapshotTask?.value
    }

    private func loadCache() async {
        let cache = self.cache
        let indexFile = self.indexFile
        let kindsByID = sources.mapValues(\.source.kind)
        let stored = servedFromIndex && !current.hasSnapshots ? current : nil
        let storedStamps = indexStamps
        // Reading and indexing 10,000 entries takes a few hundred ms: off the actor's thread.
        let (loaded, storedStatuses, catalog, stamps) = await BlockingWork.catalog.run {
            () -> (CatalogCache.LoadResult, [SourceStatus], Catalog, [CatalogIndexFile.SourceStamp]) in
            // Stamped before reading: a file rewritten meanwhile never matches the index.
            let stamps = indexFile.stamps(kinds: kindsByID)
            let loaded = cache.loadSnapshots()
            // Only configured sources are served; a removed source's cache is ignored.
            let snapshots = loaded.snapshots.filter { kindsByID[$0.key] != nil }
            let catalog: Catalog
            if let stored, stamps == storedStamps, Set(stored.kinds.keys) == Set(snapshots.keys) {
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
        if stored == nil { apply(storedStatuses) }
        let rebuilt = !catalog.index.entries.isStored
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
        if rebuilt, !snapshots.isEmpty { await storeIndex() }
    }

    /// Takes the persisted statuses of configured sources (never "refreshing").
    private func apply(_ stored: [SourceStatus]) {
        for stored in stored where sources[stored.sourceID] != nil {
            guard statuses[stored.sourceID]?.refreshing != true else { continue }
            var status = stored
            status.refreshing = false
            status.progress = nil
            status.kind = sources[stored.sourceID]!.source.kind
            status.location = sources[stored.sourceID]!.source.location
            statuses[stored.sourceID] = status
        }
    }

    /// Writes the stored index of `current`, keyed by the stamps of the cache files its
    /// snapshots came from; skipped while one of them was not written.
    func storeIndex() async {
        let catalog = current
        let stamps = catalog.kinds.keys.sorted().compactMap { cacheStamps[$0] }
        guard stamps.count == catalog.kinds.count else { return }
        let indexFile = self.indexFile
        let logger = self.logger
        await BlockingWork.catalog.run {
            do {
                try indexFile.save(catalog, stamps: stamps)
            } catch {
                logger.warning("could not write the catalog index: \(error)")
            }
        }
    }
}
