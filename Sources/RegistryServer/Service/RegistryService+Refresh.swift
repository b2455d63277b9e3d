import CatalogSources
import Foundation
import RegistryCore
import Synchronization

/// What asking for a refresh did, per source.
public struct RefreshStart: Sendable, Hashable, Codable {
    public enum Outcome: String, Sendable, Codable {
        /// A refresh was started in the background.
        case started
        /// One was already running; the request joined it.
        case joined
        /// Refreshed too recently; `force` overrides.
        case cooldown
        /// No such source.
        case unknown
    }

    public var sourceID: String
    public var outcome: Outcome
    /// For `cooldown`: when a refresh will be allowed.
    public var retryAfter: Date?
}

extension RegistryService {
    /// Starts refreshing the given sources (all when `nil` or `["all"]`) in the background
    /// and returns at once with what was started. A running refresh is joined, not doubled;
    /// a source refreshed within its cooldown is skipped unless `force`.
    public func refresh(_ ids: [String]?, force: Bool) async -> [RefreshStart] {
        await loadTask?.value
        let wanted: [String]
        if let ids, !ids.isEmpty, !ids.contains(where: { $0.lowercased() == "all" }) {
            wanted = ids
        } else {
            wanted = sources.keys.sorted()
        }
        var result: [RefreshStart] = []
        for id in wanted {
            guard let managed = sources[id] else {
                result.append(RefreshStart(sourceID: id, outcome: .unknown))
                continue
            }
            if running[id] != nil {
                result.append(RefreshStart(sourceID: id, outcome: .joined))
                continue
            }
            if !force, let last = statuses[id]?.lastAttempt, now().timeIntervalSince(last) < managed.cooldown {
                result.append(RefreshStart(sourceID: id, outcome: .cooldown, retryAfter: last.addingTimeInterval(managed.cooldown)))
                continue
            }
            begin(managed)
            result.append(RefreshStart(sourceID: id, outcome: .started))
        }
        return result
    }

    /// Waits until every running refresh has finished (for the CLI and tests).
    public func waitForRefreshes() async {
        while let task = running.values.first {
            await task.value
        }
    }

    /// Refreshes every source whose last success is older than its interval.
    func refreshStale() async {
        let date = now()
        for (id, managed) in sources where running[id] == nil {
            let status = statuses[id]
            let fresh = status?.lastSuccess.map { date.timeIntervalSince($0) < managed.refreshInterval } ?? false
            let cooling = status?.lastAttempt.map { date.timeIntervalSince($0) < managed.cooldown } ?? false
            if !fresh && !cooling { begin(managed) }
        }
    }

    private func begin(_ managed: ManagedSource) {
        let id = managed.id
        statuses[id, default: SourceStatus(sourceID: id, kind: managed.source.kind, location: managed.source.location)].refreshing = true
        statuses[id]?.lastAttempt = now()
        let source = withProgressReporting(managed.source)
        running[id] = Task {
            // A catalog served from the stored index reads its snapshots once, when the
            // source has one to start from (an incremental refresh) or a result to merge.
            if self.cacheStamps[id] != nil { await self.ensureSnapshots() }
            let previous = self.current.snapshots[id]
            do {
                let snapshot = try await source.load(previous: previous)
                    await self.finish(id: id, kind: managed.source.kind, result: .success(snapshot))
            } catch {
                await self.finish(id: id, kind: managed.source.kind, result: .failure(error))
            }
        }
    }

    /// Git sources report transfer progress; it shows in `registry-status` while a refresh
    /// runs (at most one update per whole percent).
    private func withProgressReporting(_ source: any CatalogSource) -> any CatalogSource {
        guard var git = source as? GitCatalogSource else { return source }
        let id = source.id
        let lastPercent = ProgressGate()
        git.progress = { [weak self] progress in
            guard let fraction = progress.fraction, lastPercent.pass(Int(fraction * 100)) else { return }
            let text = "fetching: \(Int(fraction * 100))% of \(progress.totalObjects) objects"
            Task { await self?.setProgress(id, text) }
        }
        return git
    }

    func setProgress(_ id: String, _ text: String) {
        guard statuses[id]?.refreshing == true else { return }
        statuses[id]?.progress = text
    }

    private func finish(id: String, kind: String, result: Result<SourceSnapshot, Error>) async {
        switch result {
        case .success(let snapshot):
            await ensureSnapshots()
            if snapshot != current.snapshots[id] {
                // Merge and index off the actor; start again if another source's refresh
                // replaced the catalog meanwhile.
                while true {
                    let base = current
                    let generation = catalogGeneration
                    let next = await BlockingWork.catalog.run { () -> Catalog in
                        let next = base.replacing(sourceID: id, kind: kind, with: snapshot)
                        MemoryTrim.releaseFreePages()
                        return next
                    }
                    if generation == catalogGeneration {
                        current = next
                        catalogGeneration += 1
                        break
                    }
                }
                let cache = self.cache
                let logger = self.logger
                let indexFile = self.indexFile
                let stamp = await BlockingWork.catalog.run { () -> CatalogIndexFile.SourceStamp? in
                    do {
                        try cache.save(snapshot)
                        return indexFile.stamps(kinds: [id: kind]).first
                    } catch {
                        logger.warning("could not write the cache for \(id): \(error)")
                        return nil
                    }
                }
                cacheStamps[id] = stamp
                await storeIndex()
            }
            statuses[id]?.lastSuccess = now()
            statuses[id]?.lastError = nil
            statuses[id]?.entryCount = snapshot.entries.count
            statuses[id]?.revision = snapshot.revision
            statuses[id]?.problems = snapshot.problemsWithConfigurationIssues
            statuses[id]?.counters = snapshot.counters
            logger.info("refreshed \(id): \(snapshot.entries.count) entries, \(snapshot.problems.count) problems")
            running[id] = nil
            statuses[id]?.refreshing = false
            statuses[id]?.progress = nil
        case .failure(let error):
            running[id] = nil
            statuses[id]?.refreshing = false
            statuses[id]?.progress = nil
            // Keep the last good entries; report the error.
            statuses[id]?.lastError = "\(error)"
            logger.warning("refresh of \(id) failed: \(error)")
        }
        do {
            try cache.saveStatuses(statuses.values.sorted { $0.sourceID < $1.sourceID })
        } catch {
            logger.warning("could not write source statuses: \(error)")
        }
    }
}

/// Lets a value through only when it differs from the last one let through.
final class ProgressGate: Sendable {
    private let last = Mutex(-1)

    func pass(_ value: Int) -> Bool {
        last.withLock { last in
            guard value != last else { return false }
            last = value
            return true
        }
    }
}
