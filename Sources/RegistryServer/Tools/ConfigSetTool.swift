import Gateway
import MCP
import RegistryCore

/// `registry-config-set`: stores secrets (0600 store) and settings for an entry.
public struct ConfigSetTool: RegistryTool {
    let service: RegistryService
    let gateway: Gateway

    public init(service: RegistryService, gateway: Gateway) {
        self.service = service
        self.gateway = gateway
    }

    public var definition: Tool {
        Tool(
            name: "registry-config-set",
            title: "Configure an MCP server",
            description: """
                Stores what a server needs, by the names registry-info shows: secrets (e.g. "grafana.api_key") go \
                to a private store (file mode 0600) and are never shown again; parameters and env values go to \
                the settings file. null removes a value. A running server is restarted to apply them. Only ask \
                the user for secret values; never invent them.
                """,
            inputSchema: [
                "type": "object",
                "properties": [
                    "id": ["type": "string", "description": "The entry id."],
                    "values": [
                        "type": "object",
                        "description": "Name → value, e.g. {\"grafana.api_key\": \"…\", \"grafana.url\": \"https://…\"}.",
                        "additionalProperties": true,
                    ],
                ],
                "required": ["id", "values"],
                "additionalProperties": false,
            ],
            annotations: .init(title: "Configure an MCP server", readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: false),
            outputSchema: ConfigurationUpdate.schema
        )
    }

    public func call(_ arguments: ToolArguments) async -> CallTool.Result {
        do {
            try arguments.rejectUnknown(["id", "values"])
            let id = try arguments.requiredString("id", hint: "Pass the entry id from registry-find.")
            guard let values = try arguments.object("values"), !values.isEmpty else {
                throw ToolFailure("registry-config-set: 'values' is required: an object of name → value, with the names registry-info shows.")
            }
            let catalog = await service.catalog()
            guard let entry = catalog.entry(id: id) else { throw InfoTool.unknown(id, in: catalog) }
            let update: ConfigurationUpdate
            do {
                update = try await gateway.setConfiguration(entry: entry, values: values.mapValues(JSONValue.init))
            } catch let error as GatewayError {
                throw ToolFailure(AddTool.explain(error, entry: entry))
            }
            var lines: [String] = []
            if !update.secretNames.isEmpty { lines.append("Stored secret\(update.secretNames.count == 1 ? "" : "s") \(update.secretNames.joined(separator: ", ")) (values are not shown).") }
            if !update.valueNames.isEmpty { lines.append("Stored \(update.valueNames.joined(separator: ", ")).") }
            let removed = update.removedSecretNames + update.removedValueNames
            if !removed.isEmpty { lines.append("Removed \(removed.joined(separator: ", ")).") }
            if update.restarted { lines.append("The running server was restarted with the new configuration.") }
            if update.stillMissing.isEmpty {
                lines.append("Nothing else is required: registry-add {\"id\": \"\(entry.id)\"} can start it.")
            } else {
                lines.append("Still missing:")
                for value in update.stillMissing { lines.append("- \(value.line)") }
            }
            return success(lines.joined(separator: "\n"), update)
        } catch let failure as ToolFailure {
            return failure.result
        } catch {
            return ToolFailure("registry-config-set failed: \(error)").result
        }
    }
}

extension ConfigurationUpdate: ToolOutput {
    /// The tool's `outputSchema`.
    static var schema: Value {
        [
            "type": "object",
            "properties": [
                "entryID": ["type": "string"],
                "secretNames": ["type": "array", "items": ["type": "string"]],
                "removedSecretNames": ["type": "array", "items": ["type": "string"]],
                "valueNames": ["type": "array", "items": ["type": "string"]],
                "removedValueNames": ["type": "array", "items": ["type": "string"]],
                "restarted": ["type": "boolean"],
                "stillMissing": ["type": "array", "items": ["type": "object"]],
            ],
            "required": ["entryID", "restarted"],
        ]
    }
}
