import Gateway
import MCP
import RegistryCore

/// `registry-list`: pages through the catalog, optionally one source or category.
public struct ListTool: RegistryTool {
    let service: RegistryService
    /// The stores of the user's values and secrets, for each entry's readiness.
    let gateway: Gateway?

    public init(service: RegistryService, gateway: Gateway? = nil) {
        self.service = service
        self.gateway = gateway
    }

    struct Output: Codable {
        var total: Int
        var returned: Int
        var results: [EntrySummary]
        var nextCursor: String?
    }

    public var definition: Tool {
        Tool(
            name: "registry-list",
            title: "List catalog entries",
            description: """
                Browse the catalog page by page, sorted by id, optionally only one source (e.g. "docker") or one \
                category ("all" for no filter). Pass the returned nextCursor to get the next page. To look for \
                something specific, registry-find is faster.
                """,
            inputSchema: [
                "type": "object",
                "properties": [
                    "source": ["type": "string", "description": "A source id from registry-status, or \"all\"."],
                    "category": ["type": "string", "description": "A category, or \"all\"."],
                    "cursor": ["type": "string", "description": "nextCursor from the previous page."],
                    "limit": ["type": "integer", "minimum": 1, "maximum": 100, "default": 25],
                ],
                "additionalProperties": false,
            ],
            annotations: .init(title: "List catalog entries", readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false),
            outputSchema: ListTool.Output.schema
        )
    }

    public func call(_ arguments: ToolArguments) async -> CallTool.Result {
        do {
            try arguments.rejectUnknown(["source", "category", "cursor", "limit"])
            let source = try arguments.string("source").flatMap { $0.lowercased() == "all" || $0.isEmpty ? nil : $0 }
            let category = try arguments.string("category").flatMap { $0.lowercased() == "all" || $0.isEmpty ? nil : $0 }
            let limit = try arguments.int("limit", in: 1...100) ?? 25
            var offset = 0
            if let cursor = try arguments.string("cursor"), !cursor.isEmpty {
                guard let value = Self.decodeCursor(cursor) else {
                    throw ToolFailure("registry-list: the cursor '\(cursor)' is not one this tool returned. Omit it to start from the first page.")
                }
                offset = value
            }
            let catalog = await service.catalog()
            if let source, !catalog.kinds.keys.contains(where: { $0.caseInsensitiveCompare(source) == .orderedSame }),
                !(await service.sourceIDs).contains(where: { $0.caseInsensitiveCompare(source) == .orderedSame })
            {
                let known = await service.sourceIDs
                throw ToolFailure("registry-list: no source '\(source)'. Known sources: \(known.joined(separator: ", ")), or \"all\".")
            }
            let query = SearchQuery(
                categories: category.map { [$0] } ?? [], sources: source.map { [$0] } ?? [], limit: limit, offset: offset)
            let found = catalog.search(query)
            let readiness = EntryReadiness.of(found.hits.map(\.entry), gateway: gateway)
            let results = zip(found.hits, readiness).map { EntrySummary($0.entry, readiness: $1) }
            let next = offset + results.count < found.total ? Self.encodeCursor(offset + results.count) : nil
            let output = Output(total: found.total, returned: results.count, results: results, nextCursor: next)
            var lines: [String] = []
            if results.isEmpty {
                lines.append(found.total == 0 ? "No entries\(source.map { " from \($0)" } ?? "")\(category.map { " in \($0)" } ?? "")." : "No more entries.")
            } else {
                lines.append("Entries \(offset + 1)–\(offset + results.count) of \(found.total):")
                for (index, result) in results.enumerated() { lines.append("\(offset + index + 1). \(result.text)") }
                if let next { lines.append("\nMore: call registry-list with cursor \"\(next)\".") }
            }
            return success(lines.joined(separator: "\n"), output)
        } catch let failure as ToolFailure {
            return failure.result
        } catch {
            return ToolFailure("registry-list failed: \(error)").result
        }
    }

    static func encodeCursor(_ offset: Int) -> String { "o\(offset)" }

    static func decodeCursor(_ cursor: String) -> Int? {
        guard cursor.hasPrefix("o"), let value = Int(cursor.dropFirst()), value >= 0 else { return nil }
        return value
    }
}

extension ListTool.Output: ToolOutput {
    /// The tool's `outputSchema`.
    static var schema: Value {
        [
            "type": "object",
            "properties": [
                "total": ["type": "integer"],
                "returned": ["type": "integer"],
                "results": ["type": "array", "items": EntrySummary.schema],
                "nextCursor": ["type": "string"],
            ],
            "required": ["total", "returned", "results"],
        ]
    }
}
