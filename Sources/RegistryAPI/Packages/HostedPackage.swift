import Foundation

/// A package file hosted by the registry for one server version: the bytes live in a
/// `PackageBlobStore` under their SHA-256; this is what the database keeps about them.
public struct HostedPackage: Sendable, Equatable, Codable {
    public var name: String
    public var version: String
    /// Lower-case hex SHA-256 of the file (64 characters), its key in the blob store.
    public var sha256: String
    /// Size of the file in bytes.
    public var size: Int64
    public var format: PackageArchiveFormat
    /// The uploaded file name, sanitized (used in `Content-Disposition`).
    public var fileName: String
    public var author: String?
    public var repository: String?
    public var tags: [String]
    /// Microseconds since the epoch.
    public var publishedAt: Int64

    public init(
        name: String, version: String, sha256: String, size: Int64, format: PackageArchiveFormat, fileName: String,
        author: String?, repository: String?, tags: [String], publishedAt: Int64
    ) {
        self.name = name
        self.version = version
        self.sha256 = sha256
        self.size = size
        self.format = format
        self.fileName = fileName
        self.author = author
        self.repository = repository
        self.tags = tags
        self.publishedAt = publishedAt
    }
}

/// The archive kinds a hosted package may be.
public enum PackageArchiveFormat: String, Sendable, Codable, Equatable {
    /// A gzip-compressed tar (`.tar.gz`, `.tgz`).
    case tarGzip = "tar.gz"
    /// A zip archive; an MCP bundle (`.mcpb`) is a zip with `manifest.json` at its root.
    case zip

    /// The format the file's first bytes announce (gzip `1f 8b`, zip `PK\u{3}\u{4}`), or nil.
    public static func sniff(_ prefix: some Collection<UInt8>) -> PackageArchiveFormat? {
        let bytes = Array(prefix.prefix(4))
        if bytes.count >= 2, bytes[0] == 0x1F, bytes[1] == 0x8B { return .tarGzip }
        if bytes == [0x50, 0x4B, 0x03, 0x04] { return .zip }
        return nil
    }
}

/// Downloads of one server, as the store counts them: per version and per UTC day.
public struct DownloadCounts: Sendable, Equatable, Codable {
    /// One (version, day) cell.
    public struct Day: Sendable, Equatable, Codable {
        public var version: String
        /// `YYYY-MM-DD`, UTC.
        public var day: String
        public var count: Int64
    }

    public var name: String
    /// Every version's total (versions never downloaded are absent).
    public var byVersion: [String: Int64]
    /// Oldest day first, then by version.
    public var byDay: [Day]

    /// All downloads of the server.
    public var total: Int64 { byVersion.values.reduce(0, +) }
}

/// `GET /api/v1/stats`: totals and the lists a front page shows.
public struct HostedPackageStatistics: Sendable, Equatable, Codable {
    /// A server, its latest version, and its downloads summed over all its versions.
    public struct Ranked: Sendable, Equatable, Codable {
        public var name: String
        /// The server's latest version (the downloads may be of any version).
        public var latestVersion: String
        /// Every version's downloads, summed.
        public var downloads: Int64
        /// RFC 3339, the latest version's publication.
        public var publishedAt: String
    }

    public var totalServers: Int
    public var totalVersions: Int
    public var totalDownloads: Int64
    /// Sum of the hosted files' sizes.
    public var totalBytes: Int64
    public var mostDownloaded: [Ranked]
    public var mostRecent: [Ranked]
}
