import Gateway
import MCP
import RegistryCore

/// `registry-remove`: stops a running server and removes its tools.
public struct RemoveTool: RegistryTool {
    let gateway: Gateway

    public init(gateway: Gateway) {
        self.gateway = gateway
    }

    public var definition: Tool {
        Tool(
            name: "registry-remove",
            title: "Stop an MCP server",
            description: "Stops a server started with registry-add (by entry id or prefix), removes its tools and confirms its container is gone.",
            inputSchema: [
                "type": "object",
                "properties": ["id": ["type": "string", "description": "The entry id or the prefix shown by registry-active."]],
                "required": ["id"],
                "additionalProperties": false,
            ],
            annotations: .init(title: "Stop an MCP server", readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: false),
            outputSchema: Removal.schema
        )
    }

    public func call(_ arguments: ToolArguments) async -> CallTool.Result {
        do {
            try arguments.rejectUnknown(["id"])
            let id = try arguments.requiredString("id", hint: "Pass the entry id or prefix from registry-active.")
            let removal: Removal
            do {
                removal = try await gateway.remove(id: id)
            } catch let error as GatewayError {
                throw ToolFailure(error.sentence)
            }
            var text = "Stopped \(removal.entryID) (prefix '\(removal.prefix)'); removed \(removal.removedTools.count) tool\(removal.removedTools.count == 1 ? "" : "s")."
            if let container = removal.containerName {
                text += removal.confirmedGone ? " Container \(container) is gone." : " Container \(container) could not be confirmed gone; check `podman ps`."
            }
            return success(text, removal)
        } catch let failure as ToolFailure {
            return failure.result
        } catch {
            return ToolFailure("registry-remove failed: \(error)").result
        }
    }
}

extension Removal: ToolOutput {
    /// The tool's `outputSchema`.
    static var schema: Value {
        [
            "type": "object",
            "properties": [
                "entryID": ["type": "string"],
                "prefix": ["type": "string"],
                "removedTools": ["type": "array", "items": ["type": "string"]],
                "containerName": ["type": "string"],
                "confirmedGone": ["type": "boolean"],
            ],
            "required": ["entryID", "prefix", "removedTools", "confirmedGone"],
        ]
    }
}
