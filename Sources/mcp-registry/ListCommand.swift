import ArgumentParser
import RegistryCore
import RegistryServer

/// `mcp-registry list`: the catalog, sorted by id.
struct ListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List catalog entries.")

    @OptionGroup var options: GlobalOptions
    @Option(help: "Only this source id.") var source: String?
    @Option(help: "Only this category.") var category: String?
    @Option(help: "How many (0 for all).") var limit = 50
    @Option(help: "Skip this many.") var offset = 0
    @Flag(help: "Print JSON.") var json = false

    func run() async throws {
        let service = try await options.loadedService()
        let catalog = await service.catalog()
        let found = catalog.search(SearchQuery(
            categories: category.map { [$0] } ?? [], sources: source.map { [$0] } ?? [],
            limit: limit == 0 ? Int.max / 2 : limit, offset: offset))
        let results = found.hits.map { EntrySummary($0.entry) }
        if json {
            try JSONOutput.print(results)
            return
        }
        var table = TextTable(headers: ["ID", "KIND", "SOURCES", "DESCRIPTION"])
        for result in results {
            table.add([result.id, result.launch, result.sources.joined(separator: ","), result.description])
        }
        print(table.render())
        print("\(results.count) of \(found.total) entries")
    }
}
