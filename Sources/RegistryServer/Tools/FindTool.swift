import Foundation
import MCP
import RegistryCore

/// `registry-find`: fuzzy search over every catalog, with filters applied before ranking.
public struct FindTool: RegistryTool {
    let service: RegistryService

    public init(service: RegistryService) {
        self.service = service
    }

    struct Output: Codable {
        var query: String
        var total: Int
        var returned: Int
        var results: [EntrySummary]
        var nextStep: String
    }

    public var definition: Tool {
        Tool(
            name: "registry-find",
            title: "Find MCP servers",
            description: """
                Search every configured MCP server catalog (Docker MCP registry, the official MCP registry, \
                awesome lists, mcpservers.org, the team's own catalogs) by what you need, e.g. "postgres", \
                "github issues", "send slack message". Typos are tolerated. Returns entry ids with a short \
                description, whether the registry can start it, and whether it needs credentials. \
                Next: call registry-info with an id to see what it needs, then registry-add to start it.
                """,
            inputSchema: [
                "type": "object",
                "properties": [
                    "query": ["type": "string", "description": "What the server should do or be called; may be empty when filters are given."],
                    "categories": ["type": "array", "items": ["type": "string"], "description": "Only these categories (any of them)."],
                    "tags": ["type": "array", "items": ["type": "string"], "description": "Only entries with any of these tags."],
                    "sources": ["type": "array", "items": ["type": "string"], "description": "Only entries from these source ids (see registry-status)."],
                    "official_only": ["type": "boolean", "description": "Only servers marked official."],
                    "requires_credentials": ["type": "boolean", "description": "true: only servers that need credentials; false: only those that need none."],
                    "launchable_only": ["type": "boolean", "description": "Only servers the registry can start (image, package or remote), not bare links."],
                    "limit": ["type": "integer", "minimum": 1, "maximum": 100, "default": 10, "description": "How many results (default 10, max 100)."],
                ],
                "required": ["query"],
                "additionalProperties": false,
            ],
            annotations: .init(title: "Find MCP servers", readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false),
            outputSchema: [
                "type": "object",
                "properties": [
                    "query": ["type": "string"],
                    "total": ["type": "integer"],
                    "returned": ["type": "integer"],
                    "results": ["type": "array", "items": EntrySummary.schema],
                    "nextStep": ["type": "string"],
                ],
                "required": ["query", "total", "returned", "results"],
            ]
        )
    }

    public func call(_ arguments: ToolArguments) async -> CallTool.Result {
        do {
            let (output, catalogSize) = try await search(arguments)
            let structured: Value = [
                "query": .string(output.query), "total": .int(output.total), "returned": .int(output.returned),
                "results": .array(output.results.map(\.value)), "nextStep": .string(output.nextStep),
            ]
            return success(Self.render(output, catalogSize: catalogSize), structured: structured)
        } catch {
            return error.result
        }
    }

    /// The same answer as `call`, as the JSON text of a `CallToolResult`, encoded straight
    /// from the search results (no `Value` in between).
    public func callEncoded(_ arguments: ToolArguments) async -> Data {
        do {
            let (output, catalogSize) = try await search(arguments)
            return try ToolOutput.encoder.encode(EncodedToolResult(text: Self.render(output, catalogSize: catalogSize), structured: output))
        } catch let failure as ToolFailure {
            return (try? ToolOutput.encoder.encode(failure.result)) ?? Data()
        } catch {
            return (try? ToolOutput.encoder.encode(ToolFailure("registry-find failed: \(error)").result)) ?? Data()
        }
    }

    /// Reads the arguments and runs the search: the output and the catalog's size.
    private func search(_ arguments: ToolArguments) async throws(ToolFailure) -> (Output, Int) {
        try arguments.rejectUnknown(["query", "categories", "tags", "sources", "official_only", "requires_credentials", "launchable_only", "limit"])
        let text = try arguments.string("query") ?? ""
        let query = SearchQuery(
            text: text,
            categories: try arguments.strings("categories"),
            tags: try arguments.strings("tags"),
            sources: try arguments.strings("sources"),
            officialOnly: try arguments.bool("official_only") ?? false,
            requiresCredentials: try arguments.bool("requires_credentials"),
            launchableOnly: try arguments.bool("launchable_only") ?? false,
            limit: try arguments.int("limit", in: 1...100) ?? 10)
        if text.trimmingCharacters(in: .whitespaces).isEmpty, query.categories.isEmpty, query.tags.isEmpty,
            query.sources.isEmpty, !query.officialOnly, query.requiresCredentials == nil, !query.launchableOnly
        {
            throw ToolFailure("registry-find: give a 'query' (e.g. \"postgres\") or at least one filter. To browse everything, use registry-list.")
        }
        let catalog = await service.catalog()
        let found = catalog.search(query)
        let results = found.hits.map { EntrySummary($0.entry, score: $0.hit.score) }
        let output = Output(
            query: text, total: found.total, returned: results.count, results: results,
            nextStep: results.isEmpty
                ? "Try fewer or different words, drop filters, or run registry-refresh if the catalog is empty."
                : "Call registry-info with an id for its requirements, then registry-add to start it.")
        return (output, catalog.entries.count)
    }

    static func render(_ output: Output, catalogSize: Int) -> String {
        let label = output.query.isEmpty ? "the filters" : "\"\(output.query)\""
        guard !output.results.isEmpty else {
            if catalogSize == 0 {
                return "No servers found: the catalog is empty. Run registry-refresh, then check registry-status for source errors."
            }
            return "No servers match \(label) among \(catalogSize) entries. \(output.nextStep)"
        }
        var lines = ["Found \(output.total) server\(output.total == 1 ? "" : "s") for \(label)"
            + (output.total > output.returned ? " (showing the best \(output.returned)):" : ":")]
        for (index, result) in output.results.enumerated() {
            lines.append("\(index + 1). \(result.text)")
        }
        lines.append("")
        lines.append("Next: \(output.nextStep)")
        return lines.joined(separator: "\n")
    }
}

extension EntrySummary {
    /// JSON Schema of an `EntrySummary` in structured output.
    static let schema: Value = [
        "type": "object",
        "properties": [
            "id": ["type": "string"],
            "name": ["type": "string"],
            "title": ["type": "string"],
            "description": ["type": "string"],
            "categories": ["type": "array", "items": ["type": "string"]],
            "tags": ["type": "array", "items": ["type": "string"]],
            "sources": ["type": "array", "items": ["type": "string"]],
            "official": ["type": "boolean"],
            "deprecated": ["type": "boolean"],
            "requiresCredentials": ["type": "boolean"],
            "launchable": ["type": "boolean"],
            "launch": ["type": "string", "enum": ["container", "package", "remote", "unknown"]],
            "target": ["type": "string"],
            "repository": ["type": "string"],
            "score": ["type": "number"],
        ],
        "required": ["id", "name", "description", "sources", "launchable", "launch", "requiresCredentials"],
    ]
}
