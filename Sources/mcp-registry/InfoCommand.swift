import ArgumentParser
import Foundation
import Gateway
import RegistryCore
import RegistryServer

/// `mcp-registry info <id>`: everything known about one entry, with the verdict
/// `registry-add` would reach with the configuration stored now (the census's verdict).
struct InfoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "info", abstract: "Show one catalog entry.")

    @OptionGroup var options: GlobalOptions
    @Argument(help: "The entry id, e.g. docker/grafana.") var id: String
    @Flag(help: "Print JSON.") var json = false

    func run() async throws {
        let bootstrap = try options.bootstrap(defaultLogLevel: "warning")
        let service = try await options.loadedService()
        let catalog = await service.catalog()
        guard let entry = catalog.entry(id: id) else {
            // The arguments were fine: the suggestion alone, without the usage text.
            let suggestions = catalog.suggestions(for: id)
            ExportCommand.fail("no entry '\(id)'" + (suggestions.isEmpty ? "" : "; did you mean \(suggestions.joined(separator: ", "))?"))
        }
        let verdict = LaunchVerdict.judge(
            entry, config: bootstrap.settings.serverConfig[entry.id] ?? [:],
            secrets: SecretSource(store: SecretStore(paths: bootstrap.paths)), settings: bootstrap.settings,
            forbiddenPaths: [bootstrap.paths.configDirectory.path])
        if json {
            try JSONOutput.print(entry)
        } else {
            print(EntryDetailText.render(entry, nextSteps: [], verdict: verdict.sentence(for: entry)))
        }
    }
}
