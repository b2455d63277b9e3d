import Foundation
import Gateway
import MCP

/// The gateway's proxied tools, as the MCP server lists and calls them.
public struct GatewayToolProvider: ProxiedToolProvider {
    let gateway: Gateway

    public init(gateway: Gateway) {
        self.gateway = gateway
    }

    /// The proxied tools, or none when `gateway.listProxiedTools` is off (they are then
    /// reached through `registry-exec`).
    public func proxiedTools() async -> [Tool] {
        guard await gateway.settings.gateway.listProxiedTools else { return [] }
        return await gateway.tools()
    }

    /// The gateway's tool list version, kept apart for the two values of
    /// `gateway.listProxiedTools`.
    public func toolListVersion() async -> Int? {
        let version = await gateway.toolListVersion
        return await gateway.settings.gateway.listProxiedTools ? version * 2 : version * 2 + 1
    }

    public func callProxied(name: String, arguments: [String: Value]?) async -> CallTool.Result? {
        await callProxied(name: name, arguments: arguments, progress: nil)
    }

    public func callProxied(
        name: String, arguments: [String: Value]?,
        progress: (@Sendable (ProgressNotification.Parameters) async -> Void)?
    ) async -> CallTool.Result? {
        guard await gateway.route(for: name) != nil else { return nil }
        return await Self.call(gateway, name: name, arguments: arguments, progress: progress)
    }

    /// Forwards the request to the child undecoded; a failure to reach it becomes an
    /// `isError` result's text, as for `callProxied`, and the network hint is added the same
    /// way (an `isError` result gets one more text item; the rest stays as the child wrote it).
    public func forwardProxied(name: String, request: JSONRPCLine) async -> Data? {
        guard await gateway.route(for: name) != nil else { return nil }
        do {
            let result = try await gateway.forward(exposedName: name, request: request)
            return await NetworkHint.adding(toForwarded: result, gateway: gateway, name: name)
        } catch {
            let failed = await NetworkHint.adding(to: Self.failure(error, name: name), gateway: gateway, name: name, stderr: true)
            return try? ToolJSON.encoder.encode(failed)
        }
    }

    /// Calls a proxied tool; the child's result is returned whole, a failure to reach it as
    /// an `isError` result that says what to do. `progress` gets the child's progress. A
    /// failure of a server without a network that reads like a missing network gets
    /// `NetworkHint`'s sentence added.
    static func call(
        _ gateway: Gateway, name: String, arguments: [String: Value]?,
        progress: (@Sendable (ProgressNotification.Parameters) async -> Void)? = nil
    ) async -> CallTool.Result {
        do {
            let result = try await gateway.call(exposedName: name, arguments: arguments, progress: progress)
            return await NetworkHint.adding(to: result, gateway: gateway, name: name)
        } catch {
            return await NetworkHint.adding(to: failure(error, name: name), gateway: gateway, name: name, stderr: true)
        }
    }

    /// A failed proxied call as the model reads it.
    static func failure(_ error: Error, name: String) -> CallTool.Result {
        switch error {
        case let error as GatewayError: ToolFailure(error.sentence).result
        case let error as RemoteConnectorError: ToolFailure("The call to \(name) failed: \(error.sentence)").result
        case is CancellationError: ToolFailure("The call to \(name) was cancelled.").result
        default: ToolFailure("The call to \(name) failed: \(error)").result
        }
    }
}
