import ContainerRuntime
import Foundation
import Logging
import MCP
import RegistryCore
import Synchronization

/// The running children: starts catalog servers, proxies their tools under
/// `<prefix>__<tool>`, restarts them when they die, and stops them all at the end.
///
/// Typical use from the MCP server:
/// ```swift
/// let gateway = Gateway(paths: paths, settings: settings)
/// await gateway.onToolsChanged { try? await server.notify(ToolListChangedNotification.message()) }
/// _ = await gateway.sweepOrphans()
/// let activation = try await gateway.activate(entry: entry, prefix: nil, config: [:])
/// let result = try await gateway.call(exposedName: "fixture__echo", arguments: ["text": "hi"])
/// await gateway.stopAll()   // on stdin EOF, SIGTERM, SIGINT
/// ```
public actor Gateway {
    /// How a dead child is brought back.
    public struct RestartPolicy: Sendable, Hashable {
        /// First delay in seconds; doubles on each consecutive failure.
        public var initialDelay: Double
        /// Longest delay.
        public var maximumDelay: Double
        /// Consecutive failures (failed restarts, or exits sooner than `stableUptime` after
        /// starting) before giving up; the server is then `failed`.
        public var maximumAttempts: Int
        /// A child that ran this many seconds before it died counts as healthy: its failure
        /// count starts again from zero.
        public var stableUptime: Double

        public init(initialDelay: Double = 1, maximumDelay: Double = 60, maximumAttempts: Int = 5, stableUptime: Double = 30) {
            self.initialDelay = initialDelay
            self.maximumDelay = maximumDelay
            self.maximumAttempts = maximumAttempts
            self.stableUptime = stableUptime
        }
    }

    struct Managed {
        var entry: CatalogEntry
        var prefix: String
        var config: [String: JSONValue]
        var secretOverrides: [String: String]
        var toolFilter: Set<String>?
        var session: ChildSession?
        var summary: ChildSummary?
        var tools: [Tool] = []
        var resources: [Resource] = []
        var resourceTemplates: [Resource.Template] = []
        var prompts: [Prompt] = []
        var resourceCount: Int { resources.count }
        var promptCount: Int { prompts.count }
        var serverInfo: Server.Info?
        var instructions: String?
        /// Starting, ready, restarting, idle, failed; the child's generation.
        var lifecycle: ServerLifecycle
        var lastUsed = Date()
        var inFlight = 0
        var containerID: String?
        /// What its children did wrong, across restarts.
        let faults = ChildFaultLog()
    }

    /// Settings (container limits, time-outs, pull policy).
    public internal(set) var settings: RegistrySettings {
        didSet { settingsNow.withLock { $0 = settings } }
    }
    /// `settings`, readable without entering the actor (`verdicts(for:)`).
    nonisolated let settingsNow: Mutex<RegistrySettings>
    /// Grows whenever the exposed tools may have changed (a server's tools installed or
    /// removed), so a listing can be encoded once per change.
    public internal(set) var toolListVersion = 0
    /// The secret store, when there is one.
    public nonisolated let secrets: SecretStore?
    /// The per-entry configuration store, when there is one.
    public nonisolated let configStore: ServerConfigStore?
    /// The container engine (for sweeps and container ids).
    public nonisolated let engine: any ContainerEngine
    /// The registry session written on every container.
    public nonisolated let session: String
    /// Where the active servers are recorded for a restart of the registry, if anywhere.
    public nonisolated let stateFile: URL?
    /// The settings file `containers.network` is re-read from when it changed (`mcp-registry
    /// config network` while the registry runs), if any.
    public nonisolated let settingsFile: URL?
    /// The settings file's stat when `settings.containers.network` was last taken from it.
    var settingsFileStamp: FileStamp?
    let connectors: [any ChildConnector]
    let restartPolicy: RestartPolicy
    /// Host paths never mounted besides the built-in list (for `verdict(for:)`).
    nonisolated let forbiddenPaths: [String]
    var servers: [String: Managed] = [:]
    var namespace = ToolNamespace()
    var promptNames = ToolNamespace()
    var resourceTable = ResourceTable()
    var toolsChangedHandlers: [@Sendable () async -> Void] = []
    var listsChangedHandlers: [@Sendable () async -> Void] = []
    var background: [Task<Void, Never>] = []
    var idleMonitor: Task<Void, Never>?
    let logger = Logger(label: "mcp-registry.gateway")

    /// - Parameters:
    ///   - settings: container settings and time-outs.
    ///   - secrets: the secret store (values are read only when a child starts).
    ///   - configStore: stored per-entry values, overlaid by the ones given to `activate`.
    ///   - engine: the container engine (default podman).
    ///   - connectors: how to start children (default: containers through `engine`, npm/PyPI
    ///     packages built into images by it, and remotes).
    ///   - forbiddenPaths: more host paths never to mount (the registry's config folder).
    ///   - stateFile: where to record active servers for `savedActivations`.
    ///   - settingsFile: the file `settings` came from; its `containers.network` is taken
    ///     again when it changed, before a server is activated.
    ///   - restartPolicy: back-off for dead children.
    public init(
        settings: RegistrySettings = RegistrySettings(),
        secrets: SecretStore? = nil,
        configStore: ServerConfigStore? = nil,
        engine: any ContainerEngine = PodmanEngine(),
        connectors: [any ChildConnector]? = nil,
        forbiddenPaths: [String] = [],
        stateFile: URL? = nil,
        settingsFile: URL? = nil,
        session: String? = nil,
        restartPolicy: RestartPolicy = RestartPolicy()
    ) {
        // A write to a child that just died must fail, not kill the registry.
        signal(SIGPIPE, SIG_IGN)
        self.settings = settings
        self.settingsNow = Mutex(settings)
        self.secrets = secrets
        self.configStore = configStore
        self.engine = engine
        self.forbiddenPaths = forbiddenPaths
        self.connectors = connectors ?? Self.defaultConnectors(engine: engine, forbiddenPaths: forbiddenPaths)
        self.stateFile = stateFile
        self.settingsFile = settingsFile
        // `settings` was read from it just now.
        self.settingsFileStamp = settingsFile.flatMap(FileStamp.init(of:))
        self.session = session ?? "\(getpid())-\(String(UInt32.random(in: 0...UInt32.max), radix: 16))"
        self.restartPolicy = restartPolicy
    }

    /// Containers and packages through `engine` (packages only when it can build images; a
    /// Debian base image too when it can build those), Docker `poci` tools (one container per
    /// call), and remotes.
    public static func defaultConnectors(engine: any ContainerEngine, forbiddenPaths: [String] = []) -> [any ChildConnector] {
        let containers = ContainerConnector(engine: engine, forbiddenPaths: forbiddenPaths)
        var connectors: [any ChildConnector] = [containers]
        if let builder = engine as? any ImageBuilder {
            connectors.append(PackageConnector(containers: containers, builder: builder, baseBuilder: engine as? any BaseImageBuilder))
        }
        connectors.append(ToolContainerConnector(engine: engine, forbiddenPaths: forbiddenPaths))
        connectors.append(RemoteConnector())
        return connectors
    }

    /// The usual set-up: secrets and configuration under `paths.configDirectory` (never
    /// mountable), active servers recorded in `paths.cacheDirectory/active-servers.json`.
    public init(paths: RegistryPaths, settings: RegistrySettings, engine: any ContainerEngine = PodmanEngine()) {
        self.init(
            settings: settings,
            secrets: SecretStore(paths: paths),
            configStore: ServerConfigStore(paths: paths),
            engine: engine,
            forbiddenPaths: [paths.configDirectory.path],
            stateFile: paths.cacheDirectory.appendingPathComponent("active-servers.json"),
            settingsFile: paths.settingsFile)
    }

    /// Replaces the settings (applies to children started from now on).
    public func updateSettings(_ settings: RegistrySettings) {
        self.settings = settings
        scheduleIdleMonitor()
    }

    // MARK: - Notifications

    /// Runs `handler` whenever the proxied tool list changes (a server added, removed, or a
    /// child's own `tools/list_changed`); the MCP server sends
    /// `notifications/tools/list_changed` from it.
    public func onToolsChanged(_ handler: @escaping @Sendable () async -> Void) {
        toolsChangedHandlers.append(handler)
    }

    func notifyToolsChanged() {
        toolListVersion += 1
        let handlers = toolsChangedHandlers
        guard !handlers.isEmpty else { return }
        Task { for handler in handlers { await handler() } }
    }

    // MARK: - Status

    /// The active servers, sorted by prefix: status, container, uptime, tools, restarts,
    /// last error, the child's faults, env and secret names (never values).
    public func active() -> [ActiveServerInfo] {
        let now = Date()
        return servers.map { id, server in
            ActiveServerInfo(
                entryID: id, prefix: server.prefix, kind: server.summary?.kind ?? server.entry.launch.kind,
                status: server.lifecycle.statusName, containerName: server.summary?.containerName,
                containerID: server.containerID, image: server.summary?.image, url: server.summary?.url,
                startedAt: server.lifecycle.startedAt, uptime: server.lifecycle.startedAt.map { now.timeIntervalSince($0) },
                tools: exposedTools(id, server).map(\.name), toolCount: exposedTools(id, server).count,
                resourceCount: server.resourceCount,
                promptCount: server.promptCount, restarts: server.lifecycle.restarts, lastError: server.lifecycle.lastError,
                environmentNames: server.summary?.environmentNames ?? [], secretNames: server.summary?.secretNames ?? [],
                progress: server.lifecycle.isStarting ? connector(for: server.entry)?.activity(for: id) : nil,
                faults: Optional(server.faults.snapshot).flatMap { $0.isEmpty ? nil : $0 })
        }.sorted { $0.prefix < $1.prefix }
    }

    /// Whether an entry (id, case-insensitive, or prefix) is active.
    public func isActive(_ idOrPrefix: String) -> Bool { key(for: idOrPrefix) != nil }

    // MARK: - Helpers

    func connector(for entry: CatalogEntry) -> (any ChildConnector)? {
        connectors.first { $0.canConnect(entry) }
    }

    /// The key of an active server by id (case-insensitive), alias or prefix.
    func key(for idOrPrefix: String) -> String? {
        if servers[idOrPrefix] != nil { return idOrPrefix }
        let wanted = EntryID.lookupKey(idOrPrefix)
        if let match = servers.first(where: { EntryID.lookupKey($0.key) == wanted || $0.value.entry.aliases.map(EntryID.lookupKey).contains(wanted) }) {
            return match.key
        }
        return servers.first { $0.value.prefix == idOrPrefix }?.key
    }

    func uniquePrefix(_ base: String) -> String {
        let taken = Set(servers.values.map(\.prefix))
        guard taken.contains(base) else { return base }
        var counter = 2
        while taken.contains("\(base)_\(counter)") { counter += 1 }
        return "\(base)_\(counter)"
    }

    func track(_ task: Task<Void, Never>) {
        background.removeAll { $0.isCancelled }
        background.append(task)
    }
}
