import RegistryAPI
import RegistryCore

/// Everything the page of one server shows.
struct ServerPageModel: Sendable {
    var name: String
    /// The version shown (the latest, or the one asked for with `?version=`).
    var shown: ServerRecord
    /// Every version, newest publication first (deleted ones left out).
    var versions: [ServerRecord]
    /// The shown version read as a catalog entry (nil when its document cannot be read as one).
    var entry: CatalogEntry?
    /// The id `registry-add` takes once this registry is an aggregator source.
    var addID: String
    /// The readme (publisher-provided `_meta` `readme`), as Markdown.
    var readme: String?
    /// Config entries per client, or why there are none.
    var clientEntries: ClientConfigSnippets.Outcome
    /// The server's downloads per version (and so in all), when the registry keeps counts
    /// and has counted any; nil otherwise.
    var downloads: DownloadCounts?

    /// The `_meta` key a publisher puts a Markdown readme under:
    /// `{"_meta": {"io.modelcontextprotocol.registry/publisher-provided": {"readme": "…"}}}`.
    static func readme(of document: JSONValue) -> String? {
        document["_meta"]?[ServerDocumentValidator.publisherMetaKey]?["readme"]?.stringValue
    }
}
