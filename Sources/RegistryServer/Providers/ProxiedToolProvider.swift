import Foundation
import Gateway
import MCP

/// Tools that are not the registry's own: the proxied tools of running servers.
///
/// The activation layer conforms to this; the MCP server lists its tools after the
/// registry's own and routes calls to it by exact exposed name.
public protocol ProxiedToolProvider: Sendable {
    /// The proxied tools as exposed (`<prefix>__<tool>`), schemas verbatim.
    func proxiedTools() async -> [Tool]
    /// Calls a proxied tool; `nil` when no proxied tool has that name.
    func callProxied(name: String, arguments: [String: Value]?) async -> CallTool.Result?
    /// The same, passing the child's progress notifications to `progress`.
    func callProxied(
        name: String, arguments: [String: Value]?,
        progress: (@Sendable (ProgressNotification.Parameters) async -> Void)?
    ) async -> CallTool.Result?
    /// Changes whenever `proxiedTools()` would answer differently, so the listed tools can
    /// be encoded once per change; `nil` when unknown (then they are encoded every time).
    func toolListVersion() async -> Int?
    /// Forwards a client's `tools/call` request as it came (`request`, a JSON-RPC line) to
    /// the child behind `name`, rewriting only the id and the tool name, and returns the
    /// child's `CallToolResult` JSON text untouched (a failure to reach it as an `isError`
    /// result's text). `nil` when no proxied tool has that name.
    func forwardProxied(name: String, request: JSONRPCLine) async -> Data?
}

extension ProxiedToolProvider {
    public func callProxied(
        name: String, arguments: [String: Value]?,
        progress: (@Sendable (ProgressNotification.Parameters) async -> Void)?
    ) async -> CallTool.Result? {
        await callProxied(name: name, arguments: arguments)
    }

    public func toolListVersion() async -> Int? { nil }

    /// Decodes the arguments and calls `callProxied` (for providers without a relay).
    public func forwardProxied(name: String, request: JSONRPCLine) async -> Data? {
        guard let params = request.range(of: "params").flatMap(request.members(ofObjectAt:)) else { return nil }
        let argumentsText = params.first(where: { $0.name == "arguments" }).map { request.text($0.value) }
        guard let arguments = FastPathRouter.arguments(argumentsText),
              let result = await callProxied(name: name, arguments: arguments) else { return nil }
        return try? ToolListCache.encoder.encode(result)
    }
}
