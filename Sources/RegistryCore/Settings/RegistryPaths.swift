import Foundation

/// Where the registry keeps its files.
///
/// `dataDirectory` holds `cache/` and `sources/` (safe to delete); settings and secrets
/// live under `configDirectory` (`$XDG_CONFIG_HOME/mcp-registry`).
public struct RegistryPaths: Sendable, Hashable {
    public var dataDirectory: URL
    public var configDirectory: URL

    public init(dataDirectory: URL, configDirectory: URL) {
        self.dataDirectory = dataDirectory
        self.configDirectory = configDirectory
    }

    /// The catalog, status and HTTP caches.
    public var cacheDirectory: URL { dataDirectory.appendingPathComponent("cache", isDirectory: true) }
    /// Git clones.
    public var sourcesDirectory: URL { dataDirectory.appendingPathComponent("sources", isDirectory: true) }
    /// The settings file.
    public var settingsFile: URL { configDirectory.appendingPathComponent("config.json") }
    /// The secret store folder (mode 0700, files 0600).
    public var secretsDirectory: URL { configDirectory.appendingPathComponent("secrets", isDirectory: true) }

    /// Resolves the locations from an explicit `--data-dir`, the environment
    /// (`MCP_REGISTRY_HOME`, `XDG_CONFIG_HOME`, `HOME`) and, when run from a checkout,
    /// the checkout's own `cache/` and `sources/`.
    public static func resolve(dataDir: String?, environment: [String: String], checkoutRoot: URL?) -> RegistryPaths {
        let home = URL(fileURLWithPath: HomeDirectory.path(environment: environment), isDirectory: true)
        let config: URL
        if let xdg = environment["XDG_CONFIG_HOME"], !xdg.isEmpty {
            config = URL(fileURLWithPath: xdg, isDirectory: true).appendingPathComponent("mcp-registry", isDirectory: true)
        } else {
            config = home.appendingPathComponent(".config/mcp-registry", isDirectory: true)
        }
        let data: URL
        if let dataDir, !dataDir.isEmpty {
            data = URL(fileURLWithPath: dataDir, isDirectory: true)
        } else if let env = environment["MCP_REGISTRY_HOME"], !env.isEmpty {
            data = URL(fileURLWithPath: env, isDirectory: true)
        } else if let checkoutRoot {
            data = checkoutRoot
        } else {
            data = home.appendingPathComponent(".local/share/mcp-registry", isDirectory: true)
        }
        return RegistryPaths(dataDirectory: data.standardizedFileURL, configDirectory: config.standardizedFileURL)
    }
}
