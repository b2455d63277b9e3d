import RegistryCore

/// Checks the image references of a launch spec against the OCI reference grammar at load
/// time. A spec whose image is invalid is not kept (so it reaches no cache, status, export
/// or `podman` argv); the entry gets a `LaunchBlocker` that says which field broke which rule.
enum ImageReferenceCheck {
    /// `launch` unchanged and no blockers when its image references are valid (or it has
    /// none); otherwise `.unknown` and one `.invalidImageReference` blocker.
    /// - Parameter field: the format's name for the image field (`image`, `packages[].identifier`).
    static func vet(_ launch: LaunchSpec, field: String) -> (launch: LaunchSpec, blockers: [LaunchBlocker]) {
        let images: [String]
        switch launch {
        case .container(let container): images = [container.image]
        case .package(let package) where ["oci", "docker"].contains(package.registryType.lowercased()):
            images = [package.identifier] + package.toolContainers.map(\.image)
        default: return (launch, [])
        }
        guard let violation = images.lazy.compactMap(ImageReferenceGrammar.violation(in:)).first else { return (launch, []) }
        return (.unknown, [LaunchBlocker(.invalidImageReference, field: field, detail: violation.rawValue)])
    }
}
