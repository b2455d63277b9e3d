import Foundation
import Gateway
import MCP
import RegistryCore

/// `registry-find`: fuzzy search over every catalog, with filters applied before ranking.
///
/// One result per server (copies and forks listed as its alternatives), ranked by text
/// relevance times the entry's quality prior (`EntryQuality`); each says whether it is
/// ready to start, needs configuration (which) or cannot be started (why). By default
/// at most `SearchQuery.defaultLinkOnlyLimit` link-only results are shown when
/// launchable ones match (`launchable: "any"` shows them all, `"only"` none).
public struct FindTool: RegistryTool {
    let service: RegistryService
    /// The stores of the user's values and secrets, for "needs configuration"; without
    /// it, what an entry declares as required is reported as missing.
    let gateway: Gateway?

    public init(service: RegistryService, gateway: Gateway? = nil) {
        self.service = service
        self.gateway = gateway
    }

    struct Output: Codable {
        var query: String
        var total: Int
        var returned: Int
        var heldBackLinkOnly: Int
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
                "github issues", "send slack message". Typos are tolerated. Returns one result per server \
                (copies and forks listed as its alternatives) with a short description and its status: \
                ready (can start now), needs-configuration (lists what to set), configuration-refused (a stored \
                value registry-add would refuse: why) or unavailable (why). \
                Servers the registry can start come first; only a few link-only entries are shown \
                unless launchable is "any". Next: registry-info with an id, then registry-add to start it.
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
                    "launchable": [
                        "type": "string", "enum": ["prefer", "only", "any"], "default": "prefer",
                        "description": "prefer (default): at most \(SearchQuery.defaultLinkOnlyLimit) link-only results when startable ones match; only: just servers the registry can start; any: rank link-only entries like the rest.",
                    ],
                    "launchable_only": ["type": "boolean", "description": "Same as launchable: \"only\" (kept for older clients)."],
                    "limit": ["type": "integer", "minimum": 1, "maximum": 100, "default": 10, "description": "How many results (default 10, max 100)."],
                ],
                "required": ["query"],
                "additionalProperties": false,
            ],
            annotations: .init(title: "Find MCP servers", readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false),
            outputSchema: FindTool.Output.schema
        )
    }

    public func call(_ arguments: ToolArguments) async -> CallTool.Result {
        do {
            let (output, catalogSize, loading) = try await search(arguments)
            return success(Self.render(output, catalogSize: catalogSize, loading: loading), output)
        } catch {
            return error.result
        }
    }

    /// The same answer as `call`, as the JSON text of a `CallToolResult`, encoded straight
    /// from the search results (no `Value` in between).
    public func callEncoded(_ arguments: ToolArguments) async -> Data {
        do {
            let (output, catalogSize, loading) = try await search(arguments)
            let text = Self.render(output, catalogSize: catalogSize, loading: loading)
            return try EncodedToolResult(text: text, structured: output).encoded()
        } catch let failure as ToolFailure {
            return (try? ToolJSON.encoder.encode(failure.result)) ?? Data()
        } catch {
            return (try? ToolJSON.encoder.encode(ToolFailure("registry-find failed: \(error)").result)) ?? Data()
        }
    }

    /// Reads the arguments and runs the search: the output, the catalog's size and the
    /// sources still loading.
    private func search(_ arguments: ToolArguments) async throws(ToolFailure) -> (Output, Int, [String]) {
        try arguments.rejectUnknown(["query", "categories", "tags", "sources", "official_only", "requires_credentials", "launchable", "launchable_only", "limit"])
        let text = try arguments.string("query") ?? ""
        let launchable = try arguments.string("launchable") ?? "prefer"
        guard ["prefer", "only", "any"].contains(launchable) else {
            throw ToolFailure("registry-find: 'launchable' is \"prefer\" (the default), \"only\" or \"any\", not \"\(launchable)\".")
        }
        let query = SearchQuery(
            text: text,
            categories: try arguments.strings("categories"),
            tags: try arguments.strings("tags"),
            sources: try arguments.strings("sources"),
            officialOnly: try arguments.bool("official_only") ?? false,
            requiresCredentials: try arguments.bool("requires_credentials"),
            launchableOnly: try arguments.bool("launchable_only") ?? false || launchable == "only",
            linkOnlyLimit: launchable == "prefer" ? SearchQuery.defaultLinkOnlyLimit : nil,
            limit: try arguments.int("limit", in: 1...100) ?? 10)
        if text.trimmingCharacters(in: .whitespaces).isEmpty, query.categories.isEmpty, query.tags.isEmpty,
            query.sources.isEmpty, !query.officialOnly, query.requiresCredentials == nil, !query.launchableOnly
        {
            throw ToolFailure("registry-find: give a 'query' (e.g. \"postgres\") or at least one filter. To browse everything, use registry-list.")
        }
        let (catalog, loading) = await service.catalogForSearch()
        let found = catalog.search(query)
        let readiness = EntryReadiness.of(found.hits.map(\.entry), gateway: gateway)
        let results = zip(found.hits, readiness).map { item, readiness in
            EntrySummary(
                item.entry, score: item.hit.score, readiness: readiness,
                alternatives: item.hit.alternatives.map { catalog.entryID(at: $0) })
        }
        let output = Output(
            query: text, total: found.total, returned: results.count, heldBackLinkOnly: found.heldBackLinkOnly, results: results,
            nextStep: results.isEmpty
                ? "Try fewer or different words, drop filters, or run registry-refresh if the catalog is empty."
                : "Call registry-info with an id for its requirements, then registry-add to start it.")
        return (output, catalog.entries.count, loading)
    }

    /// - Parameter loading: sources still loading; then an empty result never says "empty".
    static func render(_ output: Output, catalogSize: Int, loading: [String] = []) -> String {
        let label = output.query.isEmpty ? "the filters" : "\"\(output.query)\""
        guard !output.results.isEmpty else {
            if !loading.isEmpty {
                return "No servers match \(label) yet: the catalog is still loading (\(loading.joined(separator: ", "))), "
                    + "with \(catalogSize) entries so far. Ask again in a few seconds; registry-status shows the progress."
            }
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
        if output.heldBackLinkOnly > 0 {
            lines.append("")
            lines.append("\(output.heldBackLinkOnly) more link-only match\(output.heldBackLinkOnly == 1 ? "" : "es") (the registry cannot start them) left out; pass launchable: \"any\" to see them.")
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
            "status": ["type": "string", "enum": ["ready", "needs-configuration", "configuration-refused", "unavailable"]],
            "missing": ["type": "array", "items": ["type": "string"], "description": "What to set before it starts (needs-configuration)."],
            "unavailableReason": ["type": "string"],
            "alternatives": ["type": "array", "items": ["type": "string"], "description": "Other entries that are the same server, best first."],
            "alternativeCount": ["type": "integer"],
            "target": ["type": "string"],
            "repository": ["type": "string"],
            "score": ["type": "number"],
        ],
        "required": ["id", "name", "description", "sources", "launchable", "launch", "requiresCredentials", "status"],
    ]
}

extension FindTool.Output: ToolOutput {
    /// The tool's `outputSchema`.
    static var schema: Value {
        [
            "type": "object",
            "properties": [
                "query": ["type": "string"],
                "total": ["type": "integer"],
                "returned": ["type": "integer"],
                "heldBackLinkOnly": ["type": "integer", "description": "Link-only matches left out (see the launchable argument)."],
                "results": ["type": "array", "items": EntrySummary.schema],
                "nextStep": ["type": "string"],
            ],
            "required": ["query", "total", "returned", "results"],
        ]
    }
}
