/// The registry's name and version, as reported in `initialize` and `registry-status`.
public enum RegistryVersion {
    public static let name = "mcp-registry"
    public static let version = "0.1.0"
}
