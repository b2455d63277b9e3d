import Gateway
import MCP
import RegistryCore

/// `registry-add`: starts a catalog server (container image, npm/PyPI package in a
/// container, or remote) and proxies its tools.
public struct AddTool: RegistryTool {
    let service: RegistryService
    let gateway: Gateway

    public init(service: RegistryService, gateway: Gateway) {
        self.service = service
        self.gateway = gateway
    }

    struct Output: Encodable {
        /// A tool the server now exposes, under its exposed name.
        struct ProxiedTool: Encodable {
            var name: String
            var description: String?
            var inputSchema: Value
        }

        var id: String
        var prefix: String
        var alreadyActive: Bool
        var kind: String
        var tools: [ProxiedTool]
        var resources: Int
        var prompts: Int
        /// Seconds from the call to the tools being listed, to the millisecond.
        var startSeconds: Double
    }

    public var definition: Tool {
        Tool(
            name: "registry-add",
            title: "Start an MCP server",
            description: """
                Starts a server from the catalog (in an isolated Podman container: its image, or for npm/PyPI \
                packages an image built on first use, which takes a while; or by connecting to its remote \
                endpoint) and exposes its tools as <prefix>__<tool>. Check registry-info first: if \
                the server needs secrets or settings, set them with registry-config-set (or pass non-secret \
                values in config). The result lists the new tools with their input schemas; if your client \
                does not pick up new tools, call them through registry-exec.
                """,
            inputSchema: [
                "type": "object",
                "properties": [
                    "id": ["type": "string", "description": "The entry id from registry-find, e.g. \"docker/grafana\"."],
                    "prefix": ["type": "string", "description": "Prefix for the exposed tool names (default: the server's name)."],
                    "config": [
                        "type": "object",
                        "description": "Values for this start: parameters and env the entry declares (see registry-info). Stored values are used for anything not given.",
                        "additionalProperties": true,
                    ],
                    "tools": ["type": "array", "items": ["type": "string"], "description": "Expose only these tools of the server (default: all)."],
                ],
                "required": ["id"],
                "additionalProperties": false,
            ],
            annotations: .init(title: "Start an MCP server", readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: true),
            outputSchema: AddTool.Output.schema
        )
    }

    public func call(_ arguments: ToolArguments) async -> CallTool.Result {
        do {
            try arguments.rejectUnknown(["id", "prefix", "config", "tools"])
            let id = try arguments.requiredString("id", hint: "Pass an id from registry-find, e.g. {\"id\": \"docker/grafana\"}.")
            let prefix = try arguments.string("prefix")
            let config = (try arguments.object("config") ?? [:]).mapValues(JSONValue.init)
            let tools = try arguments.strings("tools")
            let catalog = await service.catalog()
            guard let entry = catalog.entry(id: id) else { throw InfoTool.unknown(id, in: catalog) }
            let activation: Activation
            let reporter = arguments.progress.map(StartProgress.init)
            let outcome: Result<Activation, Error>
            do {
                outcome = .success(try await gateway.activate(
                    entry: entry, prefix: prefix, config: config, tools: tools.isEmpty ? nil : tools, progress: reporter?.report))
            } catch {
                outcome = .failure(error)
            }
            // Every progress message goes out before the result.
            await reporter?.finish()
            do {
                activation = try outcome.get()
            } catch let error as GatewayError {
                let withheld = await Self.networkWithheld(entry, gateway: gateway)
                throw ToolFailure(Self.explain(error, entry: entry) + (withheld ? Self.networkHint(error, entry: entry) : ""))
            }
            let output = Output(
                id: activation.entryID, prefix: activation.prefix, alreadyActive: activation.alreadyActive,
                kind: activation.summary.kind,
                tools: activation.tools.map { Output.ProxiedTool(name: $0.name, description: $0.description, inputSchema: $0.inputSchema) },
                resources: activation.resourceCount, prompts: activation.promptCount,
                startSeconds: (activation.elapsed * 1000).rounded() / 1000)
            var lines: [String] = []
            if activation.alreadyActive {
                lines.append("\(activation.entryID) was already running as prefix '\(activation.prefix)'.")
            } else {
                lines.append(String(format: "Started %@ as prefix '%@' in %.1f s (%@).", activation.entryID, activation.prefix,
                                    activation.elapsed, activation.summary.image ?? activation.summary.url ?? activation.summary.kind))
            }
            lines.append("\(activation.tools.count) tool\(activation.tools.count == 1 ? "" : "s"):")
            for tool in activation.tools {
                lines.append("- \(tool.name)\(tool.description.map { ": \(EntrySummary.clip($0, 160))" } ?? "")")
            }
            if let instructions = activation.instructions, !instructions.isEmpty {
                lines.append("")
                lines.append("The server's own instructions: \(EntrySummary.clip(instructions, 600))")
            }
            lines.append("")
            let example = "registry-exec {\"tool\": \"\(activation.tools.first?.name ?? "\(activation.prefix)__<tool>")\", \"arguments\": {…}}"
            if await gateway.settings.gateway.listProxiedTools {
                lines.append("Call these tools directly; if your client does not show them yet, use \(example).")
            } else {
                lines.append("These tools are not in your tool list (the registry is set to keep it short): call them with \(example).")
            }
            lines.append("Stop it with registry-remove {\"id\": \"\(activation.entryID)\"}.")
            if !activation.alreadyActive, await Self.networkWithheld(entry, gateway: gateway) {
                lines.append("It runs without a network: its definition does not say it needs one. If its tools fail to reach a service, "
                    + Self.networkSetting(entry))
            }
            return success(lines.joined(separator: "\n"), output)
        } catch let failure as ToolFailure {
            return failure.result
        } catch {
            return ToolFailure("registry-add failed: \(error)").result
        }
    }

    /// Whether the entry runs in a container without a network only because its definition
    /// says nothing either way (`NetworkNeed.unstated`) and the user set nothing.
    static func networkWithheld(_ entry: CatalogEntry, gateway: Gateway) async -> Bool {
        guard entry.networkNeed == .unstated, entry.launch.kind == "package" else { return false }
        return await gateway.settings.containers.networkOverride(for: entry.id) == nil
    }

    /// The hint after a start failure that reads like an unreachable network.
    static func networkHint(_ error: GatewayError, entry: CatalogEntry) -> String {
        var said = error.sentence
        if case .startFailed(_, let reason, let stderr) = error { said += "\n" + reason.description + "\n" + stderr.joined(separator: "\n") }
        guard NetworkNeed.looksLikeNetworkFailure(said) else { return "" }
        return "\nIt ran without a network, since its definition does not say it needs one, and it failed to reach one. "
            + networkSetting(entry)
    }

    /// How the user gives an entry the network.
    static func networkSetting(_ entry: CatalogEntry) -> String {
        NetworkHint.setting(entryID: entry.id)
    }

    /// A gateway error in words for the model, with the next step.
    static func explain(_ error: GatewayError, entry: CatalogEntry) -> String {
        switch error {
        case .missingConfiguration(_, let missing):
            var lines = ["\(entry.id) needs configuration before it can start:"]
            for value in missing { lines.append("- \(value.line)") }
            let example = missing.prefix(2).map { "\"\($0.name)\": \"…\"" }.joined(separator: ", ")
            lines.append("Ask the user for these values (never guess secrets), then call registry-config-set {\"id\": \"\(entry.id)\", \"values\": {\(example)}} and registry-add again.")
            return lines.joined(separator: "\n")
        case .notLaunchable where !entry.allLaunchBlockers.isEmpty:
            return "\(entry.id) cannot be started. " + entry.blockerSentences.joined(separator: " ")
        case .invalidConfiguration:
            return error.sentence + "\nSee registry-info {\"id\": \"\(entry.id)\"} for the names and types it accepts."
        default:
            return error.sentence
        }
    }
}

/// Sends what a starting server is doing (pulling, building a package image) to the client
/// as progress, in order, for clients that asked for it.
struct StartProgress: Sendable {
    private let continuation: AsyncStream<String>.Continuation
    private let sender: Task<Void, Never>

    init(send: @escaping @Sendable (ProgressNotification.Parameters) async -> Void) {
        let (stream, continuation) = AsyncStream<String>.makeStream()
        self.continuation = continuation
        sender = Task {
            var count = 0.0
            for await message in stream {
                count += 1
                // The token is replaced by the client's own on the way out.
                await send(ProgressNotification.Parameters(progressToken: .string("registry-add"), progress: count, message: message))
            }
        }
    }

    var report: @Sendable (String) -> Void {
        let continuation = self.continuation
        return { continuation.yield($0) }
    }

    /// Ends the stream and waits until everything reported was sent.
    func finish() async {
        continuation.finish()
        await sender.value
    }
}

extension AddTool.Output: ToolOutput {
    /// The tool's `outputSchema`.
    static var schema: Value {
        [
            "type": "object",
            "properties": [
                "id": ["type": "string"],
                "prefix": ["type": "string"],
                "alreadyActive": ["type": "boolean"],
                "kind": ["type": "string"],
                "tools": [
                    "type": "array",
                    "items": [
                        "type": "object",
                        "properties": ["name": ["type": "string"], "description": ["type": "string"], "inputSchema": ["type": "object"]],
                        "required": ["name", "inputSchema"],
                    ],
                ],
                "resources": ["type": "integer"],
                "prompts": ["type": "integer"],
                "startSeconds": ["type": "number"],
            ],
            "required": ["id", "prefix", "alreadyActive", "tools"],
        ]
    }
}
