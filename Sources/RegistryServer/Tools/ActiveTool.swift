import Foundation
import Gateway
import MCP
import RegistryCore

/// `registry-active`: the running servers.
public struct ActiveTool: RegistryTool {
    let gateway: Gateway

    public init(gateway: Gateway) {
        self.gateway = gateway
    }

    struct Output: Codable {
        var servers: [ActiveServerInfo]
    }

    public var definition: Tool {
        Tool(
            name: "registry-active",
            title: "Running MCP servers",
            description: "Lists the servers started with registry-add: prefix, status, container, uptime, tools, restarts, last error and the server's faults (malformed messages, unsolicited responses, notification floods, calls that timed out). Shows the names of env vars and secrets in use, never their values.",
            inputSchema: ["type": "object", "properties": [:], "additionalProperties": false],
            annotations: .init(title: "Running MCP servers", readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false),
            outputSchema: ActiveTool.Output.schema
        )
    }

    public func call(_ arguments: ToolArguments) async -> CallTool.Result {
        do {
            try arguments.rejectUnknown([])
        } catch {
            return error.result
        }
        let servers = await gateway.active()
        return success(Self.render(servers), Output(servers: servers))
    }

    static func render(_ servers: [ActiveServerInfo]) -> String {
        guard !servers.isEmpty else { return "No servers are running. Start one with registry-add {\"id\": \"…\"}." }
        var lines = ["\(servers.count) server\(servers.count == 1 ? "" : "s") running:"]
        for server in servers {
            var line = "- \(server.entryID) as '\(server.prefix)' [\(server.status)] \(server.toolCount) tools"
            if let uptime = server.uptime { line += String(format: ", up %.0f s", uptime) }
            if let container = server.containerID ?? server.containerName { line += ", container \(container)" }
            if let url = server.url { line += ", \(url)" }
            if server.restarts > 0 { line += ", \(server.restarts) restarts" }
            lines.append(line)
            if !server.secretNames.isEmpty { lines.append("  secrets: \(server.secretNames.joined(separator: ", "))") }
            if !server.environmentNames.isEmpty { lines.append("  env: \(server.environmentNames.joined(separator: ", "))") }
            if let progress = server.progress { lines.append("  now: \(progress)") }
            if let error = server.lastError { lines.append("  last error: \(error)") }
            if let faults = server.faults?.sentences, !faults.isEmpty {
                lines.append("  faults of the server: " + faults.joined(separator: "; "))
            }
        }
        return lines.joined(separator: "\n")
    }
}

extension ActiveTool.Output: ToolOutput {
    /// The tool's `outputSchema`.
    static var schema: Value {
        [
            "type": "object",
            "properties": ["servers": ["type": "array", "items": ["type": "object"]]],
            "required": ["servers"],
        ]
    }
}
