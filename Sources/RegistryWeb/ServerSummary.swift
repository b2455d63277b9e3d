import RegistryAPI
import RegistryCore

/// One server as a list on the page shows it: its latest version.
struct ServerSummary: Sendable {
    var name: String
    var title: String?
    var description: String
    var version: String
    var status: ServerStatus
    /// Microseconds since the epoch.
    var publishedAt: Int64
    /// All-time downloads of the server's hosted packages (`HostedPackageStore`), when counted.
    var downloads: Int?

    init(record: ServerRecord, entry: CatalogEntry?, downloads: Int? = nil) {
        name = record.name
        title = entry?.title
        description = record.description
        version = record.version
        status = record.status
        publishedAt = record.publishedAt
        self.downloads = downloads
    }
}
