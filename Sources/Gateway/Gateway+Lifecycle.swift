import Foundation
import RegistryCore

/// Removal, restarts with back-off, idle stop, stopping everything and sweeping orphans.
extension Gateway {
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
        server.lifecycle.restartRequested()
        server.session = nil
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
            _ = servers[id]?.lifecycle.startFailed(reason: "\(error)")
            throw error
        }
        notifyToolsChanged()
        return activation(for: id, servers[id]!, alreadyActive: false, since: begin)
    }

    /// A child went away by itself: fail its calls, keep its tools listed, restart it with
    /// back-off.
    func childExited(_ id: String, generation: Int, reason: String) async {
        guard var server = servers[id] else { return }
        let tail = server.session?.connection.recentErrorOutput(5) ?? []
        let detail = reason + (tail.isEmpty ? "" : "; stderr: " + tail.joined(separator: " | "))
        let action = server.lifecycle.childExited(generation: generation, reason: detail, at: Date())
        guard action != .none else { return }
        let session = server.session
        server.session = nil
        servers[id] = server
        if action == .giveUp {
            logger.error("child keeps dying soon after it starts; giving up", metadata: ["entry": "\(id)", "reason": "\(reason)"])
        } else {
            logger.warning("child exited; restarting", metadata: ["entry": "\(id)", "reason": "\(reason)"])
        }
        if let session { await session.close() }
        scheduleRestart(id, action)
    }

    /// Starts the back-off a failure asked for, if it asked for one.
    func scheduleRestart(_ id: String, _ action: ServerLifecycle.FailureAction) {
        guard case .restart(let delay, let generation) = action else { return }
        track(Task { [weak self] in
            try? await Task.sleep(nanoseconds: UInt64(delay * 1_000_000_000))
            await self?.attemptRestart(id, generation: generation)
        })
    }

    func attemptRestart(_ id: String, generation: Int) async {
        guard let server = servers[id], server.lifecycle.restartDue(generation: generation) else { return }
        do {
            try await start(id)
            notifyToolsChanged()
            logger.info("child restarted", metadata: ["entry": "\(id)"])
        } catch {
            guard let action = servers[id]?.lifecycle.startFailed(reason: "\(error)") else { return }
            if action == .giveUp {
                logger.error("child keeps failing; giving up", metadata: ["entry": "\(id)"])
            }
            scheduleRestart(id, action)
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
        // Containers of this gateway's session are its own, tracked or still starting.
        let tracked = Set(servers.values.compactMap(\.summary?.containerName)).union([session])
        do {
            return try await engine.sweep(except: tracked)
        } catch {
            logger.notice("sweep skipped", metadata: ["reason": "\(error)"])
            return []
        }
    }

    // MARK: - Idle stop

    func scheduleIdleMonitor() {
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

    func stopIdleServers() async {
        let idle = settings.containers.idleTimeout
        guard idle > 0 else { return }
        let now = Date()
        for (id, server) in servers where server.lifecycle.isReady && server.inFlight == 0 && now.timeIntervalSince(server.lastUsed) >= idle {
            var updated = server
            guard updated.lifecycle.idleTimeoutElapsed() else { continue }
            updated.session = nil
            servers[id] = updated
            logger.info("stopping idle child", metadata: ["entry": "\(id)"])
            if let session = server.session { await session.close() }
        }
    }
}
