import Foundation
import RegistryCore

/// Parses the official MCP registry's `server.json` (registry.modelcontextprotocol.io, schema
/// versions 2025-07-09 through 2025-12-11, and the older snake_case form) into a `CatalogEntry`.
///
/// Lenient across versions: every member is read by its camelCase name or its snake_case
/// twin (`registryType`/`registry_type`, `runtimeHint`, `environmentVariables`,
/// `packageArguments`, `websiteUrl`…), pre-2025-07 `version_detail` and `registry_name` are
/// understood, and unknown members are ignored.
///
/// The launch spec is chosen in this order: an `oci` package over stdio (a container image,
/// what the registry runs best) > a remote (`streamable-http` before `sse`) > an `npm` or
/// `pypi` package > any other package (`nuget`, `mcpb`, an `oci` image serving HTTP, which
/// becomes `.package(registryType: "oci")`; an `mcpb` package keeps its `fileSha256`, and
/// runs once downloaded and verified) > unknown, skipping any the registry cannot run
/// (`LaunchSpec.notLaunchableReason`: a runtime option the hardening profile refuses, a
/// package type without a runtime) when a later one can; when none can, the first is kept
/// with its reason. Inputs become configuration as
/// `OfficialInputCollector` describes: secrets named `<short name>.<var lowercased>`, other
/// inputs parameters of a JSON Schema referenced as `{name}`.
public enum OfficialServerParser {
    /// The `_meta` key under which the official registry publishes its own data.
    public static let officialMetaKey = "io.modelcontextprotocol.registry/official"

    /// Parses one server.
    /// - Parameters:
    ///   - server: the `server.json` object (or an API item's `server`).
    ///   - meta: the API item's `_meta`, when there is one (its status marks `deprecated`).
    ///   - sourceID: the id of the source listing it (`official`).
    ///   - location: where it was read from, for provenance.
    public static func entry(from server: JSONValue, meta: JSONValue?, sourceID: String, location: String?) throws -> CatalogEntry {
        guard server.objectValue != nil else {
            throw CatalogParseError("server.json is not a JSON object", location: location)
        }
        guard let name = server.text("name") else {
            throw CatalogParseError("server.json has no name", location: location)
        }
        if let violation = UpstreamName.violation(in: name, format: .reverseDNS) {
            throw CatalogParseError("refused: the server name breaks the registry's namespace/name rules (\(violation.rawValue))",
                                    location: location)
        }
        let shortName = name.split(separator: "/").last.map(String.init) ?? name
        var inputs = OfficialInputCollector(namespace: shortName)
        let (launch, blockers) = ImageReferenceCheck.vet(launch(server, inputs: &inputs) ?? .unknown, field: "packages[].identifier")

        let status = statusValue(server: server, meta: meta ?? server.lenient("_meta"))
        let version = server.text("version") ?? server.lenient("versionDetail")?.text("version")
        return CatalogEntry(
            id: EntryID.make(sourceID: sourceID, upstream: name),
            name: shortName,
            title: server.text("title"),
            summary: server.text("description") ?? "",
            repositoryURL: repositoryURL(server.lenient("repository")),
            homepageURL: server.text("websiteUrl"),
            iconURL: server.list("icons").lazy.compactMap { $0.text("src") ?? $0.scalarText }.first,
            provenance: [Provenance(sourceID: sourceID, upstreamID: name, location: location)],
            flags: Flags(deprecated: status == "deprecated"),
            launch: withVersion(launch, version),
            configuration: ConfigurationSpec(secrets: inputs.secrets, env: inputs.env, parameters: inputs.parameters),
            launchBlockers: blockers,
            release: version.map { release($0, meta: meta ?? server.lenient("_meta"), server: server) }
        )
    }

    /// The version with the registry's `isLatest` and `publishedAt` (from `_meta`
    /// `io.modelcontextprotocol.registry/official`, inside or outside `server`).
    private static func release(_ version: String, meta: JSONValue?, server: JSONValue) -> ServerRelease {
        let official = meta?[officialMetaKey] ?? server["_meta"]?[officialMetaKey]
        return ServerRelease(version: version, isLatest: official?.flag("isLatest"), publishedAt: official?.text("publishedAt"))
    }

    /// Parses a bare `server.json` or an API list item `{"server": {…}, "_meta": {…}}`.
    public static func entry(json: Data, sourceID: String, location: String?) throws -> CatalogEntry {
        let (server, meta) = split(item: try decode(json, location: location))
        return try entry(from: server, meta: meta, sourceID: sourceID, location: location)
    }

    /// The server and `_meta` of an API list item, or a bare server.json and its own `_meta`.
    public static func split(item: JSONValue) -> (server: JSONValue, meta: JSONValue?) {
        if let server = item["server"], server.objectValue != nil {
            return (server, item["_meta"] ?? server["_meta"])
        }
        return (item, item["_meta"])
    }

    /// The registry status of an API list item or a server (`active`, `deprecated`,
    /// `deleted`), lower-cased: from `_meta["io.modelcontextprotocol.registry/official"]`,
    /// inside or outside `server`, or a plain `status` member of older responses.
    public static func status(of item: JSONValue) -> String? {
        let (server, meta) = split(item: item)
        return statusValue(server: server, meta: meta) ?? item.text("status")?.lowercased()
    }

    private static func statusValue(server: JSONValue, meta: JSONValue?) -> String? {
        let candidates: [JSONValue?] = [
            meta?[officialMetaKey], server["_meta"]?[officialMetaKey], server,
        ]
        for candidate in candidates {
            if let status = candidate?.text("status") { return status.lowercased() }
        }
        return nil
    }

    // MARK: - Launch

    /// The first candidate the registry can run, in the order of preference; when none can,
    /// the most preferred one (which carries its `notLaunchableReason`). Each candidate
    /// collects its own inputs, so the entry's configuration is the chosen one's.
    private static func launch(_ server: JSONValue, inputs: inout OfficialInputCollector) -> LaunchSpec? {
        let packages = server.list("packages").filter { $0.objectValue != nil }
        func registryType(_ package: JSONValue) -> String {
            (package.text("registryType") ?? package.text("registryName") ?? "").lowercased()
        }
        func isOCI(_ package: JSONValue) -> Bool { ["oci", "docker"].contains(registryType(package)) }
        var candidates: [(LaunchSpec, OfficialInputCollector)] = []
        for oci in packages where isOCI(oci) && (transportType(oci) ?? "stdio") == "stdio" {
            var collector = inputs
            if let container = containerLaunch(oci, inputs: &collector) { candidates.append((.container(container), collector)) }
        }
        let remotes = server.list("remotes").filter { $0.text("url") != nil }
        for remote in remotes.filter({ transportType($0) == "streamable-http" }) + remotes.filter({ transportType($0) != "streamable-http" }) {
            var collector = inputs
            candidates.append((.remote(remoteLaunch(remote, inputs: &collector)), collector))
        }
        let npmOrPyPI = packages.filter { ["npm", "pypi"].contains(registryType($0)) }
        let others = packages.filter { !["npm", "pypi"].contains(registryType($0)) && !(isOCI($0) && (transportType($0) ?? "stdio") == "stdio") }
        for package in npmOrPyPI + others {
            var collector = inputs
            if let spec = packageLaunch(package, registryType: registryType(package), inputs: &collector) {
                candidates.append((.package(spec), collector))
            }
        }
        guard let chosen = candidates.first(where: { $0.0.isLaunchable }) ?? candidates.first else { return nil }
        inputs = chosen.1
        return chosen.0
    }

    private static func containerLaunch(_ package: JSONValue, inputs: inout OfficialInputCollector) -> ContainerLaunch? {
        guard let identifier = package.text("identifier") ?? package.text("name") else { return nil }
        for variable in package.list("environmentVariables") { inputs.addEnvironmentVariable(variable) }
        let image = imageReference(identifier: identifier, version: package.text("version"), base: package.text("registryBaseUrl"))
        return ContainerLaunch(
            image: image,
            command: inputs.renderArguments(package.list("packageArguments")),
            runtimeArguments: inputs.renderArguments(package.list("runtimeArguments"))
        )
    }

    private static func packageLaunch(_ package: JSONValue, registryType: String, inputs: inout OfficialInputCollector) -> PackageLaunch? {
        guard var identifier = package.text("identifier") ?? package.text("name") else { return nil }
        if registryType == "oci" || registryType == "docker" {
            identifier = imageReference(identifier: identifier, version: package.text("version"), base: package.text("registryBaseUrl"))
        }
        for variable in package.list("environmentVariables") { inputs.addEnvironmentVariable(variable) }
        let transport = package.lenient("transport")
        return PackageLaunch(
            registryType: registryType.isEmpty ? "unknown" : registryType,
            identifier: identifier,
            version: package.text("version"),
            runtimeHint: package.text("runtimeHint") ?? defaultRuntimeHint(registryType),
            transport: transportType(package) ?? "stdio",
            runtimeArguments: inputs.renderArguments(package.list("runtimeArguments")),
            packageArguments: inputs.renderArguments(package.list("packageArguments")),
            transportURL: transport?.text("url"),
            transportHeaders: transport?.list("headers").compactMap { inputs.header($0) } ?? [],
            fileSha256: package.text("fileSha256")?.lowercased()
        )
    }

    private static func remoteLaunch(_ remote: JSONValue, inputs: inout OfficialInputCollector) -> RemoteLaunch {
        let url = inputs.renderURL(remote.text("url") ?? "", variables: remote.lenient("variables"))
        let headers = remote.list("headers").compactMap { inputs.header($0) }
        return RemoteLaunch(url: url, transport: transportType(remote) ?? "streamable-http", headers: headers)
    }

    /// `transport` as `{"type": "stdio"}`, as a plain string, or the older `transport_type`.
    private static func transportType(_ value: JSONValue) -> String? {
        let raw = value.lenient("transport")?.text("type") ?? value.text("transport") ?? value.text("transportType")
            ?? value.text("type")
        guard let raw = raw?.lowercased() else { return nil }
        return raw == "http" || raw == "streamable" ? "streamable-http" : raw
    }

    private static func defaultRuntimeHint(_ registryType: String) -> String? {
        switch registryType {
        case "npm": "npx"
        case "pypi": "uvx"
        case "nuget": "dnx"
        default: nil
        }
    }

    /// The package version, filled into a package spec that did not carry its own.
    private static func withVersion(_ launch: LaunchSpec, _ version: String?) -> LaunchSpec {
        guard case .package(var package) = launch, package.version == nil, let version else { return launch }
        package.version = version
        return .package(package)
    }

    /// An OCI reference from `identifier`, `version` and `registryBaseUrl`: a tag or digest
    /// already in the identifier wins; the version becomes the tag; a registry host other than
    /// Docker Hub is prefixed when the identifier has none (Docker Hub references are kept as
    /// written, never prefixed with `docker.io/`).
    static func imageReference(identifier: String, version: String?, base: String?) -> String {
        var image = identifier
        let lastComponent = image.split(separator: "/").last.map(String.init) ?? image
        if !lastComponent.contains(":"), !image.contains("@"), let version, !version.isEmpty {
            image += ":\(version)"
        }
        let firstComponent = identifier.split(separator: "/").first.map(String.init) ?? ""
        let hasHost = identifier.contains("/") && (firstComponent.contains(".") || firstComponent.contains(":") || firstComponent == "localhost")
        if !hasHost, let base, let host = URL(string: base)?.host ?? (base.contains("://") ? nil : base) {
            let dockerHub = ["docker.io", "index.docker.io", "registry-1.docker.io", "registry.hub.docker.com"]
            if !dockerHub.contains(host.lowercased()) { image = "\(host)/\(image)" }
        }
        return image
    }

    // MARK: - Metadata

    /// `repository.url`, with a monorepo `subfolder` kept as `/tree/HEAD/<subfolder>`.
    private static func repositoryURL(_ repository: JSONValue?) -> String? {
        guard let repository else { return nil }
        guard let url = repository.text("url") ?? repository.scalarText else { return nil }
        guard let subfolder = repository.text("subfolder")?.trimmingCharacters(in: CharacterSet(charactersIn: "./")),
              !subfolder.isEmpty, !url.contains("/tree/") else { return url }
        let base = url.hasSuffix(".git") ? String(url.dropLast(4)) : url
        return "\(base.hasSuffix("/") ? String(base.dropLast()) : base)/tree/HEAD/\(subfolder)"
    }

    /// Decodes JSON text. Nesting deeper than `JSONBounds.maximumDepth` is refused before the
    /// decoder sees it; a syntax error is reported by position only (line and column, never the
    /// text around it). Throws `CatalogParseError`.
    static func decode(_ data: Data, location: String?) throws -> JSONValue {
        if let position = JSONBounds.excessNesting(in: data) {
            throw CatalogParseError(JSONBounds.nestingMessage(line: position.line, column: position.column), location: location)
        }
        do {
            return try JSONDecoder().decode(JSONValue.self, from: data)
        } catch {
            throw CatalogParseError("invalid JSON\(position(of: error, in: data))", location: location)
        }
    }

    /// ` (line L, column C)` where `JSONSerialization` says the text broke, or "" when it
    /// does not say; its own words are dropped (they may quote the text).
    private static func position(of error: Error, in data: Data) -> String {
        do {
            _ = try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
        } catch {
            guard let detail = (error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String,
                  let range = detail.range(of: "character "),
                  let offset = Int(detail[range.upperBound...].prefix(while: \.isNumber)) else { return "" }
            var line = 1
            var column = 1
            for byte in data.prefix(offset) {
                if byte == UInt8(ascii: "\n") { line += 1; column = 1 } else { column += 1 }
            }
            return " (line \(line), column \(column))"
        }
        return data.isEmpty ? " (empty file)" : ""
    }
}
