import Foundation
import Logging
import MCP
import RegistryCore
import Synchronization

/// The MCP server an AI client talks to: the registry's own tools plus the proxied tools
/// of running servers, over any transport (stdio in production).
public actor RegistryMCPServer {
    public let server: Server
    private let tools: [String: any RegistryTool]
    private let toolOrder: [String]
    private let proxied: (any ProxiedToolProvider)?
    private let lists: (any ProxiedListProvider)?
    private let logger: Logger
    private let inFlightCounter = InFlightCounter()
    private let toolListCache = ToolListCache()

    /// - Parameters:
    ///   - tools: the registry's own tools.
    ///   - proxied: the activation layer, when there is one.
    ///   - lists: running servers' resources and prompts; with it the server announces the
    ///     `resources` and `prompts` capabilities (with `listChanged`) and answers them.
    public init(
        tools: [any RegistryTool],
        proxied: (any ProxiedToolProvider)?,
        lists: (any ProxiedListProvider)? = nil,
        logger: Logger = Logger(label: "mcp-registry.server")
    ) {
        self.server = Server(
            name: RegistryVersion.name,
            version: RegistryVersion.version,
            title: "MCP Registry",
            instructions: RegistryInstructions.text,
            capabilities: .init(
                logging: .init(),
                prompts: lists == nil ? nil : .init(listChanged: true),
                resources: lists == nil ? nil : .init(subscribe: false, listChanged: true),
                tools: .init(listChanged: true)))
        self.lists = lists
        var byName: [String: any RegistryTool] = [:]
        for tool in tools { byName[tool.name] = tool }
        self.tools = byName
        self.toolOrder = tools.map(\.name)
        self.proxied = proxied
        self.logger = logger
    }

    /// Starts serving on `transport` and returns once the handlers are registered.
    public func start(transport: any Transport) async throws {
        let tools = self.tools
        let order = self.toolOrder
        let proxied = self.proxied
        let logger = self.logger
        let listedTools: @Sendable () async -> [Tool] = {
            var listed = order.compactMap { tools[$0]?.definition }
            if let proxied { listed += await proxied.proxiedTools() }
            return listed
        }
        await server.withMethodHandler(ListTools.self) { _ in
            ListTools.Result(tools: await listedTools())
        }
        let cache = toolListCache
        let router = FastPathRouter(
            listTools: {
                let version: Int? = if let proxied { await proxied.toolListVersion() } else { 0 }
                return await cache.result(version: version, make: listedTools)
            },
            find: tools["registry-find"] as? FindTool,
            ownTools: Set(order),
            proxied: proxied,
            counter: inFlightCounter)
        let counter = inFlightCounter
        let server = self.server
        await server.withMethodHandler(CallTool.self) { params in
            counter.add(1)
            defer { counter.add(-1) }
            // The client's own progress token, when it asked for progress: the child's
            // progress (a proxied call, registry-exec) is passed on under it.
            var progress: (@Sendable (ProgressNotification.Parameters) async -> Void)?
            if let token = params._meta?.progressToken {
                progress = { update in
                    let forwarded = ProgressNotification.Parameters(
                        progressToken: token, progress: update.progress, total: update.total, message: update.message)
                    try? await server.notify(ProgressNotification.message(forwarded))
                }
            }
            if let tool = tools[params.name] {
                let result = await tool.call(ToolArguments(tool: params.name, values: params.arguments, progress: progress))
                // A cancelled request gets no reply (the child's call was cancelled with it).
                if Task.isCancelled { throw CancellationError() }
                return result
            }
            if let proxied, let result = await proxied.callProxied(name: params.name, arguments: params.arguments, progress: progress) {
                if Task.isCancelled { throw CancellationError() }
                return result
            }
            logger.info("call to unknown tool \(params.name)")
            return ToolFailure(
                "Unknown tool '\(params.name)'. Registry tools: \(order.joined(separator: ", ")). "
                    + "Proxied tools appear after registry-add; see registry-active.").result
        }
        if let lists { await registerLists(lists) }
        try await server.start(transport: FastPathTransport(wrapping: transport, router: router))
    }

    /// `resources/list`, `resources/templates/list`, `resources/read`, `prompts/list`,
    /// `prompts/get`, answered from the running servers.
    private func registerLists(_ lists: any ProxiedListProvider) async {
        await server.withMethodHandler(ListResources.self) { _ in
            ListResources.Result(resources: await lists.resources())
        }
        await server.withMethodHandler(ListResourceTemplates.self) { _ in
            ListResourceTemplates.Result(templates: await lists.resourceTemplates())
        }
        await server.withMethodHandler(ReadResource.self) { params in
            ReadResource.Result(contents: try await lists.readResource(uri: params.uri))
        }
        await server.withMethodHandler(ListPrompts.self) { _ in
            ListPrompts.Result(prompts: await lists.prompts())
        }
        await server.withMethodHandler(GetPrompt.self) { params in
            let prompt = try await lists.getPrompt(name: params.name, arguments: params.arguments)
            return GetPrompt.Result(description: prompt.description, messages: prompt.messages)
        }
    }

    /// Tells the client the resource and prompt lists changed (a server with some was
    /// added or removed, or a child's own lists changed).
    public func notifyListsChanged() async {
        guard lists != nil else { return }
        do {
            try await server.notify(ResourceListChangedNotification.message())
            try await server.notify(PromptListChangedNotification.message())
        } catch {
            logger.debug("could not send resources/prompts list_changed: \(error)")
        }
    }

    /// Tells the client the tool list changed (after add/remove).
    public func notifyToolsChanged() async {
        do {
            try await server.notify(ToolListChangedNotification.message())
        } catch {
            logger.debug("could not send tools/list_changed: \(error)")
        }
    }

    /// After the client closed its side: lets calls already received finish and their
    /// replies go out (up to `timeout` seconds) before the process stops.
    public func drain(timeout: Double = 10) async {
        let deadline = Date().addingTimeInterval(timeout)
        // Requests read just before EOF may not have reached a handler yet.
        try? await Task.sleep(for: .milliseconds(50))
        while inFlightCounter.value > 0, Date() < deadline {
            try? await Task.sleep(for: .milliseconds(20))
        }
    }

    /// Waits until the client closes the connection (stdin EOF).
    public func waitUntilCompleted() async {
        await server.waitUntilCompleted()
    }

    /// Stops serving.
    public func stop() async {
        await server.stop()
    }
}

/// Counts tool calls being answered, so shutdown can wait for their replies.
final class InFlightCounter: Sendable {
    private let count = Mutex(0)

    func add(_ delta: Int) {
        count.withLock { $0 += delta }
    }

    var value: Int { count.withLock { $0 } }
}
