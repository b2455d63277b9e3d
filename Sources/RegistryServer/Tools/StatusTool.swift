import Foundation
import MCP
import RegistryCore

/// `registry-status`: the registry's health: sources, their last refresh and errors, cache
/// location, version, uptime.
public struct StatusTool: RegistryTool {
    let service: RegistryService
    /// Extra sections (running servers) supplied by the activation layer.
    let extras: @Sendable () async -> [String: Value]

    public init(service: RegistryService, extras: @escaping @Sendable () async -> [String: Value] = { [:] }) {
        self.service = service
        self.extras = extras
    }

    public struct Output: Codable, Sendable {
        public var version: String
        public var uptimeSeconds: Int
        public var totalEntries: Int
        public var dataDirectory: String
        public var cacheDirectory: String
        public var configDirectory: String
        public var sources: [SourceStatus]
        public var warnings: [String]
    }

    public var definition: Tool {
        Tool(
            name: "registry-status",
            title: "Registry status",
            description: """
                The registry's health: each catalog source with its entry count, last successful refresh, \
                last error and problems (files it could not read), whether a refresh is running, the cache \
                location, version and uptime. Check it when a search finds nothing or after registry-refresh.
                """,
            inputSchema: ["type": "object", "properties": [:], "additionalProperties": false],
            annotations: .init(title: "Registry status", readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false),
            outputSchema: StatusTool.Report.schema
        )
    }

    public func call(_ arguments: ToolArguments) async -> CallTool.Result {
        do {
            try arguments.rejectUnknown([])
        } catch {
            return error.result
        }
        let output = await Self.snapshot(service)
        let extra = await extras()
        var text = Self.render(output)
        if case .string(let section)? = extra["activeText"] { text += "\n\n" + section }
        return success(text, Report(status: output, extra: extra))
    }

    /// The status with the extra sections beside its own fields (one object).
    struct Report: ToolOutput {
        var status: Output
        var extra: [String: Value]

        static var schema: Value { Output.schema }

        private struct Key: CodingKey {
            var stringValue: String
            var intValue: Int? { nil }
            init(stringValue: String) { self.stringValue = stringValue }
            init?(intValue: Int) { nil }
        }

        func encode(to encoder: any Encoder) throws {
            try status.encode(to: encoder)
            var container = encoder.container(keyedBy: Key.self)
            for (key, value) in extra { try container.encode(value, forKey: Key(stringValue: key)) }
        }
    }

    /// The status as data (also used by `mcp-registry status`).
    public static func snapshot(_ service: RegistryService) async -> Output {
        let catalog = await service.catalog()
        let statuses = await service.sourceStatuses()
        let paths = service.paths
        return Output(
            version: RegistryVersion.version,
            uptimeSeconds: Int(Date().timeIntervalSince(service.startedAt)),
            totalEntries: catalog.entries.count,
            dataDirectory: paths.dataDirectory.path,
            cacheDirectory: paths.cacheDirectory.path,
            configDirectory: paths.configDirectory.path,
            sources: statuses,
            warnings: await service.warnings())
    }

    /// The status as text.
    public static func render(_ output: Output) -> String {
        var lines = ["mcp-registry \(output.version) — up \(output.uptimeSeconds) s — \(output.totalEntries) entries"]
        lines.append("Cache: \(output.cacheDirectory)   Settings: \(output.configDirectory)")
        lines.append("")
        if output.sources.isEmpty {
            lines.append("No sources configured. Add one with `mcp-registry sources add` or start with --catalog DIR.")
        }
        let formatter = ISO8601DateFormatter()
        for source in output.sources {
            var line = "\(source.sourceID) [\(source.kind)] \(source.entryCount) entries"
            if !source.enabled { line += " (disabled)" }
            if source.refreshing { line += " — refreshing\(source.progress.map { ": \($0)" } ?? "")" }
            lines.append(line)
            lines.append("  from \(source.location)")
            lines.append("  last success: \(source.lastSuccess.map(formatter.string(from:)) ?? "never")"
                + (source.revision.map { ", revision \($0.prefix(12))" } ?? ""))
            if let error = source.lastError { lines.append("  last error: \(error)") }
            if !source.problems.isEmpty {
                lines.append("  \(source.problems.count) problem\(source.problems.count == 1 ? "" : "s"):")
                for problem in source.problems.prefix(10) { lines.append("    \(problem.location): \(problem.message)") }
                if source.problems.count > 10 { lines.append("    … and \(source.problems.count - 10) more") }
            }
            if !source.counters.isEmpty {
                lines.append("  " + source.counters.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " "))
            }
        }
        if !output.warnings.isEmpty {
            lines.append("")
            lines.append("Warnings:")
            for warning in output.warnings { lines.append("  \(warning)") }
        }
        return lines.joined(separator: "\n")
    }
}

extension StatusTool.Output: ToolOutput {
    /// The tool's `outputSchema`.
    static var schema: Value {
        [
            "type": "object",
            "properties": [
                "version": ["type": "string"],
                "uptimeSeconds": ["type": "integer"],
                "totalEntries": ["type": "integer"],
                "dataDirectory": ["type": "string"],
                "cacheDirectory": ["type": "string"],
                "configDirectory": ["type": "string"],
                "sources": ["type": "array", "items": ["type": "object"]],
                "warnings": ["type": "array", "items": ["type": "string"]],
            ],
            "required": ["version", "uptimeSeconds", "totalEntries", "sources"],
        ]
    }
}
