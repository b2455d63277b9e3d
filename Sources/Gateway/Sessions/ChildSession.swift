import Foundation
import Logging
import MCP
import Synchronization
import MCPStdio

/// An MCP client session to one child over its connection: the handshake with a time-out,
/// its tools (and resources and prompts when it has them), followed through the child's
/// `tools/list_changed`, and tool calls with a time-out, cancellation and progress.
public actor ChildSession {
    /// The child.
    public nonisolated let connection: any ChildConnection
    private let client: Client
    /// The child's transport as the `Client` sees it, with the side door `forward` uses.
    let relay: RelayTransport
    /// What the child said about itself in the handshake.
    public private(set) var serverInfo: Server.Info?
    public private(set) var capabilities: Server.Capabilities?
    public private(set) var instructions: String?
    /// The child's tools, schemas verbatim.
    public private(set) var tools: [Tool] = []
    public private(set) var resources: [Resource] = []
    public private(set) var resourceTemplates: [Resource.Template] = []
    public private(set) var prompts: [Prompt] = []
    private var progressHandlers: [ProgressToken: @Sendable (ProgressNotification.Parameters) async -> Void] = [:]
    private var toolsChanged: (@Sendable ([Tool]) async -> Void)?
    private var listsChanged: (@Sendable () async -> Void)?
    private var connectionLost: (@Sendable (ChildConnectionLoss) async -> Void)?
    /// What the child did wrong (kept across restarts when the gateway passes the same log).
    public nonisolated let faults: ChildFaultLog
    private(set) var closed = false
    let exited = ExitFlag()
    private let logger = Logger(label: "mcp-registry.child")

    private init(connection: any ChildConnection, faults: ChildFaultLog) {
        self.connection = connection
        self.faults = faults
        self.client = Client(name: "mcp-registry", version: "0.1.0")
        self.relay = RelayTransport(wrapping: connection.transport, faults: faults)
    }

    /// Connects over `connection`, runs the handshake within `timeout` seconds and lists
    /// what the child offers. When the child exits or does not answer in time, the
    /// connection is closed and the error says why, with the child's last stderr lines.
    /// `onToolsChanged` runs with the new list whenever the child's tools change;
    /// `onListsChanged` after its resources or prompts were listed again (on its own
    /// `resources/list_changed` or `prompts/list_changed`). `onConnectionLost` runs once
    /// when the child's messages end while its process keeps running (it closed its
    /// stdout, or sent a message over the size limit); an exit is the connection's
    /// `onTermination`. `faults` receives what the child does wrong.
    public static func start(
        connection: any ChildConnection,
        timeout: Double,
        faults: ChildFaultLog = ChildFaultLog(),
        onToolsChanged: (@Sendable ([Tool]) async -> Void)? = nil,
        onListsChanged: (@Sendable () async -> Void)? = nil,
        onConnectionLost: (@Sendable (ChildConnectionLoss) async -> Void)? = nil
    ) async throws -> ChildSession {
        let session = ChildSession(connection: connection, faults: faults)
        await session.setToolsChanged(onToolsChanged)
        await session.setListsChanged(onListsChanged)
        await session.setConnectionLost(onConnectionLost)
        do {
            try await session.handshake(timeout: timeout)
            return session
        } catch {
            await session.close()
            throw error
        }
    }

    private func setToolsChanged(_ handler: (@Sendable ([Tool]) async -> Void)?) {
        toolsChanged = handler
    }

    private func setListsChanged(_ handler: (@Sendable () async -> Void)?) {
        listsChanged = handler
    }

    private func setConnectionLost(_ handler: (@Sendable (ChildConnectionLoss) async -> Void)?) {
        connectionLost = handler
    }

    /// The child's messages ended. An exit is reported by the connection itself; here a
    /// child that is still running a moment later lost its connection by its own fault.
    private func messagesEnded(_ error: Error?) async {
        guard !closed else { return }
        let loss: ChildConnectionLoss
        if case .messageTooLarge(let limit)? = error as? PipeTransportError {
            loss = .oversizedMessage(limit: limit)
        } else {
            // Its stdout closes just before its exit is seen: give the exit a moment.
            for _ in 0..<20 where exited.reason == nil {
                try? await Task.sleep(nanoseconds: 100_000_000)
            }
            guard exited.reason == nil, !closed else { return }
            faults.record { $0.closedOutputWhileRunning = true }
            loss = .closedOutput
        }
        logger.warning("a child's connection ended while it kept running", metadata: ["loss": "\(loss)"])
        await connectionLost?(loss)
    }

    private func handshake(timeout: Double) async throws {
        let client = self.client
        let exited = self.exited
        connection.onTermination { reason in
            exited.set(reason)
            Task { await client.disconnect() }
        }
        await client.onNotification(ToolListChangedNotification.self) { [weak self] _ in
            guard let self else { return }
            Task { await self.refreshToolsAfterChange() }
        }
        await client.onNotification(ResourceListChangedNotification.self) { [weak self] _ in
            guard let self else { return }
            Task { await self.refreshListsAfterChange(resources: true) }
        }
        await client.onNotification(PromptListChangedNotification.self) { [weak self] _ in
            guard let self else { return }
            Task { await self.refreshListsAfterChange(resources: false) }
        }
        await client.onNotification(ProgressNotification.self) { [weak self] message in
            await self?.deliverProgress(message.params)
        }
        let transport = relay
        await relay.onEnd { [weak self] error in
            guard let self else { return }
            Task { await self.messagesEnded(error) }
        }
        let deadline = Date().addingTimeInterval(timeout)
        do {
            let result = try await withDeadline(seconds: timeout, operation: {
                try await client.connect(transport: transport)
            }, onTimeout: {
                await client.disconnect()
            })
            serverInfo = result.serverInfo
            capabilities = result.capabilities
            instructions = result.instructions
            let remaining = max(1, deadline.timeIntervalSinceNow)
            try await withDeadline(seconds: remaining, operation: { try await self.listEverything() }, onTimeout: {
                await client.disconnect()
            })
        } catch {
            let tail = connection.recentErrorOutput(20)
            if let reason = exited.reason {
                throw ChildSessionError.exited(reason: reason, stderr: tail)
            }
            if error is GatewayTimeout {
                throw ChildSessionError.handshakeTimeout(seconds: timeout, stderr: tail)
            }
            throw ChildSessionError.handshakeFailed(reason: "\(error)", stderr: tail)
        }
    }

    /// Seconds allowed for a list request after start-up.
    static let listTimeout: Double = 30

    /// Tools, resources and prompts asked for at once (one round trip through podman's
    /// relay instead of three or four in a row); a failure to list resources or prompts
    /// leaves them empty.
    private func listEverything() async throws {
        let hasResources = capabilities?.resources != nil
        let hasPrompts = capabilities?.prompts != nil
        async let resourcesListed = hasResources ? (try? await listResources()) != nil : false
        async let promptsListed = hasPrompts ? (try? await listPrompts()) != nil : false
        tools = try await listAllTools()
        _ = await (resourcesListed, promptsListed)
    }

    private func listAllTools() async throws -> [Tool] {
        try await pages { cursor in
            let result = try await self.request(ListTools.request(cursor.map { .init(cursor: $0) } ?? .init()), timeout: Self.listTimeout, what: "tools/list")
            return (result.tools, result.nextCursor)
        }
    }

    private func listResources() async throws {
        resources = try await pages { cursor in
            let result = try await self.request(ListResources.request(cursor.map { .init(cursor: $0) } ?? .init()), timeout: Self.listTimeout, what: "resources/list")
            return (result.resources, result.nextCursor)
        }
        resourceTemplates = (try? await pages { cursor in
            let result = try await self.request(ListResourceTemplates.request(cursor.map { .init(cursor: $0) } ?? .init()), timeout: Self.listTimeout, what: "resources/templates/list")
            return (result.templates, result.nextCursor)
        }) ?? []
    }

    private func listPrompts() async throws {
        prompts = try await pages { cursor in
            let result = try await self.request(ListPrompts.request(cursor.map { .init(cursor: $0) } ?? .init()), timeout: Self.listTimeout, what: "prompts/list")
            return (result.prompts, result.nextCursor)
        }
    }

    /// Follows a cursor through every page.
    private func pages<Item>(_ fetch: (String?) async throws -> ([Item], String?)) async throws -> [Item] {
        var items: [Item] = []
        var cursor: String?
        var seen = Set<String>()
        repeat {
            let (page, next) = try await fetch(cursor)
            items += page
            cursor = next
            if let next, !seen.insert(next).inserted { break }
        } while cursor != nil
        return items
    }

    /// Lists the child's tools again (after its `tools/list_changed`).
    @discardableResult
    public func refreshTools() async throws -> [Tool] {
        tools = try await listAllTools()
        return tools
    }

    private func refreshToolsAfterChange() async {
        guard !closed else { return }
        do {
            let updated = try await listAllTools()
            tools = updated
            await toolsChanged?(updated)
        } catch {
            logger.warning("re-listing a child's tools failed", metadata: ["error": "\(error)"])
        }
    }

    private func refreshListsAfterChange(resources changedResources: Bool) async {
        guard !closed else { return }
        do {
            if changedResources {
                try await listResources()
            } else {
                try await listPrompts()
            }
            await listsChanged?()
        } catch {
            logger.warning("re-listing a child's resources or prompts failed", metadata: ["error": "\(error)"])
        }
    }

    /// Sends one request and waits for its result: within `timeout` seconds (then the
    /// request is cancelled at the child), cancelled at the child when the calling task is.
    /// Failures become `ChildSessionError` (`callTimeout`, `callFailed` saying when the
    /// server stopped); cancellation stays `CancellationError`.
    private func request<M: Method>(_ request: Request<M>, timeout: Double, what: String) async throws -> M.Result {
        guard !closed else { throw ChildSessionError.closed }
        let client = self.client
        let exited = self.exited
        func failure(_ error: Error) -> Error {
            if let reason = exited.reason {
                return ChildSessionError.callFailed(tool: what, reason: "the server stopped (\(reason))")
            }
            if let error = error as? MCPError { return ChildSessionError.callFailed(tool: what, reason: error.localizedDescription) }
            return error
        }
        let context: RequestContext<M.Result>
        do {
            context = try await client.send(request)
        } catch {
            throw failure(error)
        }
        let requestID = context.requestID
        return try await withTaskCancellationHandler {
            do {
                return try await withDeadline(seconds: timeout, operation: { try await context.value }, onTimeout: {
                    try? await client.cancelRequest(requestID, reason: "timed out after \(timeout) s")
                })
            } catch is GatewayTimeout {
                faults.recordTimeout(tool: what, seconds: timeout)
                throw ChildSessionError.callTimeout(tool: what, seconds: timeout)
            } catch is CancellationError {
                throw CancellationError()
            } catch {
                throw failure(error)
            }
        } onCancel: {
            Task { try? await client.cancelRequest(requestID, reason: "cancelled by the client") }
        }
    }

    /// Calls a tool by its name on the child and returns the child's whole result (a
    /// JSON-RPC error from the child becomes `ChildSessionError.callFailed`).
    ///
    /// - Parameters:
    ///   - timeout: seconds before the request is cancelled at the child and
    ///     `ChildSessionError.callTimeout` is thrown.
    ///   - progress: receives the child's progress notifications for this call.
    /// Cancelling the calling task cancels the request at the child.
    public func call(
        tool name: String,
        arguments: [String: Value]?,
        timeout: Double,
        progress: (@Sendable (ProgressNotification.Parameters) async -> Void)? = nil
    ) async throws -> CallTool.Result {
        guard !closed else { throw ChildSessionError.closed }
        var meta: Metadata?
        var token: ProgressToken?
        if let progress {
            token = ProgressToken.unique()
            meta = Metadata(progressToken: token)
            progressHandlers[token!] = progress
        }
        defer { if let token { progressHandlers[token] = nil } }
        return try await self.request(CallTool.request(.init(name: name, arguments: arguments, meta: meta)), timeout: timeout, what: name)
    }

    /// Reads a resource from the child (time-out and cancellation as for `call`).
    public func readResource(uri: String, timeout: Double) async throws -> [Resource.Content] {
        try await request(ReadResource.request(.init(uri: uri)), timeout: timeout, what: "resources/read").contents
    }

    /// Gets a prompt from the child (time-out and cancellation as for `call`).
    public func getPrompt(name: String, arguments: [String: String]?, timeout: Double) async throws -> (description: String?, messages: [Prompt.Message]) {
        let result = try await request(GetPrompt.request(.init(name: name, arguments: arguments)), timeout: timeout, what: "prompts/get")
        return (result.description, result.messages)
    }

    private func deliverProgress(_ parameters: ProgressNotification.Parameters) async {
        await progressHandlers[parameters.progressToken]?(parameters)
    }

    /// Ends the session: disconnects the client (pending calls fail) and closes the
    /// connection (stops the container). Safe to call twice.
    public func close() async {
        guard !closed else { return }
        closed = true
        await client.disconnect()
        await connection.close()
    }

    /// Disconnects the client without closing the connection (the child is already gone).
    func abandon() async {
        closed = true
        await client.disconnect()
    }
}
