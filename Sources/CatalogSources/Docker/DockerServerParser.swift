import Foundation
import RegistryCore
import Yams

/// Parses one server definition of the Docker MCP registry (`servers/<name>/server.yaml`,
/// with the optional `tools.json` and `readme.md` beside it) into a `CatalogEntry`.
///
/// The whole schema is read: `name`, `image` (kept exactly as written, never prefixed with a
/// registry host), `type` (`server` → container, `remote` → remote, `poci` → package),
/// `meta`, `about`, `source`, `run`, `config` (secrets, env, a JSON-Schema of parameters
/// converted faithfully), `remote`, `oauth`, `longLived`, `tools`. Unknown keys are ignored.
///
/// Choices worth knowing:
/// - The id is `EntryID.make(sourceID:upstream: name)` (`docker/grafana`); a missing `name`
///   falls back to the folder name.
/// - `repositoryURL` is `source.upstream` when a definition builds from a fork, else
///   `source.project`; a monorepo sub-folder (`source.directory`, or the folder of
///   `source.dockerfile`) is kept as `…/tree/<branch|HEAD>/<folder>` so that servers of the
///   same monorepo stay distinct when sources are merged by repository.
/// - `oauth` providers mark `flags.requiresCredentials`, set `RemoteLaunch.oauthProvider`
///   (the first provider), and declare their token (`secret`/`env`) as a secret when the
///   definition does not already.
/// - The Docker registry has no field that says a server is official, so `flags.official`
///   stays false (an `mcp/` image means Docker built it, not that the vendor did).
/// - A title ending in `(Archived)` (the registry's mark for servers whose upstream was
///   archived, e.g. `GitHub (Archived)`) sets `flags.deprecated` and is shown without the
///   remark, so the ranking's deprecated penalty applies and the title reads cleanly.
/// - `type: poci` definitions have no MCP server of their own: each of their `tools` runs a
///   one-shot container. They become `.package(registryType: "oci", transport: "poci")`
///   whose identifier is the first tool's image and whose `toolContainers` hold every tool
///   (schema, image, command, volumes, user); the tools are listed in `tools` too.
public enum DockerServerParser {
    /// Parses a definition from its texts.
    /// - Parameters:
    ///   - yaml: the `server.yaml` text.
    ///   - toolsJSON: the `tools.json` bytes, when present (malformed ones are ignored).
    ///   - readme: the `readme.md` text, when present (summary fallback, docs link).
    ///   - folderName: the definition's folder name (`grafana`), used when `name` is missing.
    ///   - sourceID: the id of the source that lists it (`docker`).
    ///   - location: where it was read from, for provenance.
    public static func entry(
        yaml: String,
        toolsJSON: Data?,
        readme: String? = nil,
        folderName: String,
        sourceID: String,
        location: String?
    ) throws -> CatalogEntry {
        let root: YAMLReader
        do {
            root = try YAMLReader.parse(yaml)
        } catch {
            throw CatalogParseError(error.message, location: location)
        }
        guard root.isMapping else {
            throw CatalogParseError("server.yaml is not a YAML mapping", location: location)
        }
        let name = root["name"].text ?? folderName
        guard !name.isEmpty else { throw CatalogParseError("server.yaml has no name", location: location) }
        if let violation = UpstreamName.violation(in: name, format: .docker) {
            throw CatalogParseError("refused: the server name breaks the Docker registry's name rules (\(violation.rawValue))",
                                    location: location)
        }

        let about = root["about"]
        let meta = root["meta"]
        let config = root["config"]

        let oauth = root["oauth"].items.filter(\.isMapping)
        let configuration = configuration(config, oauth: oauth)
        let (launch, blockers) = ImageReferenceCheck.vet(
            launch(root, name: name, configuration: configuration, oauth: oauth),
            field: root["type"].text?.lowercased() == "poci" ? "tools[].container.image" : "image")

        var tools = root["tools"].items.compactMap(toolSummary)
        if let toolsJSON, tools.isEmpty { tools = toolSummaries(fromJSON: toolsJSON) }

        var summary = about["description"].text ?? ""
        if summary.isEmpty, let readme { summary = MarkdownSummary.firstParagraph(readme) }
        let (title, archived) = archivedMark(about["title"].text)

        return CatalogEntry(
            id: EntryID.make(sourceID: sourceID, upstream: name),
            name: name,
            title: title,
            summary: summary,
            categories: meta["category"].texts,
            tags: meta["tags"].texts,
            repositoryURL: repositoryURL(root["source"]),
            homepageURL: readme.flatMap(MarkdownSummary.docsLink),
            iconURL: about["icon"].text,
            provenance: [Provenance(sourceID: sourceID, upstreamID: name, location: location)],
            flags: Flags(deprecated: archived, requiresCredentials: !oauth.isEmpty),
            launch: launch,
            configuration: configuration,
            tools: tools,
            launchBlockers: blockers
        )
    }

    /// Reads `server.yaml`, `tools.json` and `readme.md` (or `README.md`) from a definition
    /// folder, refusing links that leave it and files over the size caps.
    /// Throws `CatalogParseError` (path and reason; never the file's text).
    public static func entry(folder: URL, sourceID: String) throws -> CatalogEntry {
        let files = CatalogFolder(root: folder, symlinks: .stayInside)
        let yamlPath = folder.appendingPathComponent("server.yaml").path
        switch DockerDefinitionReader.read(files, folder: "", folderName: folder.lastPathComponent, sourceID: sourceID,
                                           location: { folder.appendingPathComponent($0).path }) {
        case .entry(let entry, _): return entry
        case .problems(let problems): throw CatalogParseError(problems.first?.message ?? "cannot be read", location: yamlPath)
        case .noDefinition: throw CatalogParseError("cannot read server.yaml: no such file", location: yamlPath)
        }
    }

    /// The title without a trailing `(Archived)` (any case, spaces around it), and
    /// whether it had one. A title that is only the remark is dropped.
    static func archivedMark(_ title: String?) -> (title: String?, archived: Bool) {
        guard let title else { return (nil, false) }
        let trimmed = title.trimmingCharacters(in: .whitespacesAndNewlines)
        let mark = "(archived)"
        guard trimmed.lowercased().hasSuffix(mark) else { return (title, false) }
        let rest = trimmed.dropLast(mark.count).trimmingCharacters(in: .whitespacesAndNewlines)
        return (rest.isEmpty ? nil : rest, true)
    }

    // MARK: - Launch

    private static func launch(_ root: YAMLReader, name: String, configuration: ConfigurationSpec, oauth: [YAMLReader]) -> LaunchSpec {
        let type = root["type"].text?.lowercased()
        let image = root["image"].text
        let remote = root["remote"]
        switch type {
        case "remote":
            return remoteLaunch(remote, configuration: configuration, oauth: oauth) ?? .unknown
        case "poci":
            return pociLaunch(root) ?? image.map { .container(containerLaunch(root, image: $0)) } ?? .unknown
        default:
            if let image { return .container(containerLaunch(root, image: image)) }
            if let spec = remoteLaunch(remote, configuration: configuration, oauth: oauth) { return spec }
            return pociLaunch(root) ?? .unknown
        }
    }

    private static func containerLaunch(_ root: YAMLReader, image: String) -> ContainerLaunch {
        let run = root["run"]
        var env: [String: String] = [:]
        if run["env"].isMapping {
            for (key, value) in run["env"].pairs { env[key] = value.text ?? "" }
        } else {
            for item in run["env"].items { if let key = item["name"].text { env[key] = item["value"].text ?? "" } }
        }
        return ContainerLaunch(
            image: image,
            command: run["command"].texts,
            volumes: run["volumes"].texts,
            env: env,
            user: run["user"].text,
            disableNetwork: run["disableNetwork"].bool ?? false,
            allowHosts: run["allowHosts"].texts,
            longLived: root["longLived"].bool ?? false
        )
    }

    private static func remoteLaunch(_ remote: YAMLReader, configuration: ConfigurationSpec, oauth: [YAMLReader]) -> LaunchSpec? {
        guard let url = remote["url"].text else { return nil }
        let secretsByEnv = Dictionary(configuration.secrets.map { ($0.env, $0) }, uniquingKeysWith: { first, _ in first })
        let headers = remote["headers"].pairs.map { key, value -> RemoteHeader in
            let text = value.text ?? ""
            let referenced = TemplateReferences.dollarNames(in: text).compactMap { secretsByEnv[$0] }
            return RemoteHeader(
                name: key,
                value: text,
                isSecret: !referenced.isEmpty,
                isRequired: referenced.contains(where: \.required)
            )
        }
        let transport = remote["transport_type"].text ?? remote["transport"].text ?? "streamable-http"
        return .remote(RemoteLaunch(
            url: url,
            transport: transport,
            headers: headers,
            oauthProvider: oauth.lazy.compactMap { $0["provider"].text }.first
        ))
    }

    /// `poci`: tools that each run their own container; see the type's notes. A tool without
    /// a name or an image is left out.
    private static func pociLaunch(_ root: YAMLReader) -> LaunchSpec? {
        let tools = root["tools"].items.compactMap(toolContainer)
        guard let first = tools.first else { return nil }
        return .package(PackageLaunch(
            registryType: "oci", identifier: first.image, runtimeHint: "docker",
            transport: PackageLaunch.toolContainerTransport, toolContainers: tools))
    }

    /// One `tools[]` item with its `container` (image, command, volumes, user) and its
    /// `parameters` schema, kept verbatim as the tool's input schema.
    private static func toolContainer(_ item: YAMLReader) -> ToolContainer? {
        let container = item["container"]
        guard let name = item["name"].text, !name.isEmpty, let image = container["image"].text, !image.isEmpty else { return nil }
        var schema = item["parameters"].json
        if schema == .null { schema = nil }
        return ToolContainer(
            name: name, description: item["description"].text, inputSchema: schema, image: image,
            command: container["command"].texts, volumes: container["volumes"].texts, user: container["user"].text)
    }

    // MARK: - Configuration

    private static func configuration(_ config: YAMLReader, oauth: [YAMLReader]) -> ConfigurationSpec {
        var secrets = config["secrets"].items.compactMap { item -> SecretRequirement? in
            guard let name = item["name"].text ?? item["env"].text else { return nil }
            return SecretRequirement(
                name: name,
                env: item["env"].text ?? envName(forSecret: name),
                description: item["description"].text,
                example: item["example"].text,
                required: item["required"].bool ?? true
            )
        }
        for provider in oauth {
            guard let secret = provider["secret"].text, !secrets.contains(where: { $0.name == secret }) else { continue }
            let providerName = provider["provider"].text ?? "the provider"
            secrets.append(SecretRequirement(
                name: secret,
                env: provider["env"].text ?? envName(forSecret: secret),
                description: "OAuth access token from \(providerName)",
                required: true
            ))
        }
        let env = config["env"].items.compactMap { item -> EnvRequirement? in
            guard let declared = item["name"].text else { return nil }
            // An item that names its variable in `env` (`name: uberall.access_token`,
            // `env: UBERALL_ACCESS_TOKEN`) sets that variable from the configuration name.
            let variable = item["env"].text
            let name = variable ?? declared
            return EnvRequirement(
                name: name,
                value: item["value"].text ?? (variable != nil && variable != declared ? "{{\(declared)}}" : nil),
                description: item["description"].text,
                example: item["example"].text,
                required: item["required"].bool ?? false,
                defaultValue: item["default"].text
            )
        }
        var parameters = config["parameters"].json
        if parameters == nil || parameters == .null, config["properties"].exists {
            // A few definitions put the schema directly under `config`.
            var schema: [String: JSONValue] = ["type": "object"]
            for key in ["type", "properties", "required", "anyOf", "oneOf", "allOf"] {
                if let value = config[key].json { schema[key] = value }
            }
            parameters = .object(schema)
        }
        if parameters == .null { parameters = nil }
        return ConfigurationSpec(description: config["description"].text, secrets: secrets, env: env, parameters: parameters)
    }

    /// `grafana.api_key` → `GRAFANA_API_KEY`, for secrets that do not name their variable.
    static func envName(forSecret name: String) -> String {
        String(name.uppercased().map { $0.isLetter || $0.isNumber ? $0 : "_" })
    }

    // MARK: - Source and tools

    private static func repositoryURL(_ source: YAMLReader) -> String? {
        if let upstream = source["upstream"].text { return upstream }
        guard let project = source["project"].text else { return nil }
        var folder = source["directory"].text
        if folder == nil, let dockerfile = source["dockerfile"].text, dockerfile.contains("/") {
            folder = String(dockerfile[..<dockerfile.lastIndex(of: "/")!])
        }
        let trimmed = folder?.trimmingCharacters(in: CharacterSet(charactersIn: "./"))
        guard let trimmed, !trimmed.isEmpty, !project.contains("/tree/") else { return project }
        let base = project.hasSuffix(".git") ? String(project.dropLast(4)) : project
        let branch = source["branch"].text ?? "HEAD"
        return "\(base.hasSuffix("/") ? String(base.dropLast()) : base)/tree/\(branch)/\(trimmed)"
    }

    private static func toolSummary(_ item: YAMLReader) -> ToolSummary? {
        guard let name = item["name"].text else { return nil }
        return ToolSummary(name: name, description: item["description"].text)
    }

    /// Tool names and descriptions from a `tools.json`: an array of `{name, description, …}`
    /// (or an object with a `tools` array); anything else yields no tools.
    static func toolSummaries(fromJSON data: Data) -> [ToolSummary] {
        guard JSONBounds.excessNesting(in: data) == nil,
              let value = try? JSONDecoder().decode(JSONValue.self, from: data) else { return [] }
        let list = value.arrayValue ?? value["tools"]?.arrayValue ?? []
        return list.compactMap { item in
            guard let name = item["name"]?.stringValue, !name.isEmpty else { return nil }
            let description = item["description"]?.stringValue?.trimmingCharacters(in: .whitespacesAndNewlines)
            return ToolSummary(name: name, description: description?.isEmpty == false ? description : nil)
        }
    }
}
