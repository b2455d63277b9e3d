import MCP
import RegistryCore

/// `registry-refresh`: starts refreshing sources in the background and returns at once.
public struct RefreshTool: RegistryTool {
    let service: RegistryService

    public init(service: RegistryService) {
        self.service = service
    }

    struct Output: Codable {
        var requests: [RefreshStart]
    }

    public var definition: Tool {
        Tool(
            name: "registry-refresh",
            title: "Refresh catalogs",
            description: """
                Re-reads catalog sources (git clones are fetched, APIs re-queried) in the background and \
                returns at once; progress and the outcome show in registry-status. A source refreshed in the \
                last 5 minutes is skipped unless force is true; a refresh already running is joined.
                """,
            inputSchema: [
                "type": "object",
                "properties": [
                    "source": ["type": "string", "description": "One source id from registry-status, or \"all\" (default)."],
                    "force": ["type": "boolean", "description": "Ignore the cooldown.", "default": false],
                ],
                "additionalProperties": false,
            ],
            annotations: .init(title: "Refresh catalogs", readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: true),
            outputSchema: RefreshTool.Output.schema
        )
    }

    public func call(_ arguments: ToolArguments) async -> CallTool.Result {
        do {
            try arguments.rejectUnknown(["source", "force"])
            let source = try arguments.string("source")
            let force = try arguments.bool("force") ?? false
            let requests = await service.refresh(source.map { [$0] }, force: force)
            if requests.isEmpty {
                throw ToolFailure("registry-refresh: no sources are configured. Add one with `mcp-registry sources add`, or start the server with --catalog DIR.")
            }
            if requests.count == 1, requests[0].outcome == .unknown {
                let known = await service.sourceIDs
                throw ToolFailure("registry-refresh: no source '\(requests[0].sourceID)'. Known sources: \(known.joined(separator: ", ")), or \"all\".")
            }
            var lines: [String] = []
            for request in requests {
                switch request.outcome {
                case .started: lines.append("\(request.sourceID): refresh started")
                case .joined: lines.append("\(request.sourceID): already refreshing (joined)")
                case .cooldown: lines.append("\(request.sourceID): refreshed less than 5 minutes ago; skipped (pass force: true to refresh anyway)")
                case .unknown: lines.append("\(request.sourceID): no such source")
                }
            }
            lines.append("Check registry-status for progress and results; searches keep using the current catalog meanwhile.")
            return success(lines.joined(separator: "\n"), Output(requests: requests))
        } catch let failure as ToolFailure {
            return failure.result
        } catch {
            return ToolFailure("registry-refresh failed: \(error)").result
        }
    }
}

extension RefreshTool.Output: ToolOutput {
    /// The tool's `outputSchema`.
    static var schema: Value {
        [
            "type": "object",
            "properties": [
                "requests": [
                    "type": "array",
                    "items": [
                        "type": "object",
                        "properties": [
                            "sourceID": ["type": "string"],
                            "outcome": ["type": "string", "enum": ["started", "joined", "cooldown", "unknown"]],
                            "retryAfter": ["type": "string"],
                        ],
                        "required": ["sourceID", "outcome"],
                    ],
                ]
            ],
            "required": ["requests"],
        ]
    }
}
