import ContainerRuntime
import Gateway
import MCP
import RegistryCore

/// `registry-info`: everything known about one entry, and what it needs before it runs.
public struct InfoTool: RegistryTool {
    let service: RegistryService
    /// When present, the entry's configuration is checked against the stored values.
    let gateway: Gateway?

    public init(service: RegistryService, gateway: Gateway? = nil) {
        self.service = service
        self.gateway = gateway
    }

    struct Output: Codable {
        var entry: CatalogEntry
        var launchable: Bool
        var requiresCredentials: Bool
        /// What must still be set before `registry-add` (empty: ready to start).
        var missing: [MissingValue]
        /// What registry-add would do now: `launchable`, `needs configuration`,
        /// `not launchable` or `configuration refused`, and why.
        var verdict: String
        var verdictReason: String
        var active: Bool
        var nextSteps: [String]
    }

    public var definition: Tool {
        Tool(
            name: "registry-info",
            title: "Describe a catalog entry",
            description: """
                Everything known about one MCP server from registry-find or registry-list: description, \
                which catalogs list it, how it runs (container image, package or remote URL), the secrets, \
                environment variables and parameters it needs, its tools, and how to start it. Read this \
                before registry-add.
                """,
            inputSchema: [
                "type": "object",
                "properties": [
                    "id": ["type": "string", "description": "An entry id, e.g. \"docker/grafana\" (case-insensitive)."]
                ],
                "required": ["id"],
                "additionalProperties": false,
            ],
            annotations: .init(title: "Describe a catalog entry", readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false),
            outputSchema: InfoTool.Output.schema
        )
    }

    public func call(_ arguments: ToolArguments) async -> CallTool.Result {
        do {
            try arguments.rejectUnknown(["id"])
            let id = try arguments.requiredString("id", hint: "Pass an id from registry-find, e.g. {\"id\": \"docker/grafana\"}.")
            let catalog = await service.catalog()
            guard let entry = catalog.entry(id: id) else {
                throw Self.unknown(id, in: catalog)
            }
            let missing = entry.isLaunchable ? (gateway?.missingConfiguration(for: entry) ?? []) : []
            let active = await gateway?.isActive(entry.id) ?? false
            let steps = Self.nextSteps(entry, missing: gateway == nil ? nil : missing, active: active)
            let verdict = await gateway?.verdict(for: entry)
                ?? (entry.isLaunchable ? .needsConfiguration(missing) : .notLaunchable(entry.allLaunchBlockers))
            let output = Output(
                entry: entry, launchable: EntryReadiness(verdict, entry: entry).isLaunchable, requiresCredentials: entry.requiresCredentials,
                missing: missing, verdict: verdict.word, verdictReason: verdict.sentence(for: entry), active: active, nextSteps: steps)
            return success(EntryDetailText.render(entry, nextSteps: steps, verdict: verdict.sentence(for: entry)), output)
        } catch let failure as ToolFailure {
            return failure.result
        } catch {
            return ToolFailure("registry-info failed: \(error)").result
        }
    }

    /// The error for an id the catalog does not have, with suggestions.
    static func unknown(_ id: String, in catalog: Catalog) -> ToolFailure {
        let suggestions = catalog.suggestions(for: id)
        var message = "No entry with id '\(id)'."
        if !suggestions.isEmpty { message += " Did you mean: \(suggestions.joined(separator: ", "))?" }
        message += " Use registry-find to search for ids."
        return ToolFailure(message)
    }

    /// - Parameter missing: what is still unset (from the stores), or `nil` when unknown.
    static func nextSteps(_ entry: CatalogEntry, missing: [MissingValue]? = nil, active: Bool = false) -> [String] {
        if !entry.allLaunchBlockers.isEmpty {
            var steps = entry.blockerSentences
            if let repository = entry.repositoryURL { steps.append("See \(repository) for how to run it.") }
            steps.append("Search for a launchable alternative with registry-find and launchable_only: true.")
            return steps
        }
        guard entry.isLaunchable else {
            var steps = ["This entry is a link only: the registry does not know how to start it."]
            if let repository = entry.repositoryURL { steps.append("See \(repository) for how to run it.") }
            steps.append("Search for a launchable alternative with registry-find and launchable_only: true.")
            return steps
        }
        var steps: [String] = []
        if active {
            steps.append("It is running now: its tools are listed (see registry-active); registry-remove stops it.")
            return steps
        }
        if let missing {
            if missing.isEmpty {
                steps.append("Everything it requires is set.")
            } else {
                steps.append("Still to set: " + missing.map(\.line).joined(separator: "; ") + ".")
                let example = missing.prefix(2).map { "\"\($0.name)\": \"…\"" }.joined(separator: ", ")
                steps.append("Ask the user for these values (never guess secrets), then registry-config-set {\"id\": \"\(entry.id)\", \"values\": {\(example)}}.")
            }
        }
        let secrets = missing == nil ? entry.configuration.secrets.filter(\.required) : []
        if !secrets.isEmpty {
            steps.append("Set the secret\(secrets.count > 1 ? "s" : "") \(secrets.map(\.name).joined(separator: ", ")) with registry-config-set {\"id\": \"\(entry.id)\", \"values\": {\"\(secrets[0].name)\": \"…\"}} (ask the user for the value; never guess it).")
        }
        let parameters = missing == nil ? entry.configuration.requiredParameters : []
        if !parameters.isEmpty {
            steps.append("Set the parameter\(parameters.count > 1 ? "s" : "") \(parameters.joined(separator: ", ")) with registry-config-set.")
        }
        if case .remote(let remote) = entry.launch, let provider = remote.oauthProvider {
            steps.append("This remote server signs in with \(provider) OAuth; a personal access token stored as a secret is sent as a bearer token where the entry allows it.")
        }
        steps.append("Start it with registry-add {\"id\": \"\(entry.id)\"}; its tools then appear as <prefix>__<tool> (or call them through registry-exec).")
        steps.append("Stop it with registry-remove when done.")
        return steps
    }
}

extension InfoTool.Output: ToolOutput {
    /// The tool's `outputSchema`.
    static var schema: Value {
        [
            "type": "object",
            "properties": [
                "entry": ["type": "object", "properties": ["id": ["type": "string"], "name": ["type": "string"]], "required": ["id", "name"]],
                "launchable": ["type": "boolean"],
                "requiresCredentials": ["type": "boolean"],
                "missing": [
                    "type": "array",
                    "items": [
                        "type": "object",
                        "properties": ["kind": ["type": "string"], "name": ["type": "string"], "description": ["type": "string"], "example": ["type": "string"]],
                        "required": ["kind", "name"],
                    ],
                ],
                "verdict": ["type": "string", "enum": ["launchable", "needs configuration", "not launchable", "configuration refused"]],
                "verdictReason": ["type": "string"],
                "active": ["type": "boolean"],
                "nextSteps": ["type": "array", "items": ["type": "string"]],
            ],
            "required": ["entry", "launchable", "requiresCredentials", "missing", "verdict", "verdictReason", "active", "nextSteps"],
        ]
    }
}
