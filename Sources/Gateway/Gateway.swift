import ContainerRuntime
import Foundation
import Logging
import MCP
import RegistryCore

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

    enum Status: String {
        case starting, running, restarting, idle, failed
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
        var status: Status = .starting
        var startedAt: Date?
        var restarts = 0
        var failedAttempts = 0
        var lastError: String?
        var generation = 0
        var lastUsed = Date()
        var inFlight = 0
        var containerID: String?
    }

    /// Settings (container limits, time-outs, pull policy).
    public private(set) var settings: RegistrySettings
    /// Grows by one whenever the exposed tools change (the clients are told with
    /// `tools/list_changed`), so a listing can be encoded once per change.
    public private(set) var toolListVersion = 0
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
    private let connectors: [any ChildConnector]
    private let restartPolicy: RestartPolicy
    var servers: [String: Managed] = [:]
    private var namespace = ToolNamespace()
    var promptNames = ToolNamespace()
    var resourceTable = ResourceTable()
    private var toolsChangedHandlers: [@Sendable () async -> Void] = []
    var listsChangedHandlers: [@Sendable () async -> Void] = []
    private var background: [Task<Void, Never>] = []
    private var idleMonitor: Task<Void, Never>?
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
    ///   - restartPolicy: back-off for dead children.
    public init(
        settings: RegistrySettings = RegistrySettings(),
        secrets: SecretStore? = nil,
        configStore: ServerConfigStore? = nil,
        engine: any ContainerEngine = PodmanEngine(),
        connectors: [any ChildConnector]? = nil,
        forbiddenPaths: [String] = [],
        stateFile: URL? = nil,
        session: String? = nil,
        restartPolicy: RestartPolicy = RestartPolicy()
    ) {
        // A write to a child that just died must fail, not kill the registry.
        signal(SIGPIPE, SIG_IGN)
        self.settings = settings
        self.secrets = secrets
        self.configStore = configStore
        self.engine = engine
        self.connectors = connectors ?? Self.defaultConnectors(engine: engine, forbiddenPaths: forbiddenPaths)
        self.stateFile = stateFile
        self.session = session ?? "\(getpid())-\(String(UInt32.random(in: 0...UInt32.max), radix: 16))"
        self.restartPolicy = restartPolicy
    }

    /// Containers and packages through `engine` (packages only when it can build images),
    /// and remotes.
    public static func defaultConnectors(engine: any ContainerEngine, forbiddenPaths: [String] = []) -> [any ChildConnector] {
        let containers = ContainerConnector(engine: engine, forbiddenPaths: forbiddenPaths)
        var connectors: [any ChildConnector] = [containers]
        if let builder = engine as? any ImageBuilder {
            connectors.append(PackageConnector(containers: containers, builder: builder))
        }
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
            stateFile: paths.cacheDirectory.appendingPathComponent("active-servers.json"))
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

    private func notifyToolsChanged() {
        toolListVersion += 1
        let handlers = toolsChangedHandlers
        guard !handlers.isEmpty else { return }
        Task { for handler in handlers { await handler() } }
    }

    // MARK: - Activation

    /// Starts a catalog server and proxies its tools.
    ///
    /// Validates `config` against what the entry declares, overlays it on the stored
    /// configuration, checks nothing required is missing, plans and starts the child, runs
    /// the MCP handshake within `settings.containers.startTimeout` and lists its tools. On
    /// failure nothing is left running and the error carries the reason and the child's
    /// last stderr lines. Activating an active entry returns it as it is.
    ///
    /// - Parameters:
    ///   - prefix: the exposed-name prefix (default: the entry's name), sanitised and made
    ///     unique.
    ///   - config: values for this server; secrets among them go to the secret store and
    ///     the rest to the settings file once the server has started (as
    ///     `setConfiguration` would), so it comes back after a restart of the registry.
    ///   - tools: an allow-list of the child's tool names to expose (default: all).
    ///   - remember: `false` keeps `config` in memory for this activation only.
    ///   - progress: receives what happens while it starts (pulling, building an image).
    public func activate(
        entry: CatalogEntry,
        prefix: String? = nil,
        config: [String: JSONValue] = [:],
        tools allowList: [String]? = nil,
        remember: Bool = true,
        progress: (@Sendable (String) -> Void)? = nil
    ) async throws -> Activation {
        let begin = Date()
        if let existing = key(for: entry.id), let server = servers[existing] {
            return activation(for: existing, server, alreadyActive: true, since: begin)
        }
        guard entry.isLaunchable else { throw GatewayError.notLaunchable(entryID: entry.id) }
        guard connector(for: entry) != nil else { throw GatewayError.unsupportedLaunch(entryID: entry.id, kind: entry.launch.kind) }

        let validator = ConfigValidator(entry: entry)
        let given = validator.classify(config)
        guard given.isValid else { throw GatewayError.invalidConfiguration(entryID: entry.id, problems: given.problems) }
        var merged = (try? configStore?.values(for: entry.id)) ?? [:]
        for (name, value) in given.config {
            merged[name] = value == .null ? nil : value
        }
        let storedProblems = validator.validate(config: merged)
        guard storedProblems.isEmpty else { throw GatewayError.invalidConfiguration(entryID: entry.id, problems: storedProblems) }
        let secretSource = SecretSource(store: secrets, overrides: given.secrets)
        let missing = validator.missing(config: merged, secretNames: secretSource.names())
        if case .oauthRequired(let id, let provider, let secretName)? = RemoteConnector.oauthRequirement(entry, missing: missing) {
            throw GatewayError.oauthRequired(entryID: id, provider: provider, secretName: secretName)
        }
        guard missing.isEmpty else { throw GatewayError.missingConfiguration(entryID: entry.id, missing: missing) }

        let id = entry.id
        var server = Managed(
            entry: entry,
            prefix: uniquePrefix(ToolNamespace.sanitizePrefix(prefix ?? entry.name)),
            config: merged,
            secretOverrides: given.secrets,
            toolFilter: allowList.map(Set.init))
        server.status = .starting
        servers[id] = server
        do {
            try await start(id, progress: progress)
        } catch {
            servers[id] = nil
            namespace.removeServer(id)
            removeLists(id)
            throw error
        }
        if remember { persist(given, for: id) }
        saveState()
        notifyToolsChanged()
        if servers[id].map({ $0.resourceCount + $0.promptCount > 0 }) ?? false { notifyListsChanged() }
        return activation(for: id, servers[id]!, alreadyActive: false, since: begin)
    }

    /// Stores values given to `activate`: secrets in the store, the rest in the settings file.
    private func persist(_ given: ConfigClassification, for id: String) {
        do {
            if let secrets {
                for (name, value) in given.secrets { try secrets.set(name, value) }
            }
            if let configStore, !given.config.isEmpty { try configStore.merge(given.config, for: id) }
        } catch {
            logger.warning("could not store the configuration given with the activation", metadata: ["entry": "\(id)", "error": "\(error)"])
        }
    }

    /// Starts (or restarts) the child of a reserved server and installs its tools.
    private func start(_ id: String, progress: (@Sendable (String) -> Void)? = nil) async throws {
        guard let server = servers[id] else { throw GatewayError.notActive(id) }
        guard let connector = connector(for: server.entry) else {
            throw GatewayError.unsupportedLaunch(entryID: id, kind: server.entry.launch.kind)
        }
        let request = ChildLaunchRequest(
            entry: server.entry, config: server.config,
            secrets: SecretSource(store: secrets, overrides: server.secretOverrides),
            settings: settings, session: session, progress: progress)
        var connection = try await open(connector, request, id: id)
        let generation = (servers[id]?.generation ?? 0) + 1
        let session: ChildSession
        var recovered = false
        while true {
            do {
                session = try await ChildSession.start(
                    connection: connection,
                    timeout: settings.containers.startTimeout,
                    onToolsChanged: { [weak self] tools in
                        await self?.childToolsChanged(id, generation: generation, tools: tools)
                    },
                    onListsChanged: { [weak self] in
                        await self?.childListsChanged(id, generation: generation)
                    })
                break
            } catch let error as ChildSessionError {
                // Once: the connector may repair the cause (pull an image that was not there).
                if !recovered {
                    recovered = true
                    let again: Bool
                    do {
                        again = try await connector.recover(after: connection)
                    } catch {
                        throw GatewayError.startFailed(entryID: id, reason: "\(error)", stderr: [])
                    }
                    if again {
                        connection = try await open(connector, request, id: id)
                        continue
                    }
                }
                throw GatewayError.startFailed(entryID: id, reason: error.description, stderr: error.stderr)
            } catch {
                await connection.close()
                throw GatewayError.startFailed(entryID: id, reason: "\(error)", stderr: connection.recentErrorOutput(20))
            }
        }
        try await adopt(id, session: session, connection: connection, generation: generation)
    }

    /// Opens the child with its connector; failures become `GatewayError`.
    private func open(_ connector: any ChildConnector, _ request: ChildLaunchRequest, id: String) async throws -> any ChildConnection {
        do {
            return try await connector.open(request)
        } catch let error as ContainerPlanError {
            if case .missingValues(let entryID, let missing) = error {
                throw GatewayError.missingConfiguration(entryID: entryID, missing: missing)
            }
            throw GatewayError.startFailed(entryID: id, reason: error.description, stderr: [])
        } catch RemoteConnectorError.oauthRequired(let entryID, let provider, let secretName) {
            throw GatewayError.oauthRequired(entryID: entryID, provider: provider, secretName: secretName)
        } catch let error as GatewayError {
            throw error
        } catch {
            throw GatewayError.startFailed(entryID: id, reason: "\(error)", stderr: [])
        }
    }

    /// Installs a started child's session: its tools, resources and prompts, and the
    /// watch on its exit.
    private func adopt(_ id: String, session: ChildSession, connection: any ChildConnection, generation: Int) async throws {
        guard var current = servers[id] else {
            // Removed while starting.
            await session.close()
            throw GatewayError.notActive(id)
        }
        current.generation = generation
        current.session = session
        current.summary = connection.summary
        current.tools = await session.tools
        current.resources = await session.resources
        current.resourceTemplates = await session.resourceTemplates
        current.prompts = await session.prompts
        current.serverInfo = await session.serverInfo
        current.instructions = await session.instructions
        current.status = .running
        current.startedAt = Date()
        current.lastUsed = Date()
        servers[id] = current
        install(id)
        toolListVersion += 1
        installLists(id)
        connection.onTermination { [weak self] reason in
            Task { await self?.childExited(id, generation: generation, reason: reason) }
        }
        if let name = current.summary?.containerName {
            let engine = self.engine
            track(Task { [weak self] in
                if let info = try? await engine.inspect(name) {
                    await self?.setContainerID(id, generation: generation, info.shortID)
                }
            })
        }
        scheduleIdleMonitor()
    }

    private func setContainerID(_ id: String, generation: Int, _ containerID: String) {
        guard servers[id]?.generation == generation else { return }
        servers[id]?.containerID = containerID
    }

    /// Puts a server's (allowed) tools into the namespace.
    private func install(_ id: String) {
        guard let server = servers[id] else { return }
        let names = server.tools.map(\.name).filter { server.toolFilter?.contains($0) ?? true }
        namespace.register(serverID: id, prefix: server.prefix, tools: names)
    }

    private func childToolsChanged(_ id: String, generation: Int, tools: [Tool]) {
        guard var server = servers[id], server.generation == generation else { return }
        server.tools = tools
        servers[id] = server
        install(id)
        notifyToolsChanged()
    }

    private func activation(for id: String, _ server: Managed, alreadyActive: Bool, since begin: Date) -> Activation {
        Activation(
            entryID: id, prefix: server.prefix, tools: exposedTools(id, server),
            serverName: server.serverInfo?.name, serverVersion: server.serverInfo?.version,
            instructions: server.instructions, resourceCount: server.resourceCount, promptCount: server.promptCount,
            summary: server.summary ?? ChildSummary(kind: server.entry.launch.kind),
            alreadyActive: alreadyActive, elapsed: Date().timeIntervalSince(begin))
    }

    // MARK: - Tools and calls

    /// Every proxied tool under its exposed name, schemas verbatim (for `tools/list`).
    /// Tools of a server that is restarting or idle stay listed.
    public func tools() -> [Tool] {
        servers.keys.sorted().flatMap { exposedTools($0, servers[$0]!) }
    }

    private func exposedTools(_ id: String, _ server: Managed) -> [Tool] {
        let names = namespace.names(for: id)
        return server.tools.compactMap { tool in
            guard let exposed = names[tool.name] else { return nil }
            return Tool(
                name: exposed, title: tool.title, description: tool.description, inputSchema: tool.inputSchema,
                annotations: tool.annotations, outputSchema: tool.outputSchema, icons: tool.icons, _meta: tool._meta)
        }
    }

    /// Where an exposed name leads (server id and the child's own tool name).
    public func route(for exposedName: String) -> ToolNamespace.Route? {
        namespace.route(for: exposedName)
    }

    /// Calls a proxied tool by its exposed name and returns the child's whole result
    /// (content, `isError`, `structuredContent`). Times out after
    /// `settings.containers.callTimeout` (the request is cancelled at the child); cancelling
    /// the calling task cancels it too. Concurrent calls are fine. An idle server is started
    /// again first, and so is a remote given up after its restarts failed (an outage); a
    /// restarting one fails at once with a clear error.
    public func call(
        exposedName: String,
        arguments: [String: Value]?,
        progress: (@Sendable (ProgressNotification.Parameters) async -> Void)? = nil
    ) async throws -> CallTool.Result {
        let (session, route) = try await readySession(for: exposedName)
        return try await counted(route.serverID) {
            try await session.call(tool: route.toolName, arguments: arguments, timeout: settings.containers.callTimeout, progress: progress)
        }
    }

    /// Forwards a client's `tools/call` request (a JSON-RPC line) to the child behind
    /// `exposedName` with only its id and tool name rewritten, and returns the child's
    /// `result` as JSON text, undecoded. Starting, time-out and cancellation as for `call`.
    public func forward(exposedName: String, request: JSONRPCLine) async throws -> Data {
        let (session, route) = try await readySession(for: exposedName)
        return try await counted(route.serverID) {
            try await session.forward(request, tool: route.toolName, timeout: settings.containers.callTimeout)
        }
    }

    /// Runs `body` as a call in flight on the server `id` (its idle clock waits for it).
    private func counted<T: Sendable>(_ id: String, _ body: () async throws -> T) async throws -> T {
        servers[id]?.inFlight += 1
        servers[id]?.lastUsed = Date()
        defer {
            if servers[id] != nil {
                servers[id]?.inFlight -= 1
                servers[id]?.lastUsed = Date()
            }
        }
        return try await body()
    }

    /// The live session behind an exposed tool name and its route, starting an idle server
    /// (or a remote given up after an outage) first; throws `GatewayError` when there is none.
    private func readySession(for exposedName: String) async throws -> (ChildSession, ToolNamespace.Route) {
        guard let route = namespace.route(for: exposedName) else {
            throw GatewayError.unknownTool(exposedName, known: namespace.exposedNames)
        }
        let id = route.serverID
        guard let server = servers[id] else { throw GatewayError.unknownTool(exposedName, known: namespace.exposedNames) }
        switch server.status {
        case .running:
            break
        case .idle:
            servers[id]?.status = .starting
            do {
                try await start(id)
            } catch {
                if servers[id] != nil {
                    servers[id]?.status = .idle
                    servers[id]?.lastError = "\(error)"
                }
                throw GatewayError.serverUnavailable(entryID: id, reason: "it was stopped while idle and did not start again: \(error)")
            }
        case .failed where server.entry.launch.kind == "remote":
            // A remote given up after a long outage: a call tries to reach it once more.
            servers[id]?.status = .starting
            do {
                try await start(id)
                servers[id]?.failedAttempts = 0
                servers[id]?.restarts += 1
                notifyToolsChanged()
            } catch {
                if servers[id] != nil {
                    servers[id]?.status = .failed
                    servers[id]?.lastError = "\(error)"
                }
                throw GatewayError.serverUnavailable(entryID: id, reason: "it still cannot be reached (each call tries again): \(error)")
            }
        case .starting:
            throw GatewayError.serverUnavailable(entryID: id, reason: "it is starting; try again in a moment.")
        case .restarting:
            throw GatewayError.serverUnavailable(
                entryID: id,
                reason: "it exited and is being restarted (restart \(server.restarts)); try again in a few seconds. Last error: \(server.lastError ?? "unknown")")
        case .failed:
            throw GatewayError.serverUnavailable(
                entryID: id,
                reason: "it kept crashing and was given up; registry-remove and registry-add it again. Last error: \(server.lastError ?? "unknown")")
        }
        guard let session = servers[id]?.session else {
            throw GatewayError.serverUnavailable(entryID: id, reason: "it has no live session.")
        }
        return (session, route)
    }

    /// The live session of an active server (for resources and prompts), by id or prefix.
    public func session(for idOrPrefix: String) -> ChildSession? {
        key(for: idOrPrefix).flatMap { servers[$0]?.session }
    }

    // MARK: - Status

    /// The active servers, sorted by prefix: status, container, uptime, tools, restarts,
    /// last error, env and secret names (never values).
    public func active() -> [ActiveServerInfo] {
        let now = Date()
        return servers.map { id, server in
            ActiveServerInfo(
                entryID: id, prefix: server.prefix, kind: server.summary?.kind ?? server.entry.launch.kind,
                status: server.status.rawValue, containerName: server.summary?.containerName,
                containerID: server.containerID, image: server.summary?.image, url: server.summary?.url,
                startedAt: server.startedAt, uptime: server.startedAt.map { now.timeIntervalSince($0) },
                tools: exposedTools(id, server).map(\.name), toolCount: exposedTools(id, server).count,
                resourceCount: server.resourceCount,
                promptCount: server.promptCount, restarts: server.restarts, lastError: server.lastError,
                environmentNames: server.summary?.environmentNames ?? [], secretNames: server.summary?.secretNames ?? [],
                progress: server.status == .starting ? connector(for: server.entry)?.activity(for: id) : nil)
        }.sorted { $0.prefix < $1.prefix }
    }

    /// Whether an entry (id, case-insensitive, or prefix) is active.
    public func isActive(_ idOrPrefix: String) -> Bool { key(for: idOrPrefix) != nil }

    // MARK: - Configuration

    /// Validates `values` against what the entry declares, stores secrets in the 0600 store
    /// and the rest in the settings file (`null` removes a value), and restarts the server
    /// if it is active so they apply. Throws `invalidConfiguration` (nothing stored) when a
    /// name or value does not fit.
    public func setConfiguration(entry: CatalogEntry, values: [String: JSONValue]) async throws -> ConfigurationUpdate {
        let validator = ConfigValidator(entry: entry)
        let classified = validator.classify(values)
        guard classified.isValid else { throw GatewayError.invalidConfiguration(entryID: entry.id, problems: classified.problems) }
        if !classified.secrets.isEmpty || !classified.removedSecrets.isEmpty {
            guard let secrets else { throw GatewayError.invalidConfiguration(entryID: entry.id, problems: ["No secret store is configured."]) }
            for (name, value) in classified.secrets { try secrets.set(name, value) }
            for name in classified.removedSecrets { try secrets.remove(name) }
        }
        if !classified.config.isEmpty {
            guard let configStore else { throw GatewayError.invalidConfiguration(entryID: entry.id, problems: ["No settings file is configured."]) }
            try configStore.merge(classified.config, for: entry.id)
        }
        var restarted = false
        if let id = key(for: entry.id) {
            for (name, value) in classified.config { servers[id]?.config[name] = value == .null ? nil : value }
            for name in classified.removedSecrets { servers[id]?.secretOverrides[name] = nil }
            for (name, _) in classified.secrets { servers[id]?.secretOverrides[name] = nil }
            try await restart(id: id)
            restarted = true
        }
        return ConfigurationUpdate(
            entryID: entry.id,
            secretNames: classified.secretNames,
            removedSecretNames: classified.removedSecrets.sorted(),
            valueNames: classified.config.filter { $0.value != .null }.keys.sorted(),
            removedValueNames: classified.config.filter { $0.value == .null }.keys.sorted(),
            restarted: restarted,
            stillMissing: missingConfiguration(for: entry))
    }

    /// What the entry still needs before it can start, from the stored values and secrets.
    public nonisolated func missingConfiguration(for entry: CatalogEntry) -> [MissingValue] {
        let stored = (try? configStore?.values(for: entry.id)) ?? [:]
        return ConfigValidator(entry: entry).missing(config: stored, secretNames: SecretSource(store: secrets).names())
    }

    // MARK: - Removal and lifecycle

    /// Removes a server by entry id or prefix: drops its tools (tools-changed handlers run),
    /// closes the session, stops the container (`podman stop -t 2`, then kill) and confirms
    /// it is gone.
    @discardableResult
    public func remove(id idOrPrefix: String) async throws -> Removal {
        guard let id = key(for: idOrPrefix), let server = servers[id] else { throw GatewayError.notActive(idOrPrefix) }
        let removedTools = exposedTools(id, server).map(\.name)
        servers[id] = nil
        namespace.removeServer(id)
        removeLists(id)
        saveState()
        notifyToolsChanged()
        if server.resourceCount + server.promptCount > 0 { notifyListsChanged() }
        if let session = server.session { await session.close() }
        var gone = true
        if let name = server.summary?.containerName {
            if (try? await engine.inspect(name)) != nil {
                try? await engine.stop(name, timeout: 0)
            }
            gone = (try? await engine.inspect(name)) == nil
        }
        logger.info("server removed", metadata: ["entry": "\(id)", "gone": "\(gone)"])
        return Removal(entryID: id, prefix: server.prefix, removedTools: removedTools, containerName: server.summary?.containerName, confirmedGone: gone)
    }

    /// Restarts an active server's child now (to apply new configuration or secrets). The
    /// stored configuration is read again; values given at activation still apply.
    @discardableResult
    public func restart(id idOrPrefix: String) async throws -> Activation {
        let begin = Date()
        guard let id = key(for: idOrPrefix), var server = servers[id] else { throw GatewayError.notActive(idOrPrefix) }
        let old = server.session
        server.generation += 1
        server.session = nil
        server.status = .starting
        server.failedAttempts = 0
        if let stored = try? configStore?.values(for: id) {
            var merged = stored
            for (name, value) in server.config where merged[name] == nil { merged[name] = value }
            server.config = merged
        }
        servers[id] = server
        if let old { await old.close() }
        do {
            try await start(id)
        } catch {
            if servers[id] != nil {
                servers[id]?.status = .failed
                servers[id]?.lastError = "\(error)"
            }
            throw error
        }
        notifyToolsChanged()
        return activation(for: id, servers[id]!, alreadyActive: false, since: begin)
    }

    /// A child went away by itself: fail its calls, keep its tools listed, restart it with
    /// back-off.
    private func childExited(_ id: String, generation: Int, reason: String) async {
        guard var server = servers[id], server.generation == generation, server.status == .running else { return }
        let tail = server.session?.connection.recentErrorOutput(5) ?? []
        server.lastError = reason + (tail.isEmpty ? "" : "; stderr: " + tail.joined(separator: " | "))
        let uptime = server.startedAt.map { Date().timeIntervalSince($0) } ?? 0
        server.failedAttempts = uptime >= restartPolicy.stableUptime ? 0 : server.failedAttempts + 1
        let giveUp = server.failedAttempts >= restartPolicy.maximumAttempts
        let session = server.session
        server.session = nil
        server.status = giveUp ? .failed : .restarting
        server.startedAt = nil
        servers[id] = server
        if giveUp {
            logger.error("child keeps dying soon after it starts; giving up", metadata: ["entry": "\(id)", "reason": "\(reason)"])
        } else {
            logger.warning("child exited; restarting", metadata: ["entry": "\(id)", "reason": "\(reason)"])
        }
        if let session { await session.close() }
        if !giveUp { scheduleRestart(id) }
    }

    private func scheduleRestart(_ id: String) {
        guard let server = servers[id] else { return }
        let attempt = server.failedAttempts
        let delay = min(restartPolicy.maximumDelay, restartPolicy.initialDelay * pow(2, Double(attempt)))
        let generation = server.generation
        track(Task { [weak self] in
            try? await Task.sleep(nanoseconds: UInt64(delay * 1_000_000_000))
            await self?.attemptRestart(id, generation: generation)
        })
    }

    private func attemptRestart(_ id: String, generation: Int) async {
        guard let server = servers[id], server.generation == generation, server.status == .restarting else { return }
        do {
            try await start(id)
            servers[id]?.restarts += 1
            notifyToolsChanged()
            logger.info("child restarted", metadata: ["entry": "\(id)"])
        } catch {
            guard servers[id] != nil else { return }
            servers[id]?.failedAttempts += 1
            servers[id]?.lastError = "\(error)"
            if (servers[id]?.failedAttempts ?? 0) >= restartPolicy.maximumAttempts {
                servers[id]?.status = .failed
                logger.error("child keeps failing; giving up", metadata: ["entry": "\(id)"])
            } else {
                servers[id]?.status = .restarting
                scheduleRestart(id)
            }
        }
    }

    /// Stops every child (stdin EOF, SIGTERM, SIGINT). The gateway is empty afterwards; the
    /// record of active servers is kept so they come back on the next start.
    public func stopAll() async {
        idleMonitor?.cancel()
        idleMonitor = nil
        background.forEach { $0.cancel() }
        background = []
        let sessions = servers.values.compactMap(\.session)
        servers = [:]
        namespace = ToolNamespace()
        promptNames = ToolNamespace()
        resourceTable = ResourceTable()
        await withTaskGroup(of: Void.self) { group in
            for session in sessions { group.addTask { await session.close() } }
        }
    }

    /// Removes containers labelled as the registry's that no live registry tracks (left by
    /// a crash). Returns their names; an engine that is not installed sweeps nothing.
    @discardableResult
    public func sweepOrphans() async -> [String] {
        let tracked = Set(servers.values.compactMap(\.summary?.containerName))
        do {
            return try await engine.sweep(except: tracked)
        } catch {
            logger.notice("sweep skipped", metadata: ["reason": "\(error)"])
            return []
        }
    }

    // MARK: - Idle stop

    private func scheduleIdleMonitor() {
        let idle = settings.containers.idleTimeout
        guard idle > 0 else {
            idleMonitor?.cancel()
            idleMonitor = nil
            return
        }
        guard idleMonitor == nil else { return }
        let interval = max(0.5, min(idle / 2, 30))
        idleMonitor = Task { [weak self] in
            while !Task.isCancelled {
                try? await Task.sleep(nanoseconds: UInt64(interval * 1_000_000_000))
                await self?.stopIdleServers()
            }
        }
    }

    private func stopIdleServers() async {
        let idle = settings.containers.idleTimeout
        guard idle > 0 else { return }
        let now = Date()
        for (id, server) in servers where server.status == .running && server.inFlight == 0 && now.timeIntervalSince(server.lastUsed) >= idle {
            var updated = server
            updated.generation += 1
            updated.session = nil
            updated.status = .idle
            updated.startedAt = nil
            servers[id] = updated
            logger.info("stopping idle child", metadata: ["entry": "\(id)"])
            if let session = server.session { await session.close() }
        }
    }

    // MARK: - Saved state

    /// The servers that were active when the registry last ran (for restoring them).
    public nonisolated func savedActivations() -> [ActiveServerRecord] {
        guard let stateFile, let data = FileManager.default.contents(atPath: stateFile.path) else { return [] }
        return (try? JSONDecoder().decode([ActiveServerRecord].self, from: data)) ?? []
    }

    private func saveState() {
        guard let stateFile else { return }
        let records = servers.keys.sorted().map { id in
            ActiveServerRecord(entryID: id, prefix: servers[id]!.prefix, toolFilter: servers[id]!.toolFilter.map { $0.sorted() })
        }
        do {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            try AtomicFile.write(try encoder.encode(records), to: stateFile)
        } catch {
            logger.warning("could not record active servers", metadata: ["error": "\(error)"])
        }
    }

    // MARK: - Helpers

    private func connector(for entry: CatalogEntry) -> (any ChildConnector)? {
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

    private func uniquePrefix(_ base: String) -> String {
        let taken = Set(servers.values.map(\.prefix))
        guard taken.contains(base) else { return base }
        var counter = 2
        while taken.contains("\(base)_\(counter)") { counter += 1 }
        return "\(base)_\(counter)"
    }

    private func track(_ task: Task<Void, Never>) {
        background.removeAll { $0.isCancelled }
        background.append(task)
    }
}
