import ArgumentParser
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Logging
import RegistryAPI
import RegistryCore
import RegistryServer
import RegistryWeb

/// The aggregator's merged catalog, for `registry serve --aggregate`.
struct ServiceCatalogProvider: AggregateCatalogProvider {
    let service: RegistryService

    func aggregateEntries() async -> (generation: Int, entries: [CatalogEntry]) {
        let (catalog, generation) = await service.catalogAndGeneration()
        return (generation, Array(catalog.entries))
    }
}

/// `mcp-registry registry …`: run this program as an MCP registry (the registry REST API
/// with publishing) and manage it.
struct RegistryServiceCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "registry",
        abstract: "Serve the MCP registry API (publishing included) and manage its tokens.",
        subcommands: [RegistryServeCommand.self, RegistryTokenCommand.self, RegistryStatusCommand.self]
    )
}

/// Where the registry's database is: `--database`, else `MCP_REGISTRY_DATABASE`, else an
/// SQLite file `registry/registry.db` under the data folder.
struct DatabaseOptions: ParsableArguments {
    @OptionGroup var global: GlobalOptions

    @Option(name: .long, help: "postgres://user:password@host:port/db, or an SQLite file path (default: MCP_REGISTRY_DATABASE, or registry/registry.db in the data folder).")
    var database: String?

    func location() throws -> String {
        if let database { return database }
        if let fromEnvironment = ProcessInfo.processInfo.environment["MCP_REGISTRY_DATABASE"], !fromEnvironment.isEmpty {
            return fromEnvironment
        }
        let bootstrap = try global.bootstrap(defaultLogLevel: "info")
        return bootstrap.paths.dataDirectory.appendingPathComponent("registry/registry.db").path
    }

    func openStore(logger: Logger) async throws -> SQLRegistryStore {
        let location = try location()
        do {
            return try await RegistryStoreFactory.open(location, logger: logger)
        } catch RegistryStoreError.unsupportedDatabase(let detail) {
            throw ValidationError("cannot use database \(Redacted.url(location)): \(detail)")
        } catch {
            throw ValidationError("cannot open database \(Redacted.url(location)): \(error)")
        }
    }
}

/// Hides a password in a database URL before it is printed.
enum Redacted {
    static func url(_ text: String) -> String {
        guard var components = URLComponents(string: text), components.password != nil else { return text }
        components.password = "***"
        return components.string ?? "(database URL)"
    }
}

struct RegistryServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the MCP registry API over HTTP until SIGTERM or Ctrl-C."
    )

    @OptionGroup var database: DatabaseOptions
    @Option(help: "Address to listen on.") var host = "127.0.0.1"
    @Option(help: "Port to listen on (0: any free port).") var port = 8080
    @Option(help: "Largest request body accepted, in bytes.") var maxBodyBytes = 256 * 1_024
    @Flag(help: "Serve read-only: no publishing, editing or status changes.") var readOnly = false
    @Flag(help: "Also serve the merged catalog of every configured source (Docker, awesome, official, mcpservers, local folders) as server.json documents, provenance under _meta[\"io.mcp-registry/aggregate\"].")
    var aggregate = false
    @Flag(inversion: .prefixedNo, help: "With --aggregate: refresh the sources in the background on their schedule.")
    var refresh = true
    @Option(help: "The source name the web page's registry-add ids and commands use (as in `sources add URL --name NAME`).") var sourceName = "team"
    @Option(help: "Folder of hosted package files, stored by SHA-256 (default: registry/packages in the data folder; share it between replicas).")
    var packages: String?
    @Option(help: "Largest hosted package accepted by POST /api/v1/publish, in bytes.") var maxPackageBytes: Int64 = 50 * 1_024 * 1_024
    @Option(help: "This registry's public base URL: in hosted packages' download URLs and the commands the web page prints (default: http:// + the request's Host).")
    var publicURL: String?

    func run() async throws {
        let bootstrap = try database.global.bootstrap(defaultLogLevel: "info")
        let logger = Logger(label: "mcp-registry.registry")
        let published = try await database.openStore(logger: logger)
        var store: any RegistryStore = published
        var catalogService: RegistryService?
        if aggregate {
            let service = bootstrap.makeService()
            await service.start(autoRefresh: refresh)
            catalogService = service
            store = AggregatedRegistryStore(published: published, catalog: AggregateCatalog(provider: ServiceCatalogProvider(service: service)))
        }
        defer { if let catalogService { Task { await catalogService.shutdown() } } }
        let packageFolder = packages.map { URL(fileURLWithPath: $0) } ?? bootstrap.paths.dataDirectory.appendingPathComponent("registry/packages")
        let blobs: FileSystemBlobStore
        do {
            blobs = try FileSystemBlobStore(root: packageFolder)
        } catch {
            throw ValidationError("cannot use \(packageFolder.path) for hosted packages: \(error)")
        }
        // One search snapshot for the web page and /api/v1/servers/search.
        let search = ServerSearchCatalog(store: store, sourceID: sourceName)
        let service = RegistryHTTPService(
            store: store,
            configuration: .init(
                host: host, port: port, options: .init(maxBodyBytes: maxBodyBytes, publishing: !readOnly),
                hosting: .init(upload: .init(maxPackageBytes: maxPackageBytes), publicURL: publicURL)
            ),
            logger: logger,
            extra: [RegistryWebPage.routes(store: store, catalog: search, options: .init(sourceID: sourceName, publicURL: publicURL), publishing: !readOnly, logger: logger)],
            blobs: blobs, searchCatalog: search
        )
        let location = Redacted.url(try database.location())
        try await service.run { port in
            logger.notice("registry API listening", metadata: ["url": "http://\(host):\(port)/v0.1/servers", "web": "http://\(host):\(port)/", "database": "\(location)"])
        }
    }
}

struct RegistryStatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show what a registry holds: its database here, or a running registry with --registry URL.")

    @OptionGroup var database: DatabaseOptions
    @Option(help: "A running registry's base URL (e.g. http://127.0.0.1:8080): ask its /v0.1/health instead of opening a database.")
    var registry: String?
    @Flag(help: "Print JSON.") var json = false

    func validate() throws {
        if registry != nil, database.database != nil {
            throw ValidationError("--registry and --database name two different registries: pass one")
        }
    }

    func run() async throws {
        _ = try database.global.bootstrap(defaultLogLevel: "warning")
        let statistics: RegistryStatistics
        let location: String
        if let registry {
            (statistics, location) = try await Self.remoteStatistics(registry)
        } else {
            let path = try database.location()
            if !path.contains("://"), !FileManager.default.fileExists(atPath: path) {
                // A status never creates a database.
                throw Self.failure("no registry database at \(path): `mcp-registry registry serve` creates it; "
                    + "pass --database for another one, or --registry URL for a running registry")
            }
            let store = try await database.openStore(logger: Logger(label: "mcp-registry.registry"))
            statistics = try await store.statistics()
            try await store.close()
            location = "database: \(Redacted.url(try database.location()))"
        }
        if json {
            try JSONOutput.print(statistics)
            return
        }
        var lines = [
            location,
            "servers: \(statistics.servers) (\(statistics.versions) versions, \(statistics.deletedVersions) deleted)",
        ]
        if let aggregated = statistics.aggregatedServers { lines.append("aggregated servers: \(aggregated)") }
        lines += ["active tokens: \(statistics.activeTokens)", "schema version: \(statistics.schemaVersion)"]
        print(lines.joined(separator: "\n"))
    }

    /// Says `message` on stderr (no usage banner: the command line was right) and fails.
    static func failure(_ message: String) -> ExitCode {
        FileHandle.standardError.write(Data("error: \(message)\n".utf8))
        return ExitCode.failure
    }

    /// `GET <base>/v0.1/health` of a running registry.
    static func remoteStatistics(_ registry: String) async throws -> (RegistryStatistics, String) {
        guard let base = URL(string: registry), let scheme = base.scheme, ["http", "https"].contains(scheme), base.host != nil else {
            throw ValidationError("--registry must be an http(s) URL, not '\(registry)'")
        }
        let url = base.appendingPathComponent("v0.1/health")
        let data: Data
        let response: URLResponse
        do {
            (data, response) = try await URLSession.shared.data(from: url)
        } catch {
            throw failure("cannot reach the registry at \(Redacted.url(registry)): \(error.localizedDescription)")
        }
        let status = (response as? HTTPURLResponse)?.statusCode ?? 0
        guard status == 200 else {
            throw failure("\(Redacted.url(url.absoluteString)) answered HTTP \(status); is this an MCP registry served by `mcp-registry registry serve`?")
        }
        guard let report = try? JSONDecoder().decode(RegistryAPIHandler.HealthReport.self, from: data) else {
            throw failure("\(Redacted.url(url.absoluteString)) did not answer with this registry's health report")
        }
        return (report.statistics, "registry: \(Redacted.url(registry)) (\(report.status))")
    }
}
