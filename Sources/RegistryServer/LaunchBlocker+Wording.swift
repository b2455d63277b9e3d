import RegistryCore

extension LaunchBlocker {
    /// One sentence for the model: what blocks the entry, in which field, and why.
    var sentence: String {
        switch reason {
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
    var blockerSentences: [String] { launchBlockers.map(\.sentence) }
}
