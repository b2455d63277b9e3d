import RegistryCore

extension LaunchBlocker {
    /// Why the registry cannot start the entry, as a sentence for the model and for people.
    public var sentence: String {
        switch self {
        case .noLaunchMethod:
            return "it has no container image, package or remote endpoint, only links."
        case .unsupportedPackageType(let type):
            return "it is published only as a \(type) package, which the registry has no runtime for (it runs OCI images, npm and PyPI packages, and remotes)."
        case .unsupportedTransport(let type, let transport):
            return "its \(type) package uses the \(transport) transport, which the registry cannot run for that kind."
        case .runtimeOptionRefused(let option):
            return "its runtime arguments include \(option), which the container hardening profile never allows."
        case .invalidImageReference(let reference, let reason):
            return "its image reference \(reference) is not valid (\(reason))."
        }
    }
}
