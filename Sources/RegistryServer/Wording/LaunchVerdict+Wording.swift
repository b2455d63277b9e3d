import Gateway
import RegistryCore

extension LaunchVerdict {
    /// A short word for the verdict: `launchable`, `needs configuration`, `not launchable`,
    /// `configuration refused`.
    public var word: String {
        switch self {
        case .launchable: "launchable"
        case .needsConfiguration: "needs configuration"
        case .notLaunchable: "not launchable"
        case .refused: "configuration refused"
        }
    }

    /// The verdict with its reason, one line: what `registry-add` would do now.
    public func sentence(for entry: CatalogEntry) -> String {
        switch self {
        case .launchable:
            return "launchable: registry-add would start it with the configuration stored now."
        case .needsConfiguration(let missing):
            return "needs configuration: " + missing.map { "\($0.name) (\($0.kind))" }.joined(separator: ", ") + "."
        case .notLaunchable(let blockers):
            guard !blockers.isEmpty else { return "not launchable: it is a link only; the registry does not know how to start it." }
            return "not launchable: " + blockers.map(\.sentence).joined(separator: " ")
        case .refused(GatewayError.invalidConfiguration(let id, let problems)):
            return "configuration refused: invalid configuration for \(id): " + problems.map(\.sentence).joined(separator: "; ")
        case .refused(let error):
            return "configuration refused: \(error)"
        }
    }
}
