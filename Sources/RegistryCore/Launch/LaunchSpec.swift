import Foundation

/// How a catalog server is started.
public indirect enum LaunchSpec: Sendable, Hashable {
    /// A container image run with `podman run -i`.
    case container(ContainerLaunch)
    /// A package (npm, PyPI, NuGet, OCI, MCPB) that a runtime installs and runs.
    case package(PackageLaunch)
    /// A remote server reached over HTTP.
    case remote(RemoteLaunch)
    /// Nothing the registry can start (a bare link from a list).
    case unknown

    /// Whether the registry can start it (given the configuration it declares): not a bare
    /// link, and nothing in `notLaunchableReason`.
    public var isLaunchable: Bool {
        if case .unknown = self { return false }
        return notLaunchableReason == nil
    }

    /// Why the registry cannot start it as written, or `nil` when it can (and for a bare
    /// link, which has nothing to start): a package type without a runtime, a transport
    /// the kind cannot use, or a runtime option the hardening profile never allows
    /// (`RuntimeOptionRules`). Parser-found blockers live on the entry
    /// (`CatalogEntry.launchBlockers`); `CatalogEntry.allLaunchBlockers` joins both.
    public var notLaunchableReason: LaunchBlocker? {
        switch self {
        case .unknown:
            return nil
        case .container(let spec):
            return RuntimeOptionRules.firstRefused(spec.runtimeArguments).map { LaunchBlocker.runtimeOption($0, field: "runtimeArguments") }
        case .package(let spec):
            let type = spec.registryType.lowercased()
            switch type {
            case "oci", "docker":
                if spec.runsToolContainers {
                    // Docker `poci`: runnable when it declares its tools' containers.
                    return spec.toolContainers.isEmpty ? .unsupportedTransport(spec.transport, field: "tools[].container") : nil
                }
                if let blocker = Self.httpTransportBlocker(spec) { return blocker }
                return RuntimeOptionRules.firstRefused(spec.runtimeArguments).map { LaunchBlocker.runtimeOption($0, field: "packages[].runtimeArguments") }
            case "npm", "pypi":
                return Self.httpTransportBlocker(spec)
            case "mcpb":
                return Self.hostedPackageBlocker(spec)
            default:
                return LaunchBlocker(.unsupportedPackageType, field: "packages[].registryType", detail: LaunchBlocker.safeDetail(type))
            }
        case .remote(let spec):
            let known = ["sse", "streamable-http", "streamable_http", "streamablehttp", "http", ""]
            return known.contains(spec.transport.lowercased()) ? nil : .unsupportedTransport(spec.transport, field: "remotes[].type")
        }
    }

    /// A package's transport: `stdio`, or Streamable HTTP / SSE with the `transport.url` that
    /// says which port the server listens on inside its container (the registry publishes
    /// that port on a loopback port of its own choosing). Anything else, or an HTTP
    /// transport without a URL, is a blocker.
    static func httpTransportBlocker(_ spec: PackageLaunch) -> LaunchBlocker? {
        let transport = spec.transport.lowercased()
        if ["", "stdio"].contains(transport) { return nil }
        guard PackageLaunch.httpTransports.contains(transport) else { return .unsupportedTransport(transport, field: "packages[].transport") }
        guard let url = spec.transportURL, !url.isEmpty else {
            return LaunchBlocker(.unsupportedTransport, field: "packages[].transport.url", detail: LaunchBlocker.safeDetail(transport))
        }
        return nil
    }

    /// An `mcpb` package (a hosted `.tar.gz` or `.mcpb` bundle) runs when its `identifier` is
    /// an http(s) download URL, it carries the file's SHA-256 (`fileSha256`, 64 hex digits:
    /// nothing unverified is built) and it speaks stdio.
    static func hostedPackageBlocker(_ spec: PackageLaunch) -> LaunchBlocker? {
        let scheme = spec.identifier.split(separator: ":", maxSplits: 1).first?.lowercased() ?? ""
        guard ["http", "https"].contains(scheme), spec.identifier.contains("://") else {
            return LaunchBlocker(.unsupportedPackageType, field: "packages[].identifier", detail: "mcpb")
        }
        guard let digest = spec.fileSha256, PackageLaunch.isSHA256(digest) else {
            return LaunchBlocker(.missingDigest, field: "packages[].fileSha256")
        }
        if !["", "stdio"].contains(spec.transport.lowercased()) { return .unsupportedTransport(spec.transport, field: "packages[].transport") }
        return nil
    }

    /// A short word for the kind: `container`, `package`, `remote`, `unknown`.
    public var kind: String {
        switch self {
        case .container: "container"
        case .package: "package"
        case .remote: "remote"
        case .unknown: "unknown"
        }
    }

    /// How rich the spec is, for merging: a runnable spec beats one that cannot run, which
    /// beats a bare link.
    public var richness: Int {
        if case .unknown = self { return 0 }
        if notLaunchableReason != nil { return 1 }
        switch self {
        case .container: return 3
        case .remote, .package: return 2
        case .unknown: return 0
        }
    }
}

extension LaunchSpec: Codable {
    private enum CodingKeys: String, CodingKey { case kind, container, package, remote }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        switch try container.decode(String.self, forKey: .kind) {
        case "container": self = .container(try container.decode(ContainerLaunch.self, forKey: .container))
        case "package": self = .package(try container.decode(PackageLaunch.self, forKey: .package))
        case "remote": self = .remote(try container.decode(RemoteLaunch.self, forKey: .remote))
        default: self = .unknown
        }
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(kind, forKey: .kind)
        switch self {
        case .container(let spec): try container.encode(spec, forKey: .container)
        case .package(let spec): try container.encode(spec, forKey: .package)
        case .remote(let spec): try container.encode(spec, forKey: .remote)
        case .unknown: break
        }
    }
}

/// A container image and how to run it (Docker MCP registry `image` + `run`).
public struct ContainerLaunch: Sendable, Hashable, Codable {
    /// The image exactly as written upstream (never prefixed with a registry host).
    public var image: String
    /// Arguments after the image; may hold `{{param}}` templates.
    public var command: [String]
    /// Volume specs (`src:dst[:opts]`); may hold templates.
    public var volumes: [String]
    /// Fixed or templated environment variables set in the container.
    public var env: [String: String]
    /// User to run as, when the definition sets one.
    public var user: String?
    /// The server needs no network.
    public var disableNetwork: Bool
    /// Hosts the server must reach, when the definition lists them.
    public var allowHosts: [String]
    /// The server is meant to stay up between calls.
    public var longLived: Bool
    /// Extra `podman run` arguments from the definition (official `runtimeArguments`).
    public var runtimeArguments: [String]

    public init(
        image: String,
        command: [String] = [],
        volumes: [String] = [],
        env: [String: String] = [:],
        user: String? = nil,
        disableNetwork: Bool = false,
        allowHosts: [String] = [],
        longLived: Bool = false,
        runtimeArguments: [String] = []
    ) {
        self.image = image
        self.command = command
        self.volumes = volumes
        self.env = env
        self.user = user
        self.disableNetwork = disableNetwork
        self.allowHosts = allowHosts
        self.longLived = longLived
        self.runtimeArguments = runtimeArguments
    }
}

/// A package a runtime installs and runs (official registry `packages[]`, Docker `poci`).
public struct PackageLaunch: Sendable, Hashable, Codable {
    /// `npm`, `pypi`, `nuget`, `oci`, `mcpb`.
    public var registryType: String
    /// The package identifier (`@scope/name`, `name`).
    public var identifier: String
    /// The exact version, when known.
    public var version: String?
    /// `npx`, `uvx`, `dnx`, `docker`…
    public var runtimeHint: String?
    /// The package's transport (`stdio`, `streamable-http`, `sse`).
    public var transport: String
    /// Arguments for the runtime (templated with `{var}` inputs).
    public var runtimeArguments: [String]
    /// Arguments for the package (templated with `{var}` inputs).
    public var packageArguments: [String]
    /// Environment variables (value templates) for the package.
    public var env: [String: String]
    /// For an HTTP transport (`streamable-http`, `sse`): the URL template the server answers
    /// at from inside its container (`http://localhost:{port}/mcp`; server.json
    /// `packages[].transport.url`). Its `{var}` name the package's arguments, environment
    /// variables or configuration; only its port and path are used (the host is always the
    /// registry's own loopback port).
    public var transportURL: String?
    /// For an HTTP transport: the headers to send (server.json `packages[].transport.headers`;
    /// values may hold `${SECRET}` / `{var}` templates, as a remote's).
    public var transportHeaders: [RemoteHeader]
    /// For Docker `poci` definitions (transport `poci`): the tools, each run as its own
    /// container per call. Empty for every other package.
    public var toolContainers: [ToolContainer]
    /// The SHA-256 of the package file (lower-case hex), for file packages (`mcpb`:
    /// server.json `packages[].fileSha256`); the download is checked against it.
    public var fileSha256: String?

    /// Whether `text` is a SHA-256 digest written as 64 hex digits.
    public static func isSHA256(_ text: String) -> Bool {
        text.utf8.count == 64 && text.utf8.allSatisfy { (48...57).contains($0) || (97...102).contains($0) || (65...70).contains($0) }
    }

    /// The package transports served over HTTP: `streamable-http` and the legacy `sse`.
    public static let httpTransports: Set<String> = ["streamable-http", "sse"]

    /// Whether the package serves MCP over HTTP from inside its container.
    public var servesHTTP: Bool { Self.httpTransports.contains(transport.lowercased()) }

    public init(
        registryType: String,
        identifier: String,
        version: String? = nil,
        runtimeHint: String? = nil,
        transport: String = "stdio",
        runtimeArguments: [String] = [],
        packageArguments: [String] = [],
        env: [String: String] = [:],
        transportURL: String? = nil,
        transportHeaders: [RemoteHeader] = [],
        toolContainers: [ToolContainer] = [],
        fileSha256: String? = nil
    ) {
        self.toolContainers = toolContainers
        self.fileSha256 = fileSha256
        self.transportURL = transportURL
        self.transportHeaders = transportHeaders
        self.registryType = registryType
        self.identifier = identifier
        self.version = version
        self.runtimeHint = runtimeHint
        self.transport = transport
        self.runtimeArguments = runtimeArguments
        self.packageArguments = packageArguments
        self.env = env
    }
}

extension PackageLaunch {
    private enum CodingKeys: String, CodingKey {
        case registryType, identifier, version, runtimeHint, transport, runtimeArguments, packageArguments, env
        case transportURL, transportHeaders, toolContainers, fileSha256
    }

    /// Decodes caches written before the HTTP transport fields existed, too.
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            registryType: try c.decode(String.self, forKey: .registryType),
            identifier: try c.decode(String.self, forKey: .identifier),
            version: try c.decodeIfPresent(String.self, forKey: .version),
            runtimeHint: try c.decodeIfPresent(String.self, forKey: .runtimeHint),
            transport: try c.decodeIfPresent(String.self, forKey: .transport) ?? "stdio",
            runtimeArguments: try c.decodeIfPresent([String].self, forKey: .runtimeArguments) ?? [],
            packageArguments: try c.decodeIfPresent([String].self, forKey: .packageArguments) ?? [],
            env: try c.decodeIfPresent([String: String].self, forKey: .env) ?? [:],
            transportURL: try c.decodeIfPresent(String.self, forKey: .transportURL),
            transportHeaders: try c.decodeIfPresent([RemoteHeader].self, forKey: .transportHeaders) ?? [],
            toolContainers: try c.decodeIfPresent([ToolContainer].self, forKey: .toolContainers) ?? [],
            fileSha256: try c.decodeIfPresent(String.self, forKey: .fileSha256))
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(registryType, forKey: .registryType)
        try c.encode(identifier, forKey: .identifier)
        try c.encodeIfPresent(version, forKey: .version)
        try c.encodeIfPresent(runtimeHint, forKey: .runtimeHint)
        try c.encode(transport, forKey: .transport)
        try c.encode(runtimeArguments, forKey: .runtimeArguments)
        try c.encode(packageArguments, forKey: .packageArguments)
        try c.encode(env, forKey: .env)
        try c.encodeIfPresent(transportURL, forKey: .transportURL)
        try c.encode(transportHeaders, forKey: .transportHeaders)
        if !toolContainers.isEmpty { try c.encode(toolContainers, forKey: .toolContainers) }
        try c.encodeIfPresent(fileSha256, forKey: .fileSha256)
    }
}

/// A remote MCP server.
public struct RemoteLaunch: Sendable, Hashable, Codable {
    /// The endpoint; may hold `{var}` templates.
    public var url: String
    /// `streamable-http` or `sse`.
    public var transport: String
    /// Headers to send; values may hold `${SECRET}` / `{var}` templates.
    public var headers: [RemoteHeader]
    /// The OAuth provider, when the server needs an OAuth login.
    public var oauthProvider: String?

    public init(url: String, transport: String = "streamable-http", headers: [RemoteHeader] = [], oauthProvider: String? = nil) {
        self.url = url
        self.transport = transport
        self.headers = headers
        self.oauthProvider = oauthProvider
    }
}

/// One header of a remote server.
public struct RemoteHeader: Sendable, Hashable, Codable {
    public var name: String
    public var value: String
    public var description: String?
    public var isSecret: Bool
    public var isRequired: Bool

    public init(name: String, value: String, description: String? = nil, isSecret: Bool = false, isRequired: Bool = false) {
        self.name = name
        self.value = value
        self.description = description
        self.isSecret = isSecret
        self.isRequired = isRequired
    }
}
