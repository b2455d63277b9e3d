import RegistryCore

extension RegistryService {
    /// What a search reads: the current catalog and the ids of the sources refreshing now,
    /// as one value published whenever either changes.
    struct SearchView: Sendable {
        var catalog: Catalog
        var loading: [String]
    }

    /// Publishes `current` and the refreshing sources for `catalogForSearch`, once the
    /// first catalog is settled: the stored index is served or the cache is read, and the
    /// start-up re-read of local catalogs (if any) has finished. Called by the observers of
    /// everything that decides it, so the view never lags the actor's state.
    func publishSearchView() {
        let settled = (servedFromIndex || loadFinished) && (startupTask == nil || startupFinished)
        let view = settled
            ? SearchView(catalog: current, loading: statuses.values.filter(\.refreshing).map(\.sourceID).sorted()) : nil
        searchView.withLock { $0 = view }
    }
}
