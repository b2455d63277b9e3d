import ArgumentParser
import RegistryCore
import RegistryServer

/// `mcp-registry info <id>`: everything known about one entry.
struct InfoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "info", abstract: "Show one catalog entry.")

    @OptionGroup var options: GlobalOptions
    @Argument(help: "The entry id, e.g. docker/grafana.") var id: String
    @Flag(help: "Print JSON.") var json = false

    func run() async throws {
        let service = try await options.loadedService()
        let catalog = await service.catalog()
        guard let entry = catalog.entry(id: id) else {
            let suggestions = catalog.suggestions(for: id)
            throw ValidationError("no entry '\(id)'" + (suggestions.isEmpty ? "" : "; did you mean \(suggestions.joined(separator: ", "))?"))
        }
        if json {
            try JSONOutput.print(entry)
        } else {
            print(EntryDetailText.render(entry, nextSteps: []))
        }
    }
}
