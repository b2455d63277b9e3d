/// Why the registry cannot start an entry as its catalog describes it: the single
/// "not launchable because" fact that `find`, `list`, `info`, `registry-add` and `export`
/// all read (`LaunchSpec.notLaunchableReason`). Facts only; the words are the readers'.
public enum LaunchBlocker: Sendable, Hashable, Codable {
    /// Nothing to start: a bare link from a list.
    case noLaunchMethod
    /// A package type the registry has no runtime for (`nuget`, `mcpb`, `smithery`…).
    case unsupportedPackageType(registryType: String)
    /// A package or remote transport the registry cannot speak for that kind
    /// (an `oci` image serving HTTP, Docker `poci` tool containers, a remote over `websocket`).
    case unsupportedTransport(registryType: String, transport: String)
    /// A `podman run` option in the definition's runtime arguments that the hardening
    /// profile never allows (`--network host`, `--privileged`, `--device`…).
    case runtimeOptionRefused(option: String)
    /// The image reference is not a valid OCI reference.
    case invalidImageReference(reference: String, reason: String)
}
