import Foundation
import RegistryCore

/// Writes a merged catalog entry as an official `server.json` document, for
/// `registry serve --aggregate` (the reverse of `OfficialServerParser`).
///
/// The mapping, field by field (server.json schema 2025-09-29, `../shared/fixtures/official-registry/server.schema.json`):
/// - `name`: see `AggregateNames`;
/// - `description`: the summary cut to the schema's 100 characters (the whole text is kept in
///   the provenance `_meta`); `title` cut to 100; `version`: the entry's release, else `0.0.0`;
/// - `repository` (`source: github|gitlab|…`), `websiteUrl`, `icons` as the entry has them;
/// - a container → an `oci` package over stdio: command words become positional
///   `packageArguments`, volumes `-v` named `runtimeArguments`, fixed environment variables
///   and declared ones `environmentVariables`; a stdio package keeps its registry type,
///   identifier, version and runtime hint, a package serving HTTP its transport's URL and
///   headers; a remote becomes `remotes[]` with its headers; Docker's per-call `poci` tools
///   have no server.json form and are served without `packages` (a link);
/// - secrets become `environmentVariables` with `isSecret: true`;
/// - a Docker `{{name}}` template (without a filter) becomes the server.json `{name}` form,
///   with the name declared in `variables` from the entry's parameter schema; a filtered
///   template (`{{name|volume}}`) has no server.json equivalent and is kept as written.
public enum ServerDocumentEncoder {
    /// The schema the documents follow.
    public static let schemaURL = "https://static.modelcontextprotocol.io/schemas/2025-09-29/server.schema.json"
    /// server.json's limit on `description` and `title`.
    public static let textLimit = 100

    /// The document for `entry`, published under `name`.
    public static func document(for entry: CatalogEntry, name: String) -> JSONValue {
        var server: [String: JSONValue] = [
            "$schema": .string(schemaURL),
            "name": .string(name),
            "description": .string(cut(entry.summary.isEmpty ? entry.displayName : entry.summary)),
            "version": .string(version(of: entry)),
        ]
        if let title = entry.title, !title.isEmpty { server["title"] = .string(cut(title)) }
        if let repository = entry.repositoryURL.flatMap(repository) { server["repository"] = repository }
        if let website = entry.homepageURL, website.hasPrefix("https://") || website.hasPrefix("http://") {
            server["websiteUrl"] = .string(website)
        }
        if let icon = entry.iconURL, icon.hasPrefix("https://") { server["icons"] = [["src": .string(icon)]] }
        let parameters = entry.configuration.parameters?["properties"]?.objectValue ?? [:]
        let required = Set(entry.configuration.requiredParameters)
        var templates = TemplateRewriter(parameters: parameters, required: required)
        switch entry.launch {
        case .container(let container):
            server["packages"] = [containerPackage(container, entry: entry, templates: &templates)]
        case .package(let package) where ["", "stdio"].contains(package.transport.lowercased())
            || (package.servesHTTP && package.transportURL != nil):
            server["packages"] = [packagePackage(package, entry: entry, templates: &templates)]
        case .package:
            // A package serving HTTP without a known URL, or Docker's per-call `poci` tools: no
            // server.json form; served as a link.
            break
        case .remote(let remote):
            server["remotes"] = [remoteTransport(remote, oauthSecret: oauthSecret(of: entry, remote: remote), templates: &templates)]
        case .unknown:
            break
        }
        return .object(server)
    }

    /// The entry's release version, else `0.0.0` (the schema requires one; catalogs such as
    /// the Docker registry do not version their servers).
    public static func version(of entry: CatalogEntry) -> String {
        guard let version = entry.release?.version, !version.isEmpty, version != "latest" else { return "0.0.0" }
        return version
    }

    /// `text` cut to `textLimit` characters, ending with `…` when cut.
    static func cut(_ text: String) -> String {
        let flat = text.replacingOccurrences(of: "\n", with: " ").trimmingCharacters(in: .whitespaces)
        guard flat.count > textLimit else { return flat.isEmpty ? "-" : flat }
        return String(flat.prefix(textLimit - 1)).trimmingCharacters(in: .whitespaces) + "…"
    }

    /// `{"url": …, "source": "github"}` for an http(s) repository URL.
    static func repository(_ url: String) -> JSONValue? {
        guard let components = URLComponents(string: url), let host = components.host?.lowercased(),
              components.scheme == "https" || components.scheme == "http" else { return nil }
        let source = host == "github.com" ? "github" : host == "gitlab.com" ? "gitlab" : host
        return ["url": .string(url), "source": .string(source)]
    }

    // MARK: - Launch

    private static func containerPackage(_ container: ContainerLaunch, entry: CatalogEntry, templates: inout TemplateRewriter) -> JSONValue {
        var package: [String: JSONValue] = [
            "registryType": "oci",
            "identifier": .string(container.image),
            "transport": ["type": "stdio"],
        ]
        let words = container.command.map { templates.positional($0) }
        if !words.isEmpty { package["packageArguments"] = .array(words) }
        let volumes = container.volumes.map { templates.named("-v", $0) }
        if !volumes.isEmpty { package["runtimeArguments"] = .array(volumes) }
        let environment = environmentVariables(fixed: container.env, entry: entry, templates: &templates)
        if !environment.isEmpty { package["environmentVariables"] = .array(environment) }
        return .object(package)
    }

    private static func packagePackage(_ spec: PackageLaunch, entry: CatalogEntry, templates: inout TemplateRewriter) -> JSONValue {
        var package: [String: JSONValue] = [
            "registryType": .string(spec.registryType),
            "identifier": .string(spec.identifier),
            "transport": transport(of: spec, templates: &templates),
        ]
        if let version = spec.version { package["version"] = .string(version) }
        if let hint = spec.runtimeHint { package["runtimeHint"] = .string(hint) }
        let runtime = spec.runtimeArguments.map { templates.positional($0) }
        if !runtime.isEmpty { package["runtimeArguments"] = .array(runtime) }
        let arguments = spec.packageArguments.map { templates.positional($0) }
        if !arguments.isEmpty { package["packageArguments"] = .array(arguments) }
        let environment = environmentVariables(fixed: spec.env, entry: entry, templates: &templates)
        if !environment.isEmpty { package["environmentVariables"] = .array(environment) }
        return .object(package)
    }

    /// The secret holding an OAuth remote's bearer token: for a remote with an OAuth provider
    /// and no `Authorization` header, the first declared secret that no template references
    /// (the gateway sends it as `Authorization: Bearer …`, and so is it written).
    private static func oauthSecret(of entry: CatalogEntry, remote: RemoteLaunch) -> SecretRequirement? {
        guard remote.oauthProvider != nil, !remote.headers.contains(where: { $0.name.lowercased() == "authorization" }) else { return nil }
        let templates = [remote.url] + remote.headers.map(\.value)
        return entry.configuration.secrets.first { secret in
            !templates.contains { $0.contains("${\(secret.env)}") || $0.contains("${\(secret.name)}") }
        }
    }

    /// `{"type": "stdio"}`, or for a package serving HTTP its type, URL and headers.
    private static func transport(of spec: PackageLaunch, templates: inout TemplateRewriter) -> JSONValue {
        guard spec.servesHTTP, let url = spec.transportURL else { return ["type": "stdio"] }
        let remote = RemoteLaunch(url: url, transport: spec.transport, headers: spec.transportHeaders)
        return remoteTransport(remote, oauthSecret: nil, templates: &templates)
    }

    private static func remoteTransport(_ remote: RemoteLaunch, oauthSecret: SecretRequirement?, templates: inout TemplateRewriter) -> JSONValue {
        let type = ["sse"].contains(remote.transport.lowercased()) ? "sse" : "streamable-http"
        let (url, variables) = templates.rewrite(remote.url)
        var transport: [String: JSONValue] = ["type": .string(type), "url": .string(url)]
        if !variables.isEmpty { transport["variables"] = .object(variables) }
        var headers: [JSONValue] = remote.headers.map { header in
            var item: [String: JSONValue] = ["name": .string(header.name)]
            let (value, variables) = templates.rewrite(header.value)
            item["value"] = .string(value)
            if !variables.isEmpty { item["variables"] = .object(variables) }
            if header.isSecret { item["isSecret"] = true }
            if header.isRequired { item["isRequired"] = true }
            if let description = header.description { item["description"] = .string(description) }
            return .object(item)
        }
        if let secret = oauthSecret {
            var variable: [String: JSONValue] = ["isSecret": true, "isRequired": .bool(secret.required)]
            if let description = secret.description { variable["description"] = .string(description) }
            headers.append([
                "name": "Authorization", "value": .string("Bearer {\(secret.env)}"), "isSecret": true,
                "isRequired": .bool(secret.required), "variables": [secret.env: .object(variable)],
            ])
        }
        if !headers.isEmpty { transport["headers"] = .array(headers) }
        return .object(transport)
    }

    /// Fixed variables, then the declared ones, then secrets; each name once.
    private static func environmentVariables(fixed: [String: String], entry: CatalogEntry, templates: inout TemplateRewriter) -> [JSONValue] {
        var seen = Set<String>()
        var items: [JSONValue] = []
        for name in fixed.keys.sorted() where seen.insert(name).inserted {
            let (value, variables) = templates.rewrite(fixed[name] ?? "")
            var item: [String: JSONValue] = ["name": .string(name), "value": .string(value)]
            if !variables.isEmpty { item["variables"] = .object(variables) }
            items.append(.object(item))
        }
        for requirement in entry.configuration.env where seen.insert(requirement.name).inserted {
            var item: [String: JSONValue] = ["name": .string(requirement.name)]
            if let value = requirement.value {
                let (rewritten, variables) = templates.rewrite(value)
                item["value"] = .string(rewritten)
                if !variables.isEmpty { item["variables"] = .object(variables) }
            }
            if let description = requirement.description { item["description"] = .string(description) }
            if requirement.required { item["isRequired"] = true }
            if requirement.isSecret { item["isSecret"] = true }
            if let defaultValue = requirement.defaultValue { item["default"] = .string(defaultValue) }
            if let choices = requirement.choices { item["choices"] = .array(choices.map(JSONValue.string)) }
            if let format = requirement.format { item["format"] = .string(format) }
            items.append(.object(item))
        }
        for secret in entry.configuration.secrets where seen.insert(secret.env).inserted {
            var item: [String: JSONValue] = ["name": .string(secret.env), "isSecret": true]
            if secret.required { item["isRequired"] = true }
            if let description = secret.description { item["description"] = .string(description) }
            items.append(.object(item))
        }
        return items
    }
}
