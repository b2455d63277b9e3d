import ArgumentParser
import Foundation
import Logging
import RegistryAPI
import RegistryServer

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
    @Option(help: "Folder of hosted package files, stored by SHA-256 (default: registry/packages in the data folder; share it between replicas).")
    var packages: String?
    @Option(help: "Largest hosted package accepted by POST /api/v1/publish, in bytes.") var maxPackageBytes: Int64 = 50 * 1_024 * 1_024
    @Option(help: "The registry's public base URL, used in hosted packages' download URLs (default: http:// + the request's Host).")
    var publicURL: String?

    func run() async throws {
        let bootstrap = try database.global.bootstrap(defaultLogLevel: "info")
        let logger = Logger(label: "mcp-registry.registry")
        let store = try await database.openStore(logger: logger)
        let packageFolder = packages.map { URL(fileURLWithPath: $0) } ?? bootstrap.paths.dataDirectory.appendingPathComponent("registry/packages")
        let blobs: FileSystemBlobStore
        do {
            blobs = try FileSystemBlobStore(root: packageFolder)
        } catch {
            throw ValidationError("cannot use \(packageFolder.path) for hosted packages: \(error)")
        }
        let service = RegistryHTTPService(
            store: store,
            configuration: .init(
                host: host, port: port, options: .init(maxBodyBytes: maxBodyBytes, publishing: !readOnly),
                hosting: .init(upload: .init(maxPackageBytes: maxPackageBytes), publicURL: publicURL)
            ),
            logger: logger, blobs: blobs
        )
        let location = Redacted.url(try database.location())
        try await service.run { port in
            logger.notice("registry API listening", metadata: ["url": "http://\(host):\(port)/v0.1/servers", "database": "\(location)"])
        }
    }
}

struct RegistryStatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "status", abstract: "Show what the registry's database holds.")

    @OptionGroup var database: DatabaseOptions
    @Flag(help: "Print JSON.") var json = false

    func run() async throws {
        _ = try database.global.bootstrap(defaultLogLevel: "warning")
        let store = try await database.openStore(logger: Logger(label: "mcp-registry.registry"))
        let statistics = try await store.statistics()
        try await store.close()
        if json {
            try JSONOutput.print(statistics)
        } else {
            print("""
                database: \(Redacted.url(try database.location()))
                servers: \(statistics.servers) (\(statistics.versions) versions, \(statistics.deletedVersions) deleted)
                active tokens: \(statistics.activeTokens)
                schema version: \(statistics.schemaVersion)
                """)
        }
    }
}
