import ArgumentParser
import CatalogSources
import ClientSetup
import ContainerRuntime
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Gateway
import RegistryCore
import RegistryServer

/// `mcp-registry install <name>[@version] [--registry URL] [--client <client>]`: fetches the
/// server from a registry's API (`/v0.1/servers/{name}/versions/{version}`), downloads and
/// verifies its hosted package and builds its image (the path `registry-add` takes), then
/// writes the client's config entry that runs it in podman (the planner and writer of
/// `export` and `client install`), or prints it. Nothing runs on the host.
struct InstallCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "install",
        abstract: "Prepare a server from a registry (download, verify, build its image) and add it to a client's config.",
        discussion: """
            Hosted packages (.tar.gz or .mcpb published to the registry) are downloaded, checked \
            against their SHA-256, unpacked safely and built into an image; container images are \
            used as published. The entry runs the image with podman, hardened as the registry runs \
            it. Without --client the entry is printed. Clients: \(KnownClients.names.joined(separator: ", ")).
            """
    )

    @OptionGroup var options: GlobalOptions
    @Argument(help: "The server's name, optionally with a version: io.github.team/weather or io.github.team/weather@1.2.0.")
    var server: String
    @Option(help: "The registry's base URL (default: MCP_REGISTRY_URL, or http://127.0.0.1:8080).") var registry: String?
    @Option(name: .long, help: "The client whose config to write; without it the entry is printed.") var client: String?
    @Option(name: .long, help: "With --client: edit this file instead of the client's usual config file.") var configPath: String?
    @Option(name: .customLong("set"), help: "A configuration value the server needs, key=value (repeatable).") var values: [String] = []
    @Option(name: .long, help: "The server's name in the client (default: the last part of its name).") var name: String?

    func validate() throws {
        if let client {
            do { _ = try KnownClients.format(named: client) } catch { throw ValidationError(error.description) }
        }
        for value in values where !value.contains("=") {
            throw ValidationError("--set expects key=value, got '\(value)'")
        }
        if configPath != nil, client == nil { throw ValidationError("--config-path needs --client") }
    }

    func run() async throws {
        let bootstrap = try options.bootstrap(defaultLogLevel: "warning")
        let base = try PublishCommand.baseURL(registry ?? ProcessInfo.processInfo.environment["MCP_REGISTRY_URL"] ?? "http://127.0.0.1:8080")
        let (serverName, version) = Self.split(server)
        var entry = await RegistryServerLookup(base: base).entry(name: serverName, version: version)
        if !entry.allLaunchBlockers.isEmpty {
            ExportCommand.fail("\(serverName) cannot be started. " + entry.blockerSentences.joined(separator: " "))
        }
        var pull = "missing"
        if case .package(let package) = entry.launch, package.registryType.lowercased() == "mcpb" {
            let image = await Self.prepare(package, entry: entry, settings: bootstrap.settings)
            entry.launch = .container(PackageConnector.hostedLaunch(image: image, package: package, entry: entry))
            pull = "never"
        } else if !ContainerPlanner.canPlan(entry) {
            ExportCommand.fail("\(serverName) is published as a \(entry.launch.kind) (\(Self.describe(entry.launch))); install prepares hosted packages "
                + "and container images. Run it through the registry instead (registry-add), or use `mcp-registry export`.")
        }
        let server = DirectEntryPlanning.serverEntry(
            for: entry, values: values, name: name ?? DirectServerEntry.serverName(forEntryID: serverName),
            settings: bootstrap.settings, serverConfig: [:], pull: pull)
        guard let client else {
            print(ClaudeDesktopFormat().snippet(for: server))
            Self.remindPlaceholders(server)
            return
        }
        let format = try KnownClients.format(named: client)
        let outcome = try ClientCommand.perform { () throws(ClientConfigError) in
            try ClientConfigurator().install(server, in: format, configPath: configPath.map { URL(fileURLWithPath: $0).standardizedFileURL.path })
        }
        ClientCommand.report(outcome, format: format, dryRun: false, done: "Added \(server.name) to", unchanged: "\(server.name) already configured (unchanged)")
        Self.remindPlaceholders(server)
        if outcome.written { print("Restart \(format.displayName) (or reload its MCP servers) to pick it up.") }
    }

    /// Downloads, verifies, unpacks and builds the hosted package (progress on stderr).
    static func prepare(_ package: PackageLaunch, entry: CatalogEntry, settings: RegistrySettings) async -> PackageImage {
        let engine = PodmanEngine()
        let connector = PackageConnector(containers: ContainerConnector(engine: engine), builder: engine, baseBuilder: engine)
        do {
            let image = try await connector.hostedImage(
                for: package, name: PackageConnector.hostedName(of: entry), entryID: entry.id, settings: settings,
                progress: { FileHandle.standardError.write(Data("\($0)\n".utf8)) })
            FileHandle.standardError.write(Data("image: \(image.tag)\n".utf8))
            return image
        } catch let error as HostedPackageError {
            ExportCommand.fail(error.sentence)
        } catch {
            ExportCommand.fail("\(error)")
        }
    }

    /// `name@version` → (`name`, `version`); no `@` → the latest version.
    static func split(_ text: String) -> (String, String?) {
        guard let at = text.lastIndex(of: "@"), at != text.startIndex else { return (text, nil) }
        let version = String(text[text.index(after: at)...])
        return (String(text[..<at]), version.isEmpty ? nil : version)
    }

    static func describe(_ launch: LaunchSpec) -> String {
        switch launch {
        case .package(let package): "\(package.registryType) package \(package.identifier)"
        case .remote(let remote): "remote at \(remote.url)"
        default: launch.kind
        }
    }

    static func remindPlaceholders(_ server: StdioServerEntry) {
        guard !server.env.isEmpty else { return }
        FileHandle.standardError.write(Data(
            "Replace the placeholders in env (\(server.env.keys.sorted().joined(separator: ", "))) with your values before using it.\n".utf8))
    }
}

/// Reads one server version from a registry's `/v0.1` API, with clear errors for an
/// unreachable registry, an unknown name and an unknown version.
struct RegistryServerLookup {
    var base: URL

    /// The entry for `name` at `version` (the latest when `nil`); exits with a message otherwise.
    func entry(name: String, version: String?) async -> CatalogEntry {
        let wanted = version ?? "latest"
        let (status, data) = await get(["v0.1", "servers", name, "versions", wanted])
        if status == 200 {
            do {
                return try OfficialServerParser.entry(json: data, sourceID: "install", location: base.absoluteString)
            } catch {
                ExportCommand.fail("the registry at \(base.absoluteString) returned a server.json for \(name) that cannot be read: \(error)")
            }
        }
        guard status == 404 else {
            ExportCommand.fail("the registry at \(base.absoluteString) answered HTTP \(status) for \(name)@\(wanted): \(Self.message(data))")
        }
        let (listStatus, listData) = await get(["v0.1", "servers", name, "versions"])
        let versions = Self.versions(listData)
        guard listStatus == 200, !versions.isEmpty else {
            ExportCommand.fail("the registry at \(base.absoluteString) has no server named \(name); search it with its web page or `mcp-registry search`.")
        }
        ExportCommand.fail("the registry at \(base.absoluteString) has no version \(wanted) of \(name); it has \(versions.joined(separator: ", ")).")
    }

    /// GET on the path's segments, each percent-encoded (a name's `/` becomes `%2F`).
    private func get(_ segments: [String]) async -> (Int, Data) {
        var allowed = CharacterSet.urlPathAllowed
        allowed.remove(charactersIn: "/?#%")
        let path = segments.map { $0.addingPercentEncoding(withAllowedCharacters: allowed) ?? $0 }.joined(separator: "/")
        let root = base.absoluteString.hasSuffix("/") ? String(base.absoluteString.dropLast()) : base.absoluteString
        guard let url = URL(string: root + "/" + path) else { ExportCommand.fail("\(root)/\(path) is not a valid URL") }
        var request = URLRequest(url: url, timeoutInterval: 30)
        request.setValue("application/json", forHTTPHeaderField: "Accept")
        do {
            let (data, response) = try await URLSession.shared.data(for: request)
            return ((response as? HTTPURLResponse)?.statusCode ?? 0, data)
        } catch {
            ExportCommand.fail("cannot reach the registry at \(root) (\(error.localizedDescription)); check --registry and that it is running.")
        }
    }

    static func versions(_ data: Data) -> [String] {
        guard let list = try? JSONDecoder().decode(JSONValue.self, from: data) else { return [] }
        return (list["servers"]?.arrayValue ?? []).compactMap { ($0["server"] ?? $0)["version"]?.stringValue }
    }

    static func message(_ data: Data) -> String {
        String(decoding: data.prefix(300), as: UTF8.self)
    }
}
