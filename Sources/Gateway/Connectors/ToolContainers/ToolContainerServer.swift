import Foundation
import MCP
import RegistryCore

/// The MCP server the registry runs in its own process for a Docker `poci` entry: it lists
/// the tools the catalog declares (input schema = the tool's `parameters`, verbatim; an
/// object schema with no properties when it declares none) and answers each call by running
/// the tool's container once (`ToolContainerRunner`). Calls run concurrently; a cancelled
/// call stops its container.
enum ToolContainerServer {
    static func make(entry: CatalogEntry, tools: [ToolContainer], runner: ToolContainerRunner) async -> Server {
        let server = Server(
            name: entry.name.isEmpty ? entry.id : entry.name, version: "poci",
            capabilities: .init(tools: .init(listChanged: false)))
        var byName: [String: ToolContainer] = [:]
        for tool in tools where byName[tool.name] == nil { byName[tool.name] = tool }
        let listed = tools.filter { byName[$0.name] == $0 }.map {
            Tool(name: $0.name, description: $0.description, inputSchema: inputSchema($0).mcpValue)
        }
        let known = byName
        await server.withMethodHandler(ListTools.self) { _ in ListTools.Result(tools: listed) }
        await server.withMethodHandler(CallTool.self) { params in
            guard let tool = known[params.name] else { throw MCPError.invalidParams("unknown tool \(params.name)") }
            return await runner.call(tool, arguments: params.arguments)
        }
        return server
    }

    /// The tool's `parameters` as an MCP input schema: kept as written, with `type: object`
    /// added when the definition leaves it out; `{type: object, properties: {}}` when it has none.
    static func inputSchema(_ tool: ToolContainer) -> JSONValue {
        guard case .object(var schema)? = tool.inputSchema else { return .object(["type": "object", "properties": .object([:])]) }
        if schema["type"] == nil { schema["type"] = "object" }
        return .object(schema)
    }
}
