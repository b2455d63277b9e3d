import ArgumentParser
import RegistryCore
import RegistryServer

/// `mcp-registry search <query>`: the same search as `registry-find`, as a table.
struct SearchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "search", abstract: "Search the cached catalog.")

    @OptionGroup var options: GlobalOptions
    @Argument(help: "What to look for.") var query: [String] = []
    @Option(help: "Only this category (repeatable).") var category: [String] = []
    @Option(help: "Only this tag (repeatable).") var tag: [String] = []
    @Option(help: "Only this source id (repeatable).") var source: [String] = []
    @Flag(help: "Only official servers.") var official = false
    @Flag(help: "Only servers the registry can start.") var launchable = false
    @Option(help: "How many results (1–100).") var limit = 10
    @Flag(help: "Print JSON.") var json = false

    func validate() throws {
        guard (1...100).contains(limit) else { throw ValidationError("--limit must be between 1 and 100") }
    }

    func run() async throws {
        let service = try await options.loadedService()
        let catalog = await service.catalog()
        let found = catalog.search(SearchQuery(
            text: query.joined(separator: " "), categories: category, tags: tag, sources: source,
            officialOnly: official, launchableOnly: launchable, limit: limit))
        let results = found.hits.map { EntrySummary($0.entry, score: $0.hit.score) }
        if json {
            try JSONOutput.print(results)
            return
        }
        guard !results.isEmpty else {
            print(catalog.entries.isEmpty
                ? "The catalog is empty: run `mcp-registry refresh` (or pass --catalog DIR)."
                : "Nothing matches. Try other words or fewer filters.")
            return
        }
        var table = TextTable(headers: ["ID", "KIND", "CREDS", "DESCRIPTION"])
        for result in results {
            table.add([result.id, result.launch, result.requiresCredentials ? "yes" : "", result.description])
        }
        print(table.render())
        print("\(found.total) match\(found.total == 1 ? "" : "es"); showing \(results.count). Details: mcp-registry info <id>")
    }
}
