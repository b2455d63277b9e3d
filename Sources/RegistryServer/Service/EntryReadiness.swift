import ContainerRuntime
import Gateway
import RegistryCore

/// Whether a catalog entry can be started now, needs configuration first (which), has a
/// stored configuration `registry-add` would refuse, or cannot be started by the registry
/// (why): what `registry-find` and `registry-list` show beside each result.
///
/// With a gateway it is `LaunchVerdict` (what `registry-add` would do with the values and
/// secrets stored now, a real plan included), so find, list and info never disagree with add.
public enum EntryReadiness: Sendable, Hashable {
    /// Launchable, and everything it requires is set (or it requires nothing).
    case ready
    /// Launchable once these values are set (`registry-config-set`).
    case needsConfiguration([MissingValue])
    /// Launchable as the catalog describes it, but the configuration stored now (or a default
    /// it plans with, such as a host path) is refused; the reason says which and why.
    case refused(reason: String)
    /// The registry cannot start it.
    case unavailable(reason: String)

    /// `ready`, `needs-configuration`, `configuration-refused` or `unavailable`.
    public var status: String {
        switch self {
        case .ready: "ready"
        case .needsConfiguration: "needs-configuration"
        case .refused: "configuration-refused"
        case .unavailable: "unavailable"
        }
    }

    /// Whether `registry-add` can start it now or once the missing values are set.
    public var isLaunchable: Bool {
        switch self {
        case .ready, .needsConfiguration: true
        case .refused, .unavailable: false
        }
    }

    /// From the entry's declarations alone (nothing stored, no plan).
    public static func of(_ entry: CatalogEntry) -> EntryReadiness {
        if let unavailable = unavailable(entry) { return unavailable }
        guard !entry.configuration.isEmpty else { return .ready }
        let missing = ConfigRequirements.missing(for: entry.configuration, config: [:], availableSecrets: [])
        return missing.isEmpty ? .ready : .needsConfiguration(missing)
    }

    /// For each entry, what `registry-add` would do now (`Gateway.verdicts`: the stored
    /// values and secrets, the settings, a real plan); from the declarations alone when there
    /// is no gateway.
    public static func of(_ entries: [CatalogEntry], gateway: Gateway?) -> [EntryReadiness] {
        guard let gateway else { return entries.map { of($0) } }
        let verdicts = gateway.verdicts(for: entries.map { $0.isLaunchable ? $0 : nil })
        return zip(entries, verdicts).map { entry, verdict in
            guard let verdict else { return unavailable(entry) ?? .unavailable(reason: "not launchable") }
            return EntryReadiness(verdict, entry: entry)
        }
    }

    /// The readiness a verdict means.
    public init(_ verdict: LaunchVerdict, entry: CatalogEntry) {
        switch verdict {
        case .launchable: self = .ready
        case .needsConfiguration(let missing): self = .needsConfiguration(missing)
        case .notLaunchable: self = Self.unavailable(entry) ?? .unavailable(reason: verdict.sentence(for: entry))
        case .refused: self = .refused(reason: verdict.sentence(for: entry))
        }
    }

    private static func unavailable(_ entry: CatalogEntry) -> EntryReadiness? {
        guard !entry.isLaunchable else { return nil }
        let blockers = entry.blockerSentences
        if !blockers.isEmpty { return .unavailable(reason: blockers.joined(separator: " ")) }
        return .unavailable(reason: entry.repositoryURL == nil
            ? "link only: no container image, package or remote is known"
            : "link only: no container image, package or remote is known; see the repository for how to run it")
    }
}
