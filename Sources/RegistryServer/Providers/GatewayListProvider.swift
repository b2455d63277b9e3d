import Gateway
import MCP

/// The gateway's proxied resources and prompts, as the MCP server lists and reads them.
/// Failures become JSON-RPC errors: an unknown URI or prompt is `invalidParams`, anything
/// else (a stopped server, a time-out) `internalError`, each with the gateway's message.
public struct GatewayListProvider: ProxiedListProvider {
    let gateway: Gateway

    public init(gateway: Gateway) {
        self.gateway = gateway
    }

    public func resources() async -> [Resource] { await gateway.resources() }
    public func resourceTemplates() async -> [Resource.Template] { await gateway.resourceTemplates() }
    public func prompts() async -> [Prompt] { await gateway.prompts() }

    public func readResource(uri: String) async throws -> [Resource.Content] {
        do {
            return try await gateway.readResource(uri: uri)
        } catch {
            throw Self.mcpError(error)
        }
    }

    public func getPrompt(name: String, arguments: [String: String]?) async throws -> (description: String?, messages: [Prompt.Message]) {
        do {
            return try await gateway.getPrompt(exposedName: name, arguments: arguments)
        } catch {
            throw Self.mcpError(error)
        }
    }

    static func mcpError(_ error: Error) -> MCPError {
        switch error {
        case let error as MCPError:
            return error
        case let error as GatewayError:
            switch error {
            case .unknownResource, .unknownPrompt: return .invalidParams(error.sentence)
            default: return .internalError(error.sentence)
            }
        default:
            return .internalError("\(error)")
        }
    }
}
