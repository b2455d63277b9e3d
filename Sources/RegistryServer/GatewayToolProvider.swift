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

    /// Calls a proxied tool; the child's result is returned whole, a failure to reach it as
    /// an `isError` result that says what to do. `progress` gets the child's progress.
    static func call(
        _ gateway: Gateway, name: String, arguments: [String: Value]?,
        progress: (@Sendable (ProgressNotification.Parameters) async -> Void)? = nil
    ) async -> CallTool.Result {
        do {
            return try await gateway.call(exposedName: name, arguments: arguments, progress: progress)
        } catch let error as GatewayError {
            return ToolFailure(error.sentence).result
        } catch is CancellationError {
            return ToolFailure("The call to \(name) was cancelled.").result
        } catch {
            return ToolFailure("The call to \(name) failed: \(error)").result
        }
    }
}
