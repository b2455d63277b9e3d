import Foundation
import RegistryCore

extension RegistryService {
    /// The catalog for a search, right on the first call: after the cache is read, when the
    /// start-up re-read of local catalogs is still running (a fresh data folder), waits for
    /// it up to `timeout`. Returns the catalog and the ids of sources still loading, so a
    /// caller can say what is loading instead of "empty".
    public func catalogForSearch(timeout: Duration = .seconds(5)) async -> (catalog: Catalog, loading: [String]) {
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
