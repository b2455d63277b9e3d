import Foundation
import Logging
import MCP
import RegistryCore

/// The MCP server an AI client talks to: the registry's own tools plus the proxied tools
/// of running servers, over any transport (stdio in production).
public actor RegistryMCPServer {
    public let server: Server
    private let tools: [String: any RegistryTool]
    private let toolOrder: [String]
    private let proxied: (any ProxiedToolProvider)?
    private let logger: Logger
    private let inFlightCounter = InFlightCounter()

    /// - Parameters:
    ///   - tools: the registry's own tools.
    ///   - proxied: the activation layer, when there is one.
    public init(tools: [any RegistryTool], proxied: (any ProxiedToolProvider)?, logger: Logger = Logger(label: "mcp-registry.server")) {
        self.server = Server(
            name: RegistryVersion.name,
            version: RegistryVersion.version,
            title: "MCP Registry",
            instructions: RegistryInstructions.text,
            capabilities: .init(logging: .init(), tools: .init(listChanged: true)))
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
        await server.withMethodHandler(ListTools.self) { _ in
            var listed = order.compactMap { tools[$0]?.definition }
            if let proxied { listed += await proxied.proxiedTools() }
            return ListTools.Result(tools: listed)
        }
        let counter = inFlightCounter
        let server = self.server
        await server.withMethodHandler(CallTool.self) { params in
            counter.add(1)
            defer { counter.add(-1) }
            let relay = params._meta?.progressToken.map { ProgressRelay(server: server, token: $0) }
            if let tool = tools[params.name] {
                let result = await ProgressRelay.$current.withValue(relay) {
                    await tool.call(ToolArguments(tool: params.name, values: params.arguments))
                }
                // A cancelled request gets no reply (the child's call was cancelled with it).
                if Task.isCancelled { throw CancellationError() }
                return result
            }
            if let proxied, let result = await ProgressRelay.$current.withValue(relay, operation: {
                await proxied.callProxied(name: params.name, arguments: params.arguments)
            }) {
                if Task.isCancelled { throw CancellationError() }
                return result
            }
            logger.info("call to unknown tool \(params.name)")
            return ToolFailure(
                "Unknown tool '\(params.name)'. Registry tools: \(order.joined(separator: ", ")). "
                    + "Proxied tools appear after registry-add; see registry-active.").result
        }
        try await server.start(transport: transport)
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
final class InFlightCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0

    func add(_ delta: Int) {
        lock.withLock { count += delta }
    }

    var value: Int { lock.withLock { count } }
}
