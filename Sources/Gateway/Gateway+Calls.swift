import Foundation
import MCP
import RegistryCore

/// The proxied tools and calls to them.
extension Gateway {
    /// Every proxied tool under its exposed name, schemas verbatim (for `tools/list`).
    /// Tools of a server that is restarting or idle stay listed.
    public func tools() -> [Tool] {
        servers.keys.sorted().flatMap { exposedTools($0, servers[$0]!) }
    }

    func exposedTools(_ id: String, _ server: Managed) -> [Tool] {
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

    /// The server behind an exposed tool name when its container runs without a network,
    /// with its last `limit` stderr lines; `nil` for any other (or no) server.
    public func networkless(exposedName: String, limit: Int = 20) -> NetworklessServer? {
        guard let id = namespace.route(for: exposedName)?.serverID, let server = servers[id],
              server.summary?.networkDisabled == true else { return nil }
        let stderr = limit > 0 ? server.session?.connection.recentErrorOutput(limit) ?? [] : []
        return NetworklessServer(entryID: id, recentErrorOutput: stderr)
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
        guard servers[id] != nil else { throw GatewayError.unknownTool(exposedName, known: namespace.exposedNames) }
        let isRemote = servers[id]?.entry.launch.kind == "remote"
        switch servers[id]!.lifecycle.callArrived(isRemote: isRemote) {
        case .proceed:
            break
        case .start(let cause):
            do {
                try await start(id)
                // A remote tried again after an outage counts as restarted: its tools are back.
                if cause == .retry { notifyToolsChanged() }
            } catch {
                _ = servers[id]?.lifecycle.startFailed(reason: "\(error)")
                throw GatewayError.serverUnavailable(
                    entryID: id, reason: cause == .retry ? .stillUnreachable(error: "\(error)") : .didNotWake(error: "\(error)"))
            }
        case .unavailable(.starting):
            throw GatewayError.serverUnavailable(entryID: id, reason: .starting)
        case .unavailable(.restarting(let restarts, let lastError)):
            throw GatewayError.serverUnavailable(entryID: id, reason: .restarting(restarts: restarts, lastError: lastError))
        case .unavailable(.failed(let lastError)):
            throw GatewayError.serverUnavailable(entryID: id, reason: .givenUp(lastError: lastError))
        case .unavailable(.stopped):
            throw GatewayError.notActive(id)
        }
        guard let session = servers[id]?.session else {
            throw GatewayError.serverUnavailable(entryID: id, reason: .noSession)
        }
        return (session, route)
    }

    /// The live session of an active server (for resources and prompts), by id or prefix.
    public func session(for idOrPrefix: String) -> ChildSession? {
        key(for: idOrPrefix).flatMap { servers[$0]?.session }
    }
}
