import ContainerRuntime
import Foundation
import MCP
import RegistryCore

/// Starting a catalog server: validating its configuration, opening the child, the MCP
/// handshake, and installing its tools under the server's prefix.
extension Gateway {
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
        refreshNetworkSetting()
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
        let server = Managed(
            entry: entry,
            prefix: uniquePrefix(ToolNamespace.sanitizePrefix(prefix ?? entry.name)),
            config: merged,
            secretOverrides: given.secrets,
            toolFilter: allowList.map(Set.init),
            lifecycle: ServerLifecycle(policy: restartPolicy))
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
    func persist(_ given: ConfigClassification, for id: String) {
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
    func start(_ id: String, progress: (@Sendable (String) -> Void)? = nil) async throws {
        guard let server = servers[id] else { throw GatewayError.notActive(id) }
        guard let connector = connector(for: server.entry) else {
            throw GatewayError.unsupportedLaunch(entryID: id, kind: server.entry.launch.kind)
        }
        let request = ChildLaunchRequest(
            entry: server.entry, config: server.config,
            secrets: SecretSource(store: secrets, overrides: server.secretOverrides),
            settings: settings, session: session, progress: progress)
        var connection = try await open(connector, request, id: id)
        let generation = servers[id]?.lifecycle.nextGeneration ?? 1
        let faults = server.faults
        let session: ChildSession
        var recovered = false
        while true {
            do {
                session = try await ChildSession.start(
                    connection: connection,
                    timeout: settings.containers.startTimeout,
                    faults: faults,
                    onToolsChanged: { [weak self] tools in
                        await self?.childToolsChanged(id, generation: generation, tools: tools)
                    },
                    onListsChanged: { [weak self] in
                        await self?.childListsChanged(id, generation: generation)
                    },
                    onConnectionLost: { [weak self] loss in
                        await self?.childExited(id, generation: generation, reason: "its connection ended: \(loss)")
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
                        throw GatewayError.startFailed(entryID: id, cause: StartFailure(error), stderr: [])
                    }
                    if again {
                        connection = try await open(connector, request, id: id)
                        continue
                    }
                }
                throw GatewayError.startFailed(entryID: id, cause: StartFailure(error), stderr: error.stderr)
            } catch {
                await connection.close()
                throw GatewayError.startFailed(entryID: id, cause: StartFailure(error), stderr: connection.recentErrorOutput(20))
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
            throw GatewayError.startFailed(entryID: id, cause: StartFailure(error), stderr: [])
        } catch RemoteConnectorError.oauthRequired(let entryID, let provider, let secretName) {
            throw GatewayError.oauthRequired(entryID: entryID, provider: provider, secretName: secretName)
        } catch let error as GatewayError {
            throw error
        } catch {
            throw GatewayError.startFailed(entryID: id, cause: StartFailure(error), stderr: [])
        }
    }

    /// Installs a started child's session: its tools, resources and prompts, and the watch
    /// on its exit.
    private func adopt(_ id: String, session: ChildSession, connection: any ChildConnection, generation: Int) async throws {
        guard var current = servers[id] else {
            // Removed while starting.
            await session.close()
            throw GatewayError.notActive(id)
        }
        current.session = session
        current.summary = connection.summary
        current.tools = await session.tools
        current.resources = await session.resources
        current.resourceTemplates = await session.resourceTemplates
        current.prompts = await session.prompts
        current.serverInfo = await session.serverInfo
        current.instructions = await session.instructions
        current.lifecycle.started(generation: generation, at: Date())
        current.lastUsed = Date()
        // The id podman wrote at start (`--cidfile`); else asked below, off the start's path.
        current.containerID = current.summary?.containerID
        servers[id] = current
        install(id)
        installLists(id)
        connection.onTermination { [weak self] reason in
            Task { await self?.childExited(id, generation: generation, reason: reason) }
        }
        if current.containerID == nil, let name = current.summary?.containerName {
            let engine = self.engine
            track(Task { [weak self] in
                if let info = try? await engine.inspect(name) {
                    await self?.setContainerID(id, generation: generation, info.shortID)
                }
            })
        }
        scheduleIdleMonitor()
    }

    func setContainerID(_ id: String, generation: Int, _ containerID: String) {
        guard servers[id]?.lifecycle.generation == generation else { return }
        servers[id]?.containerID = containerID
    }

    /// Puts a server's (allowed) tools into the namespace.
    func install(_ id: String) {
        guard let server = servers[id] else { return }
        let names = server.tools.map(\.name).filter { server.toolFilter?.contains($0) ?? true }
        namespace.register(serverID: id, prefix: server.prefix, tools: names)
        toolListVersion += 1
    }

    func childToolsChanged(_ id: String, generation: Int, tools: [Tool]) {
        guard var server = servers[id], server.lifecycle.generation == generation else { return }
        server.tools = tools
        servers[id] = server
        install(id)
        notifyToolsChanged()
    }

    func activation(for id: String, _ server: Managed, alreadyActive: Bool, since begin: Date) -> Activation {
        Activation(
            entryID: id, prefix: server.prefix, tools: exposedTools(id, server),
            serverName: server.serverInfo?.name, serverVersion: server.serverInfo?.version,
            instructions: server.instructions, resourceCount: server.resourceCount, promptCount: server.promptCount,
            summary: server.summary ?? ChildSummary(kind: server.entry.launch.kind),
            alreadyActive: alreadyActive, elapsed: Date().timeIntervalSince(begin))
    }
}
