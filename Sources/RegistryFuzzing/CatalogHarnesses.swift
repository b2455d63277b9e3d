import CatalogSources
import Foundation
import RegistryCore

/// Harnesses for the catalog parsers: every entry they produce must also survive the
/// on-disk cache's encoding and decoding.
enum CatalogHarnesses {
    static func dockerServerYAML(_ data: Data) {
        let parts = FuzzInput.parts(data, 3)
        let entry = try? DockerServerParser.entry(
            yaml: FuzzInput.text(parts[0]),
            toolsJSON: parts[1].isEmpty ? nil : parts[1],
            readme: parts[2].isEmpty ? nil : FuzzInput.text(parts[2]),
            folderName: "fuzz",
            sourceID: "docker",
            location: "servers/fuzz/server.yaml"
        )
        if let entry { roundTrip([entry]) }
    }

    static func officialServerJSON(_ data: Data) {
        var entries: [CatalogEntry] = []
        if let entry = try? OfficialServerParser.entry(json: data, sourceID: "official", location: "fuzz") {
            entries.append(entry)
        }
        // A list page: `{"servers": [item, …], "metadata": {…}}`.
        if let page = try? JSONDecoder().decode(JSONValue.self, from: data), let items = page["servers"]?.arrayValue {
            for item in items {
                _ = OfficialServerParser.status(of: item)
                let (server, meta) = OfficialServerParser.split(item: item)
                if let entry = try? OfficialServerParser.entry(from: server, meta: meta, sourceID: "official", location: nil) {
                    entries.append(entry)
                }
            }
        }
        roundTrip(entries)
    }

    static func awesomeMarkdown(_ data: Data) {
        let result = AwesomeListParser.entries(markdown: FuzzInput.text(data), category: nil, sourceID: "awesome", location: "README.md")
        roundTrip(result.entries)
    }

    static func mcpServersOrgHTML(_ data: Data) {
        let pageURL = URL(string: "https://mcpservers.org/servers/owner/name")!
        if let page = try? MCPServersOrgPage.parse(html: data, url: pageURL) {
            roundTrip([page.entry(sourceID: "mcpservers", owner: "owner", name: "name", location: pageURL.absoluteString)])
        }
        _ = try? MCPServersOrgListing.parse(html: data, pageURL: URL(string: "https://mcpservers.org/all")!)
        _ = try? MCPServersOrgListing.parse(sitemap: data, siteURL: URL(string: "https://mcpservers.org")!)
    }

    static func installSnippet(_ data: Data) {
        let text = FuzzInput.text(data)
        _ = InstallSnippet.parse(text)
        _ = ShellWords.commands(text)
        _ = TemplateReferences.dollarNames(in: text)
        _ = TemplateReferences.braceNames(in: text)
    }

    /// Entries must encode for the cache and decode back equal.
    private static func roundTrip(_ entries: [CatalogEntry]) {
        guard !entries.isEmpty else { return }
        guard let encoded = try? JSONEncoder().encode(entries) else {
            fatalError("a parsed entry does not encode")
        }
        guard let decoded = try? JSONDecoder().decode([CatalogEntry].self, from: encoded) else {
            fatalError("an encoded entry does not decode: \(String(decoding: encoded, as: UTF8.self))")
        }
        precondition(decoded.count == entries.count, "the cache lost entries")
    }
}
