import Foundation

/// One hosted version as `/api/v1` shows it (the document's field names, snake_case).
struct HostedPackageJSON: Encodable, Sendable {
    var name: String
    var version: String
    var description: String
    var author: String?
    var repository: String?
    var tags: [String]
    var filename: String
    var format: String
    var size: Int64
    var sha256: String
    var status: String
    var published_at: String
    var downloads: Int64
    var download_url: String

    init(_ package: HostedPackage, description: String, status: String, downloads: Int64, downloadURL: String) {
        name = package.name
        version = package.version
        self.description = description
        author = package.author
        repository = package.repository
        tags = package.tags
        filename = package.fileName
        format = package.format.rawValue
        size = package.size
        sha256 = package.sha256
        self.status = status
        published_at = RegistryTime.text(package.publishedAt)
        self.downloads = downloads
        download_url = downloadURL
    }

    struct List: Encodable, Sendable {
        var servers: [HostedPackageJSON]
        var total: Int
        var query: String?
    }

    /// `GET /api/v1/servers/{name}`.
    struct Server: Encodable, Sendable {
        var name: String
        var versions: [HostedPackageJSON]
        var downloads: DownloadCounts
    }

    /// `GET /api/v1/stats`. Both lists name servers: each item's `total_downloads` counts
    /// every version of the server, and `latest_version` / `latest_published_at` are its
    /// latest version (not the version the downloads were of: those are per version in
    /// `GET /api/v1/servers/{name}`).
    struct Statistics: Encodable, Sendable {
        struct Ranked: Encodable, Sendable {
            var name: String
            var latest_version: String
            var latest_published_at: String
            var total_downloads: Int64
        }

        var total_servers: Int
        var total_versions: Int
        var total_downloads: Int64
        var total_bytes: Int64
        var most_downloaded: [Ranked]
        var most_recent: [Ranked]

        init(_ statistics: HostedPackageStatistics) {
            func ranked(_ item: HostedPackageStatistics.Ranked) -> Ranked {
                Ranked(name: item.name, latest_version: item.latestVersion, latest_published_at: item.publishedAt, total_downloads: item.downloads)
            }
            total_servers = statistics.totalServers
            total_versions = statistics.totalVersions
            total_downloads = statistics.totalDownloads
            total_bytes = statistics.totalBytes
            most_downloaded = statistics.mostDownloaded.map(ranked)
            most_recent = statistics.mostRecent.map(ranked)
        }
    }
}
