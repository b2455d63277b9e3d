import Foundation
import MCP

extension ChildSession {
    /// Forwards a client's `tools/call` request to the child as it came, rewriting only its
    /// id (to a relay id of this session) and the tool name (to `name`, the child's own),
    /// and returns the child's `result` as JSON text, untouched: nothing in between is
    /// decoded. Time-out and cancellation as for `call` (the child's request is cancelled
    /// with `notifications/cancelled`); a JSON-RPC error from the child becomes
    /// `ChildSessionError.callFailed`, a request without an id or `params.name` too.
    public func forward(_ request: JSONRPCLine, tool name: String, timeout: Double) async throws -> Data {
        guard !closed else { throw ChildSessionError.closed }
        guard let idRange = request.range(of: "id"), let paramsRange = request.range(of: "params"),
              let nameRange = request.members(ofObjectAt: paramsRange)?.first(where: { $0.name == "name" })?.value
        else { throw ChildSessionError.callFailed(tool: name, reason: "the request has no id or tool name") }
        let relay = self.relay
        let exited = self.exited
        let id = await relay.nextID()
        let line = request.replacing([(idRange, id), (nameRange, JSONRPCLine.quoted(name))])
        let cancel: @Sendable (String) async -> Void = { reason in
            relay.abandon(id)
            var notice = Data(#"{"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":"#.utf8)
            notice.append(id)
            notice.append(contentsOf: #","reason":"#.utf8)
            notice.append(JSONRPCLine.quoted(reason))
            notice.append(contentsOf: "}}".utf8)
            try? await relay.send(notice)
        }
        let reply: JSONRPCLine
        do {
            reply = try await withTaskCancellationHandler {
                try await withDeadline(seconds: timeout, operation: { try await relay.exchange(line, id: id) }, onTimeout: {
                    await cancel("timed out after \(timeout) s")
                })
            } onCancel: {
                Task { await cancel("cancelled by the client") }
            }
        } catch is GatewayTimeout {
            faults.recordTimeout(tool: name, seconds: timeout)
            throw ChildSessionError.callTimeout(tool: name, seconds: timeout)
        } catch is CancellationError {
            throw CancellationError()
        } catch {
            if let reason = exited.reason { throw ChildSessionError.callFailed(tool: name, reason: "the server stopped (\(reason))") }
            throw ChildSessionError.callFailed(tool: name, reason: "\(error)")
        }
        if let errorRange = reply.range(of: "error") {
            let message = reply.members(ofObjectAt: errorRange)?.first(where: { $0.name == "message" })
                .flatMap { reply.string(at: $0.value) }
            throw ChildSessionError.callFailed(tool: name, reason: message ?? "the server answered with an error")
        }
        guard let result = reply.range(of: "result") else {
            throw ChildSessionError.callFailed(tool: name, reason: "the server's reply has no result")
        }
        return reply.text(result)
    }
}
