import RegistryCore

extension LaunchBlocker {
    /// One sentence for the model and for people: what blocks the entry, in which field, and why.
    public var sentence: String {
        switch reason {
        case .unsupportedPackageType:
            let type = detail.map { "a \($0) package" } ?? "a package of a type"
            return "It is published as \(type), which the registry has no runtime for (it runs OCI images, npm and PyPI packages, and remotes)."
        case .unsupportedTransport:
            let transport = detail.map { "the \($0) transport" } ?? "a transport"
            return "Its \(field) uses \(transport), which the registry cannot run for that kind of package."
        case .runtimeOptionRefused:
            let option = detail ?? "an option"
            return "Its \(field) include \(option), which the container hardening profile never allows, so the registry will not start it."
        case .invalidImageReference:
            let rule = detail.map { " (\($0.replacingOccurrences(of: "-", with: " ")))" } ?? ""
            return "Its \(field) is not a valid OCI image reference\(rule), so the registry will not start it."
        default:
            let rule = detail.map { " (\($0))" } ?? ""
            return "Its \(field) cannot be used: \(reason.rawValue)\(rule)."
        }
    }
}

extension CatalogEntry {
    /// Why it cannot start, one sentence per blocker (empty when nothing blocks it).
    public var blockerSentences: [String] { allLaunchBlockers.map(\.sentence) }
}
