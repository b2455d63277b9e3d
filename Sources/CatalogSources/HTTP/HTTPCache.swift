import Foundation
import RegistryCore

/// A copy of a response kept on disk, with the validators for a conditional request.
public struct HTTPCacheEntry: Sendable, Hashable, Codable {
    public var url: String
    public var status: Int
    /// A few response headers worth keeping (`content-type`, `etag`, `last-modified`), lower-cased.
    public var headers: [String: String]
    public var etag: String?
    public var lastModified: String?
    /// When the body was downloaded.
    public var storedAt: Date
    /// When the server last confirmed it (download or `304`).
    public var validatedAt: Date
    public var body: Data

    public init(url: String, status: Int, headers: [String: String], etag: String?, lastModified: String?, storedAt: Date, validatedAt: Date, body: Data) {
        self.url = url
        self.status = status
        self.headers = headers
        self.etag = etag
        self.lastModified = lastModified
        self.storedAt = storedAt
        self.validatedAt = validatedAt
        self.body = body
    }
}

/// What the cache knows about a URL without reading its body.
public struct HTTPCacheMetadata: Sendable, Hashable {
    public var url: String
    public var status: Int
    public var etag: String?
    public var lastModified: String?
    /// When the body was downloaded.
    public var storedAt: Date
    /// When the server last confirmed it.
    public var validatedAt: Date
}

/// The on-disk HTTP cache (`cache/http/`): one file per URL, written atomically.
///
/// An entry not validated for `timeToLive` seconds has expired and is ignored (and removed);
/// a corrupt or truncated file is ignored (and removed), never fatal.
public struct HTTPCache: Sendable {
    public let directory: URL
    public let timeToLive: TimeInterval

    /// The cache under `paths.cacheDirectory/http`.
    public init(paths: RegistryPaths, timeToLive: TimeInterval = 7 * 24 * 3600) {
        self.init(directory: paths.cacheDirectory.appendingPathComponent("http", isDirectory: true), timeToLive: timeToLive)
    }

    public init(directory: URL, timeToLive: TimeInterval = 7 * 24 * 3600) {
        self.directory = directory
        self.timeToLive = timeToLive
    }

    private static let magic = Data("mcp-registry-http-cache 1\n".utf8)

    private struct Header: Codable {
        var url: String
        var status: Int
        var headers: [String: String]
        var etag: String?
        var lastModified: String?
        var storedAt: Date
        var validatedAt: Date
        var bodyLength: Int
        var bodyHash: String
    }

    /// The file that holds `url`'s entry.
    public func file(for url: URL) -> URL {
        directory.appendingPathComponent(StableHash.hex(url.absoluteString) + ".entry")
    }

    /// The entry for `url`, unless missing, expired or corrupt.
    public func entry(for url: URL, now: Date = Date()) -> HTTPCacheEntry? {
        let file = file(for: url)
        guard let data = try? Data(contentsOf: file) else { return nil }
        guard let entry = Self.decode(data), entry.url == url.absoluteString else {
            try? FileManager.default.removeItem(at: file)
            return nil
        }
        if now.timeIntervalSince(entry.validatedAt) > timeToLive {
            try? FileManager.default.removeItem(at: file)
            return nil
        }
        return entry
    }

    /// The metadata of `url`'s entry, read from the file's header only (the body is checked
    /// when `entry(for:)` reads it); `nil` when missing, expired or unreadable.
    public func metadata(for url: URL, now: Date = Date()) -> HTTPCacheMetadata? {
        guard let header = Self.readHeader(file(for: url)), header.url == url.absoluteString,
              now.timeIntervalSince(header.validatedAt) <= timeToLive else { return nil }
        return HTTPCacheMetadata(
            url: header.url, status: header.status, etag: header.etag, lastModified: header.lastModified,
            storedAt: header.storedAt, validatedAt: header.validatedAt
        )
    }

    /// Stores `entry` (atomically), replacing any older copy.
    public func store(_ entry: HTTPCacheEntry) throws {
        guard let url = URL(string: entry.url) else { return }
        try AtomicFile.write(Self.encode(entry), to: file(for: url))
    }

    /// Forgets `url`.
    public func remove(_ url: URL) {
        try? FileManager.default.removeItem(at: file(for: url))
    }

    /// Removes every expired or unreadable entry; returns how many were removed.
    @discardableResult
    public func prune(now: Date = Date()) -> Int {
        guard let files = try? FileManager.default.contentsOfDirectory(at: directory, includingPropertiesForKeys: nil) else { return 0 }
        var removed = 0
        for file in files where file.pathExtension == "entry" {
            let header = Self.readHeader(file)
            if header == nil || now.timeIntervalSince(header!.validatedAt) > timeToLive {
                try? FileManager.default.removeItem(at: file)
                removed += 1
            }
        }
        return removed
    }

    /// The header of an entry file, reading no more than its first 64 KB.
    private static func readHeader(_ file: URL) -> Header? {
        guard let handle = try? FileHandle(forReadingFrom: file) else { return nil }
        defer { try? handle.close() }
        guard let data = try? handle.read(upToCount: 64 * 1024), data.starts(with: magic) else { return nil }
        let rest = data.dropFirst(magic.count)
        guard let newline = rest.firstIndex(of: UInt8(ascii: "\n")) else { return nil }
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .secondsSince1970
        return try? decoder.decode(Header.self, from: Data(rest[rest.startIndex..<newline]))
    }

    static func encode(_ entry: HTTPCacheEntry) throws -> Data {
        let header = Header(
            url: entry.url, status: entry.status, headers: entry.headers, etag: entry.etag,
            lastModified: entry.lastModified, storedAt: entry.storedAt, validatedAt: entry.validatedAt,
            bodyLength: entry.body.count, bodyHash: StableHash.hex(entry.body)
        )
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .secondsSince1970
        var data = magic
        data.append(try encoder.encode(header))
        data.append(UInt8(ascii: "\n"))
        data.append(entry.body)
        return data
    }

    static func decode(_ data: Data) -> HTTPCacheEntry? {
        guard data.starts(with: magic) else { return nil }
        let rest = data.dropFirst(magic.count)
        guard let newline = rest.firstIndex(of: UInt8(ascii: "\n")) else { return nil }
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .secondsSince1970
        guard let header = try? decoder.decode(Header.self, from: Data(rest[rest.startIndex..<newline])) else { return nil }
        let body = Data(rest[rest.index(after: newline)...])
        guard body.count == header.bodyLength, StableHash.hex(body) == header.bodyHash else { return nil }
        return HTTPCacheEntry(
            url: header.url, status: header.status, headers: header.headers, etag: header.etag,
            lastModified: header.lastModified, storedAt: header.storedAt, validatedAt: header.validatedAt, body: body
        )
    }
}
