import ArgumentParser
import Foundation
import Logging
import Gateway
import MCP
import RegistryServer

/// `mcp-registry serve`: the MCP server on stdio that an AI client launches.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the registry as an MCP server on stdio (what an AI client launches)."
    )

    @OptionGroup var options: GlobalOptions

    @Flag(inversion: .prefixedNo, help: "Refresh stale sources in the background (off: serve the cache only).")
    var refresh = true

    func run() async throws {
        let bootstrap = try options.bootstrap(defaultLogLevel: "info")
        let logger = Logger(label: "mcp-registry")
        let service = bootstrap.makeService()
        await service.start(autoRefresh: refresh)
        let server = RegistryMCPServer(
            tools: [
                FindTool(service: service),
                InfoTool(service: service),
                ListTool(service: service),
                StatusTool(service: service),
                RefreshTool(service: service),
            ],
            proxied: nil)

        let shutdown = Shutdown(service: service, server: server, logger: logger)
        shutdown.installSignalHandlers()
        try await server.start(transport: PipeTransport(standardInput: STDIN_FILENO, standardOutput: STDOUT_FILENO))
        logger.info("serving on stdio; data in \(bootstrap.paths.dataDirectory.path)")
        await server.waitUntilCompleted()
        logger.info("stdin closed; shutting down")
        await shutdown.run(exitCode: 0)
    }
}

/// Stops everything once, on stdin EOF, SIGTERM or SIGINT.
final class Shutdown: @unchecked Sendable {
    private let service: RegistryService
    private let server: RegistryMCPServer
    private let logger: Logger
    private var sources: [DispatchSourceSignal] = []
    private let lock = NSLock()
    private var started = false

    init(service: RegistryService, server: RegistryMCPServer, logger: Logger) {
        self.service = service
        self.server = server
        self.logger = logger
    }

    func installSignalHandlers() {
        for signalNumber in [SIGTERM, SIGINT] {
            signal(signalNumber, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: .global())
            source.setEventHandler { [self] in
                logger.info("signal \(signalNumber); shutting down")
                Task { await self.run(exitCode: 0) }
            }
            source.resume()
            sources.append(source)
        }
    }

    func run(exitCode: Int32) async {
        let first = lock.withLock { () -> Bool in
            defer { started = true }
            return !started
        }
        guard first else { return }
        await service.shutdown()
        await server.stop()
        exit(exitCode)
    }
}
