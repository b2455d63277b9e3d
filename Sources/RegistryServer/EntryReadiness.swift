import ContainerRuntime
import Gateway
import RegistryCore

/// Whether a catalog entry can be started now, needs configuration first (which), or
/// cannot be started by the registry (why): what `registry-find` and `registry-list` show
/// beside each result.
public enum EntryReadiness: Sendable, Hashable {
    /// Launchable, and everything it requires is set (or it requires nothing).
    case ready
    /// Launchable once these values are set (`registry-config-set`).
    case needsConfiguration([MissingValue])
    /// The registry cannot start it.
    case unavailable(reason: String)

    /// `ready`, `needs-configuration` or `unavailable`.
    public var status: String {
        switch self {
        case .ready: "ready"
        case .needsConfiguration: "needs-configuration"
        case .unavailable: "unavailable"
        }
    }

    /// What an entry still needs: checked against the user's stored values and secrets
    /// when `gateway` is given, else against its declarations alone (nothing set).
    public static func of(_ entry: CatalogEntry, gateway: Gateway?) -> EntryReadiness {
        of(entry, stored: needsStores(entry) ? gateway?.storedConfiguration() : nil)
    }

    /// Readiness of many entries at once: the stores are read once, and only when one of
    /// them declares configuration.
    public static func of(_ entries: [CatalogEntry], gateway: Gateway?) -> [EntryReadiness] {
        let stored = gateway != nil && entries.contains(where: needsStores) ? gateway?.storedConfiguration() : nil
        return entries.map { of($0, stored: stored) }
    }

    /// Whether the entry's readiness depends on what the user stored.
    static func needsStores(_ entry: CatalogEntry) -> Bool {
        entry.isLaunchable && !entry.configuration.isEmpty
    }

    /// What an entry still needs: checked against `stored` when given, else against its
    /// declarations alone (nothing set).
    public static func of(_ entry: CatalogEntry, stored: StoredConfiguration?) -> EntryReadiness {
        guard entry.isLaunchable else {
            let blockers = entry.blockerSentences
            if !blockers.isEmpty { return .unavailable(reason: blockers.joined(separator: " ")) }
            return .unavailable(reason: entry.repositoryURL == nil
                ? "link only: no container image, package or remote is known"
                : "link only: no container image, package or remote is known; see the repository for how to run it")
        }
        guard !entry.configuration.isEmpty else { return .ready }
        let missing = stored?.missing(for: entry)
            ?? ConfigRequirements.missing(for: entry.configuration, config: [:], availableSecrets: [])
        return missing.isEmpty ? .ready : .needsConfiguration(missing)
    }
}
