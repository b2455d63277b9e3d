import Gateway
import MCP
import RegistryCore

/// `registry-exec`: calls a proxied tool by its exposed name, for clients that do not
/// refresh their tool list.
public struct ExecTool: RegistryTool {
    let gateway: Gateway

    public init(gateway: Gateway) {
        self.gateway = gateway
    }

    public var definition: Tool {
        Tool(
            name: "registry-exec",
            title: "Call a tool of a running server",
            description: """
                Calls a tool of a server started with registry-add, by its exposed name (<prefix>__<tool>, as \
                listed by registry-add or registry-active), and returns that tool's whole result. Use it when \
                the proxied tools do not show up in your tool list.
                """,
            inputSchema: [
                "type": "object",
                "properties": [
                    "tool": ["type": "string", "description": "The exposed tool name, e.g. \"grafana__search_dashboards\"."],
                    "arguments": ["type": "object", "description": "The tool's arguments, per its input schema.", "additionalProperties": true],
                ],
                "required": ["tool"],
                "additionalProperties": false,
            ],
            annotations: .init(title: "Call a tool of a running server", readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: true)
        )
    }

    public func call(_ arguments: ToolArguments) async -> CallTool.Result {
        do {
            try arguments.rejectUnknown(["tool", "arguments"])
            let name = try arguments.requiredString("tool", hint: "Pass an exposed tool name from registry-active, e.g. {\"tool\": \"grafana__search\"}.")
            if name.hasPrefix("registry-") {
                throw ToolFailure("registry-exec calls proxied tools only; call \(name) directly.")
            }
            return await GatewayToolProvider.call(gateway, name: name, arguments: try arguments.object("arguments"), progress: arguments.progress)
        } catch let failure as ToolFailure {
            return failure.result
        } catch {
            return ToolFailure("registry-exec failed: \(error)").result
        }
    }
}
