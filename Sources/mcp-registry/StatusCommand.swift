import ArgumentParser
import RegistryServer

/// `mcp-registry status`: sources, counts, last refresh and errors.
struct StatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "status", abstract: "Show the sources and the cache.")

    @OptionGroup var options: GlobalOptions
    @Flag(help: "Print JSON.") var json = false

    func run() async throws {
        let service = try await options.loadedService()
        let output = await StatusTool.snapshot(service)
        if json {
            try JSONOutput.print(output)
        } else {
            print(StatusTool.render(output))
        }
    }
}
