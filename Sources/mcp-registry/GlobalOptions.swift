import ArgumentParser
import Foundation
import RegistryServer

/// Options every command shares: where data lives and extra local catalogs.
struct GlobalOptions: ParsableArguments {
    @Option(name: .long, help: "Folder for cache/ and sources/ (default: MCP_REGISTRY_HOME, the checkout, or ~/.local/share/mcp-registry).")
    var dataDir: String?

    @Option(name: .long, help: "A folder of server.yaml / server.json definitions to read as a catalog (repeatable).")
    var catalog: [String] = []

    @Option(name: .long, help: "Log level on stderr: trace, debug, info, notice, warning, error.")
    var logLevel: String?

    /// The catalog service for a one-shot command: the cache read and local catalogs
    /// re-read (no network refresh; that is `mcp-registry refresh`).
    func loadedService() async throws -> RegistryService {
        let service = try bootstrap(defaultLogLevel: "warning").makeService()
        await service.start(autoRefresh: false)
        await service.waitForStartupRefreshes()
        return service
    }

    /// Paths, settings and sources, with logging set up.
    func bootstrap(defaultLogLevel: String) throws -> RegistryBootstrap {
        LogSetup.bootstrap(level: logLevel ?? ProcessInfo.processInfo.environment["MCP_REGISTRY_LOG"] ?? defaultLogLevel)
        do {
            return try RegistryBootstrap(dataDir: dataDir, catalogs: catalog)
        } catch {
            throw ValidationError("\(error)")
        }
    }
}
