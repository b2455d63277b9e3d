import ContainerRuntime

/// Why a server did not start, as the typed error of the layer that failed, so that
/// `RegistryServer` can word each one with its own next step.
public enum StartFailure: Sendable, Hashable, CustomStringConvertible {
    /// The container could not be planned (a refused value, volume or option).
    case plan(ContainerPlanError)
    /// The container engine failed (not installed, image missing, a secret without a value).
    case engine(ContainerEngineError)
    /// A package's image could not be built (no engine, no `mmdebstrap`, a failed build).
    case build(ImageBuildError)
    /// The remote could not be reached or refused the request.
    case remote(RemoteConnectorError)
    /// The child started but its MCP session did not (it exited, or the handshake failed).
    case session(ChildSessionError)
    /// A hosted package could not be downloaded, verified, unpacked or read.
    case hostedPackage(HostedPackageError)
    /// Any other failure, as its description.
    case other(String)

    /// Sorts a thrown error into its case.
    public init(_ error: any Error) {
        switch error {
        case let error as ContainerPlanError: self = .plan(error)
        case let error as ContainerEngineError: self = .engine(error)
        case let error as ImageBuildError: self = .build(error)
        case let error as RemoteConnectorError: self = .remote(error)
        case let error as ChildSessionError: self = .session(error)
        case let error as HostedPackageError: self = .hostedPackage(error)
        default: self = .other("\(error)")
        }
    }

    /// The underlying error's facts.
    public var description: String {
        switch self {
        case .plan(let error): error.description
        case .engine(let error): error.description
        case .build(let error): error.description
        case .remote(let error): error.description
        case .session(let error): error.description
        case .hostedPackage(let error): error.description
        case .other(let text): text
        }
    }
}
