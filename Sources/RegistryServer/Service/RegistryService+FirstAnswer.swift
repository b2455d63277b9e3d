import Foundation
import RegistryCore

extension RegistryService {
    /// The catalog for a search, right on the first call: after the cache is read, when the
    /// start-up re-read of local catalogs is still running (a fresh data folder), waits for
    /// it up to `timeout`. Returns the catalog and the ids of sources still loading, so a
    /// caller can say what is loading instead of "empty".
    ///
    /// Once the first catalog is settled it is read from `searchView` without entering the
    /// actor, so a search never waits behind the actor's other work (a refresh merging).
    public nonisolated func catalogForSearch(timeout: Duration = .seconds(5)) async -> (catalog: Catalog, loading: [String]) {
        if let view = searchView.withLock({ $0 }) { return (view.catalog, view.loading) }
        return await settledCatalog(timeout: timeout)
    }

    /// `catalogForSearch` before the first catalog is settled: waits for it on the actor.
    func settledCatalog(timeout: Duration) async -> (catalog: Catalog, loading: [String]) {
        _ = await catalog()
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: timeout)
        while startupTask != nil, !startupFinished, clock.now < deadline {
            try? await Task.sleep(for: .milliseconds(50))
        }
        let loading = statuses.values.filter(\.refreshing).map(\.sourceID).sorted()
        return (current, loading)
    }
}
