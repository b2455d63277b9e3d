import Foundation
import Gateway
import MCP
import RegistryCore
import Synchronization

/// Decides, per message from the client, whether the registry answers it from bytes and
/// answers it: `tools/list` from the cached list, `tools/call` of `registry-find` encoded
/// straight from the search, and `tools/call` of a proxied tool forwarded to the child
/// with only the id and tool name rewritten. Everything else, and any of these it cannot
/// read simply (a batch, `_meta` such as a progress token, malformed text), is left to
/// swift-sdk's `Server`. A `notifications/cancelled` for a request answered here cancels it
/// (no reply is sent, the child's request is cancelled too).
final class FastPathRouter: @unchecked Sendable {
    typealias Send = @Sendable (Data) async throws -> Void
    typealias FallBack = @Sendable (Data) -> Void

    private struct State {
        var send: Send?
        var fallBack: FallBack?
        var running: [Data: Task<Void, Never>] = [:]
    }

    private let state = Mutex(State())
    private let listTools: @Sendable () async -> Data
    private let find: FindTool?
    private let ownTools: Set<String>
    private let proxied: (any ProxiedToolProvider)?
    private let counter: InFlightCounter

    /// - Parameters:
    ///   - listTools: the `ListToolsResult` JSON text.
    ///   - find: `registry-find`, when it is among the registry's tools.
    ///   - ownTools: the registry's own tool names (left to the `Server`, but `registry-find`).
    ///   - proxied: where other tool names are forwarded.
    ///   - counter: counts requests being answered (for the drain at shutdown).
    init(
        listTools: @escaping @Sendable () async -> Data, find: FindTool?, ownTools: Set<String>,
        proxied: (any ProxiedToolProvider)?, counter: InFlightCounter
    ) {
        self.listTools = listTools
        self.find = find
        self.ownTools = ownTools
        self.proxied = proxied
        self.counter = counter
    }

    /// Where replies are written, and where a message taken but not answered here goes.
    func attach(reply: @escaping Send, fallBack: @escaping FallBack) {
        state.withLock { state in
            state.send = reply
            state.fallBack = fallBack
        }
    }

    /// `true` when the message is answered here (the `Server` must not see it).
    func take(_ message: Data) -> Bool {
        guard let line = JSONRPCLine(message), let method = line.method else { return false }
        switch method {
        case "tools/list":
            guard let id = line.id, id != Data("null".utf8) else { return false }
            let listTools = self.listTools
            answer(id: id, message: line.bytes) { await listTools() }
            return true
        case "tools/call":
            return takeCall(line)
        case "notifications/cancelled":
            cancel(line)
            return false
        default:
            return false
        }
    }

    private func takeCall(_ line: JSONRPCLine) -> Bool {
        guard let id = line.id, id != Data("null".utf8),
              let paramsRange = line.range(of: "params"), let params = line.members(ofObjectAt: paramsRange),
              let nameRange = params.first(where: { $0.name == "name" })?.value, let name = line.string(at: nameRange),
              !params.contains(where: { $0.name == "_meta" })
        else { return false }
        if name == "registry-find", let find {
            let argumentsText = params.first(where: { $0.name == "arguments" }).map { line.text($0.value) }
            guard let arguments = Self.arguments(argumentsText) else { return false }
            answer(id: id, message: line.bytes) { await find.callEncoded(ToolArguments(tool: name, values: arguments)) }
            return true
        }
        guard !ownTools.contains(name), let proxied else { return false }
        answer(id: id, message: line.bytes) { await proxied.forwardProxied(name: name, request: line) }
        return true
    }

    /// Runs `body` for the request `id` and replies with its result; when `body` gives
    /// nothing, the message goes to the `Server` after all.
    private func answer(id: Data, message: Data, _ body: @escaping @Sendable () async -> Data?) {
        counter.add(1)
        state.withLock { state in
            let (send, fallBack) = (state.send, state.fallBack)
            state.running[id] = Task {
                defer {
                    self.finished(id)
                    self.counter.add(-1)
                }
                guard let result = await body() else {
                    fallBack?(message)
                    return
                }
                guard !Task.isCancelled else { return }
                var reply = Data(#"{"jsonrpc":"2.0","id":"#.utf8)
                reply.append(id)
                reply.append(contentsOf: #","result":"#.utf8)
                reply.append(result)
                reply.append(UInt8(ascii: "}"))
                try? await send?(reply)
            }
        }
    }

    private func finished(_ id: Data) {
        state.withLock { _ = $0.running.removeValue(forKey: id) }
    }

    private func cancel(_ line: JSONRPCLine) {
        guard let paramsRange = line.range(of: "params"), let params = line.members(ofObjectAt: paramsRange),
              let requestID = params.first(where: { $0.name == "requestId" })?.value else { return }
        let id = line.text(requestID)
        state.withLock { $0.running.removeValue(forKey: id) }?.cancel()
    }

    /// A call's `arguments` object as swift-sdk values, read without `Value`'s decoder;
    /// `nil` when it is not an object (the `Server` then says what is wrong).
    static func arguments(_ text: Data?) -> [String: Value]? {
        guard let text, text != Data("null".utf8) else { return [:] }
        guard let object = try? JSONDecoder().decode([String: JSONValue].self, from: text) else { return nil }
        return object.mapValues(\.mcpValue)
    }
}
