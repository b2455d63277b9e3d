import Foundation

/// The user's settings file (`~/.config/mcp-registry/config.json`): sources, local catalogs,
/// container limits and per-server configuration values (never secrets).
public struct RegistrySettings: Sendable, Hashable, Codable {
    /// Folders of `server.yaml` / `server.json` definitions read as local catalogs.
    public var catalogs: [String]
    /// Configured sources; built-in defaults are overridden by id.
    public var sources: [SourceSetting]
    /// Container hardening and resource settings.
    public var containers: ContainerSettings
    /// Remote server settings.
    public var remotes: RemoteSettings
    /// How running servers' tools reach the client.
    public var gateway: GatewaySettings
    /// Non-secret configuration values per entry id (`{"docker/grafana": {"grafana.url": "…"}}`).
    public var serverConfig: [String: [String: JSONValue]]

    public init(
        catalogs: [String] = [],
        sources: [SourceSetting] = [],
        containers: ContainerSettings = ContainerSettings(),
        remotes: RemoteSettings = RemoteSettings(),
        serverConfig: [String: [String: JSONValue]] = [:],
        gateway: GatewaySettings = GatewaySettings()
    ) {
        self.catalogs = catalogs
        self.sources = sources
        self.containers = containers
        self.remotes = remotes
        self.serverConfig = serverConfig
        self.gateway = gateway
    }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        catalogs = try container.decodeIfPresent([String].self, forKey: .catalogs) ?? []
        sources = try container.decodeIfPresent([SourceSetting].self, forKey: .sources) ?? []
        containers = try container.decodeIfPresent(ContainerSettings.self, forKey: .containers) ?? ContainerSettings()
        remotes = try container.decodeIfPresent(RemoteSettings.self, forKey: .remotes) ?? RemoteSettings()
        gateway = try container.decodeIfPresent(GatewaySettings.self, forKey: .gateway) ?? GatewaySettings()
        serverConfig = try container.decodeIfPresent([String: [String: JSONValue]].self, forKey: .serverConfig) ?? [:]
    }
}

/// One configured catalog source.
public struct SourceSetting: Sendable, Hashable, Codable {
    /// Unique id; the first segment of its entries' ids.
    public var id: String
    /// `local`, `docker`, `awesome`, `server-json`, `official`, `mcpservers`.
    public var format: String
    /// URL or path.
    public var url: String
    /// Git branch, for git sources.
    public var branch: String?
    public var enabled: Bool
    /// Refresh interval in seconds (default 24 h).
    public var refreshInterval: Double?

    public init(id: String, format: String, url: String, branch: String? = nil, enabled: Bool = true, refreshInterval: Double? = nil) {
        self.id = id
        self.format = format
        self.url = url
        self.branch = branch
        self.enabled = enabled
        self.refreshInterval = refreshInterval
    }
}

/// Container hardening and resources.
public struct ContainerSettings: Sendable, Hashable, Codable {
    /// `missing` (pull only when absent, the default), `never`, `always`.
    public var pullPolicy: String
    public var memory: String
    public var cpus: String
    public var pidsLimit: Int
    /// Host folders that volumes may mount (never `~/.ssh`, `/etc`, …).
    public var allowedVolumeRoots: [String]
    /// Stop a child idle this many seconds (0 = never).
    public var idleTimeout: Double
    /// Handshake timeout in seconds.
    public var startTimeout: Double
    /// Proxied call timeout in seconds.
    public var callTimeout: Double
    /// Base image for npm packages.
    public var nodeBaseImage: String
    /// Base image for PyPI packages.
    public var pythonBaseImage: String
    /// How npm and PyPI packages are installed and run, by registry type (`npm`, `pypi`);
    /// a type not listed uses `PackageRuntimeSettings.defaults(for:)`.
    public var packageRuntimes: [String: PackageRuntimeSettings]
    /// Network per entry id, over what its definition says (`NetworkNeed`): `true` gives a
    /// server the network its definition does not declare, `false` takes it away.
    public var network: [String: Bool]
    /// The largest hosted package file (`mcpb` download) the registry fetches, in bytes.
    public var maxPackageDownloadBytes: Int64

    public init(
        pullPolicy: String = "missing",
        memory: String = "512m",
        cpus: String = "1",
        pidsLimit: Int = 256,
        allowedVolumeRoots: [String] = [],
        idleTimeout: Double = 0,
        startTimeout: Double = 30,
        callTimeout: Double = 120,
        nodeBaseImage: String = "node:22-alpine",
        pythonBaseImage: String = "python:3.12-slim",
        packageRuntimes: [String: PackageRuntimeSettings] = [:],
        network: [String: Bool] = [:],
        maxPackageDownloadBytes: Int64 = 100 * 1_024 * 1_024
    ) {
        self.maxPackageDownloadBytes = maxPackageDownloadBytes
        self.pullPolicy = pullPolicy
        self.memory = memory
        self.cpus = cpus
        self.pidsLimit = pidsLimit
        self.allowedVolumeRoots = allowedVolumeRoots
        self.idleTimeout = idleTimeout
        self.startTimeout = startTimeout
        self.callTimeout = callTimeout
        self.nodeBaseImage = nodeBaseImage
        self.pythonBaseImage = pythonBaseImage
        self.packageRuntimes = packageRuntimes
        self.network = network
    }

    public init(from decoder: Decoder) throws {
        let defaults = ContainerSettings()
        let c = try decoder.container(keyedBy: CodingKeys.self)
        pullPolicy = try c.decodeIfPresent(String.self, forKey: .pullPolicy) ?? defaults.pullPolicy
        memory = try c.decodeIfPresent(String.self, forKey: .memory) ?? defaults.memory
        cpus = try c.decodeIfPresent(String.self, forKey: .cpus) ?? defaults.cpus
        pidsLimit = try c.decodeIfPresent(Int.self, forKey: .pidsLimit) ?? defaults.pidsLimit
        allowedVolumeRoots = try c.decodeIfPresent([String].self, forKey: .allowedVolumeRoots) ?? defaults.allowedVolumeRoots
        idleTimeout = try c.decodeIfPresent(Double.self, forKey: .idleTimeout) ?? defaults.idleTimeout
        startTimeout = try c.decodeIfPresent(Double.self, forKey: .startTimeout) ?? defaults.startTimeout
        callTimeout = try c.decodeIfPresent(Double.self, forKey: .callTimeout) ?? defaults.callTimeout
        nodeBaseImage = try c.decodeIfPresent(String.self, forKey: .nodeBaseImage) ?? defaults.nodeBaseImage
        pythonBaseImage = try c.decodeIfPresent(String.self, forKey: .pythonBaseImage) ?? defaults.pythonBaseImage
        packageRuntimes = try c.decodeIfPresent([String: PackageRuntimeSettings].self, forKey: .packageRuntimes) ?? [:]
        network = try c.decodeIfPresent([String: Bool].self, forKey: .network) ?? [:]
        maxPackageDownloadBytes = try c.decodeIfPresent(Int64.self, forKey: .maxPackageDownloadBytes) ?? defaults.maxPackageDownloadBytes
    }
}

extension ContainerSettings {
    /// The user's network override for an entry (`network`, by id, case-insensitively).
    public func networkOverride(for entryID: String) -> Bool? {
        network[entryID] ?? network.first { EntryID.lookupKey($0.key) == EntryID.lookupKey(entryID) }?.value
    }

    /// Whether the entry's container runs with a network: the override, else its
    /// definition (`NetworkNeed`).
    public func allowsNetwork(_ entry: CatalogEntry) -> Bool {
        entry.networkNeed.allowsNetwork(override: networkOverride(for: entry.id))
    }
}

/// Remote server settings.
public struct RemoteSettings: Sendable, Hashable, Codable {
    /// Allow loopback and private addresses (tests, a company's intranet).
    public var allowPrivateAddresses: Bool
    /// Allow plain `http://` URLs.
    public var allowInsecureHTTP: Bool

    public init(allowPrivateAddresses: Bool = false, allowInsecureHTTP: Bool = false) {
        self.allowPrivateAddresses = allowPrivateAddresses
        self.allowInsecureHTTP = allowInsecureHTTP
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        allowPrivateAddresses = try c.decodeIfPresent(Bool.self, forKey: .allowPrivateAddresses) ?? false
        allowInsecureHTTP = try c.decodeIfPresent(Bool.self, forKey: .allowInsecureHTTP) ?? false
    }
}

/// How the proxied tools of running servers reach the client.
public struct GatewaySettings: Sendable, Hashable, Codable {
    /// List proxied tools in `tools/list` (the default). `false` keeps the client's tool list
    /// to the registry's own tools (for clients that cap it, some at 128); proxied tools are
    /// then called through `registry-exec`.
    public var listProxiedTools: Bool

    public init(listProxiedTools: Bool = true) {
        self.listProxiedTools = listProxiedTools
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        listProxiedTools = try c.decodeIfPresent(Bool.self, forKey: .listProxiedTools) ?? true
    }
}
