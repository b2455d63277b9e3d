import Foundation

/// The on-disk catalog cache: one versioned JSON file per source under
/// `cache/catalog/`, plus `cache/status.json`. Writes are atomic; a corrupt, truncated or
/// outdated file is reported and ignored (the source is re-read), never fatal.
public struct CatalogCache: Sendable {
    /// Bump when the stored format changes; older files are then rebuilt (3: Docker `poci`
    /// entries keep their tool containers).
    public static let formatVersion = 3

    public let directory: URL

    public init(directory: URL) {
        self.directory = directory
    }

    /// `cache/` of the given paths.
    public init(paths: RegistryPaths) {
        self.init(directory: paths.cacheDirectory)
    }

    private var catalogDirectory: URL { directory.appendingPathComponent("catalog", isDirectory: true) }
    private var statusFile: URL { directory.appendingPathComponent("status.json") }

    struct SnapshotFile: Codable {
        var formatVersion: Int
        var snapshot: SourceSnapshot
    }

    struct StatusFile: Codable {
        var formatVersion: Int
        var sources: [SourceStatus]
    }

    /// What loading found: the snapshots that were good, and a warning per file that was not.
    public struct LoadResult: Sendable {
        public var snapshots: [String: SourceSnapshot]
        public var warnings: [String]
    }

    /// Reads every cached snapshot.
    public func loadSnapshots() -> LoadResult {
        var snapshots: [String: SourceSnapshot] = [:]
        var warnings: [String] = []
        let files = (try? FileManager.default.contentsOfDirectory(at: catalogDirectory, includingPropertiesForKeys: nil)) ?? []
        let decoder = Self.decoder
        for file in files where file.pathExtension == "json" && !file.lastPathComponent.hasPrefix(".") {
            do {
                let data = try Data(contentsOf: file)
                let stored = try decoder.decode(SnapshotFile.self, from: data)
                guard stored.formatVersion == Self.formatVersion else {
                    warnings.append("\(file.path): cache format \(stored.formatVersion) is not \(Self.formatVersion); it will be rebuilt")
                    continue
                }
                snapshots[stored.snapshot.sourceID] = stored.snapshot
            } catch {
                warnings.append("\(file.path): unreadable cache file (\(Self.describe(error))); it will be rebuilt")
            }
        }
        return LoadResult(snapshots: snapshots, warnings: warnings)
    }

    /// Stores one source's snapshot atomically.
    public func save(_ snapshot: SourceSnapshot) throws {
        let data = try Self.encoder.encode(SnapshotFile(formatVersion: Self.formatVersion, snapshot: snapshot))
        try AtomicFile.write(data, to: file(for: snapshot.sourceID))
    }

    /// Forgets one source's snapshot.
    public func remove(sourceID: String) {
        try? FileManager.default.removeItem(at: file(for: sourceID))
    }

    /// Reads the persisted source statuses (empty when missing or corrupt).
    public func loadStatuses() -> [SourceStatus] {
        guard let data = try? Data(contentsOf: statusFile),
            let stored = try? Self.decoder.decode(StatusFile.self, from: data),
            stored.formatVersion == Self.formatVersion
        else { return [] }
        return stored.sources
    }

    /// Persists the source statuses atomically.
    public func saveStatuses(_ statuses: [SourceStatus]) throws {
        let data = try Self.encoder.encode(StatusFile(formatVersion: Self.formatVersion, sources: statuses))
        try AtomicFile.write(data, to: statusFile)
    }

    func file(for sourceID: String) -> URL {
        catalogDirectory.appendingPathComponent(EntryID.encoded(sourceID, keepingSlash: false) + ".json")
    }

    static var encoder: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.sortedKeys]
        return encoder
    }

    static var decoder: JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }

    static func describe(_ error: Error) -> String {
        switch error {
        case DecodingError.dataCorrupted(let context): return "corrupt JSON: \(context.debugDescription)"
        case DecodingError.keyNotFound(let key, _): return "missing field \(key.stringValue)"
        case DecodingError.typeMismatch(_, let context): return "wrong type at \(context.codingPath.map(\.stringValue).joined(separator: "."))"
        default: return "\(error)"
        }
    }
}
