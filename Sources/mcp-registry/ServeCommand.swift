import ArgumentParser
import Foundation
import Gateway
import Logging
import MCPStdio
import RegistryServer

/// `mcp-registry serve`: the MCP server on stdio that an AI client launches.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the registry as an MCP server on stdio (what an AI client launches)."
    )

    @OptionGroup var options: GlobalOptions

    @Flag(inversion: .prefixedNo, help: "Refresh stale sources in the background (off: serve the cache and local catalogs only).")
    var refresh = true

    func run() async throws {
        let bootstrap = try options.bootstrap(defaultLogLevel: "info")
        let logger = Logger(label: "mcp-registry")
        let application = RegistryApplication(bootstrap: bootstrap)
        // SIGTERM / SIGINT: stop every child, then exit.
        TerminationSignals.install {
            logger.info("signal received; stopping")
            await application.stop()
            Foundation.exit(0)
        }
        try await application.start(
            transport: PipeTransport(standardInput: STDIN_FILENO, standardOutput: STDOUT_FILENO),
            autoRefresh: refresh)
        logger.info("serving on stdio; data in \(bootstrap.paths.dataDirectory.path)")
        await application.waitUntilCompleted()
        logger.info("stdin closed; stopping")
        await application.stop()
        Foundation.exit(0)
    }
}
