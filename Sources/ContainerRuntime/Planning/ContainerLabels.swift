/// The labels every container the registry starts carries, so it can find and clean up its own.
public enum ContainerLabels {
    /// `true` on every container the registry manages.
    public static let managed = "io.mcp-registry.managed"
    /// The catalog entry id the container runs (`docker/grafana`).
    public static let entry = "io.mcp-registry.entry"
    /// The registry session that started it (one per registry process).
    public static let session = "io.mcp-registry.session"
    /// The process id of the registry that started it; a sweep leaves containers of other
    /// live registries alone (several AI clients may each run one).
    public static let ownerPID = "io.mcp-registry.pid"
    /// The tool a one-shot container runs a call of (Docker `poci` tools: `curl`).
    public static let tool = "io.mcp-registry.tool"
    /// `true` on images the registry built for npm/PyPI packages (not on containers).
    public static let packageImage = "io.mcp-registry.package-image"
    /// The package an image was built for (`npm:@scope/name@1.2.3`).
    public static let package = "io.mcp-registry.package"
    /// On a hosted package's image: the SHA-256 of the package file it was built from.
    public static let packageDigest = "io.mcp-registry.package-sha256"
    /// The runtime of a base image the registry built from Debian packages (`python`, `node`).
    public static let baseImage = "io.mcp-registry.base-image"
    /// The recipe tag a Debian base image was built for.
    public static let baseRecipe = "io.mcp-registry.base-recipe"
}
