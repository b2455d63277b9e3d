import Foundation
import MCP
import RegistryCore

/// Starts or reaches one kind of child server and hands back a transport to speak MCP over.
///
/// `ContainerConnector` runs images (container entries and `oci` packages) with podman,
/// `RemoteConnector` reaches remote servers over Streamable HTTP, `PackageConnector` builds
/// and runs npm/PyPI packages in a container, `ToolContainerConnector` serves Docker `poci`
/// tools (one container per call).
public protocol ChildConnector: Sendable {
    /// A short word for what it starts (`container`, `remote`, `package`).
    var kind: String { get }
    /// Whether it can start this entry.
    func canConnect(_ entry: CatalogEntry) -> Bool
    /// Starts (or reaches) the child. The returned connection's transport is not connected
    /// yet; the caller runs the MCP handshake over it. Throws with a readable reason;
    /// leaves nothing running when it throws.
    func open(_ request: ChildLaunchRequest) async throws -> any ChildConnection
    /// What it is doing for an entry while `open` runs (building an image…), if anything.
    func activity(for entryID: String) -> String?
    /// After a child opened by it failed the handshake: repairs what it can (a container
    /// image that was not there is pulled) and returns `true` when opening again may work.
    /// Throws a clearer error when it knows the cause and may not repair it.
    func recover(after connection: any ChildConnection) async throws -> Bool
}

extension ChildConnector {
    public func activity(for entryID: String) -> String? { nil }
    public func recover(after connection: any ChildConnection) async throws -> Bool { false }
}

/// What a connector gets to start a child.
public struct ChildLaunchRequest: Sendable {
    public var entry: CatalogEntry
    /// Plain configuration (stored values overlaid with the ones given to `activate`).
    public var config: [String: JSONValue]
    /// Secrets (store plus the ones given to `activate`).
    public var secrets: SecretSource
    public var settings: RegistrySettings
    /// The registry session (a container label).
    public var session: String
    /// Receives what the connector is doing while it starts the child (pulling, building).
    public var progress: (@Sendable (String) -> Void)?

    public init(
        entry: CatalogEntry, config: [String: JSONValue], secrets: SecretSource, settings: RegistrySettings, session: String,
        progress: (@Sendable (String) -> Void)? = nil
    ) {
        self.entry = entry
        self.config = config
        self.secrets = secrets
        self.settings = settings
        self.session = session
        self.progress = progress
    }
}

/// A live child: the transport to it, what to show about it, and how to stop it.
public protocol ChildConnection: AnyObject, Sendable {
    /// The transport to the child (not yet connected when handed over).
    var transport: any Transport { get }
    /// What `registry-active` shows (names only, never secret values).
    var summary: ChildSummary { get }
    /// The last lines the child wrote to stderr (empty for remotes).
    func recentErrorOutput(_ limit: Int) -> [String]
    /// Calls `handler` once with a reason when the child goes away by itself (exit, drop).
    func onTermination(_ handler: @escaping @Sendable (String) -> Void)
    /// Stops the child and releases everything; safe to call twice.
    func close() async
}

/// What the registry shows about a running child.
public struct ChildSummary: Sendable, Hashable, Codable {
    /// `container`, `remote`, `package`.
    public var kind: String
    /// The container name, when it is a container.
    public var containerName: String?
    /// The container's short id (12 characters), when podman reported it at start.
    public var containerID: String?
    /// The image, when it is a container.
    public var image: String?
    /// The URL, when it is a remote.
    public var url: String?
    /// Environment variable names set (plain), never values.
    public var environmentNames: [String]
    /// Secret names used, never values.
    public var secretNames: [String]
    /// Whether its container runs without a network (`--network none`).
    public var networkDisabled: Bool = false

    public init(
        kind: String, containerName: String? = nil, containerID: String? = nil, image: String? = nil, url: String? = nil,
        environmentNames: [String] = [], secretNames: [String] = [], networkDisabled: Bool = false
    ) {
        self.kind = kind
        self.containerName = containerName
        self.containerID = containerID
        self.image = image
        self.url = url
        self.environmentNames = environmentNames
        self.secretNames = secretNames
        self.networkDisabled = networkDisabled
    }
}

/// Where secret values come from: the store, plus values given for one activation.
public struct SecretSource: Sendable {
    public var store: SecretStore?
    /// Values given directly (never persisted here).
    public var overrides: [String: String]

    /// The store's names as listed once by the caller (a search page judges many entries
    /// against one listing); `nil` lists the store on each `names()`.
    public var listedNames: Set<String>?

    public init(store: SecretStore?, overrides: [String: String] = [:], listedNames: Set<String>? = nil) {
        self.store = store
        self.overrides = overrides
        self.listedNames = listedNames
    }

    /// Every available secret name.
    public func names() -> Set<String> {
        (listedNames ?? Set((try? store?.names()) ?? [])).union(overrides.keys)
    }

    /// A secret's value.
    public func value(_ name: String) -> String? {
        if let value = overrides[name] { return value }
        return (try? store?.get(name)) ?? nil
    }
}
