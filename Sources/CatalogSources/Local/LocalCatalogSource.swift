import Foundation
import RegistryCore

/// A folder of server definitions read as a catalog (a team's private servers).
///
/// Reads, up to two folder levels deep (hidden folders skipped):
/// - every folder holding a `server.yaml`: a Docker MCP registry definition (with its
///   `tools.json` and `readme.md`), so both `<folder>/<name>/server.yaml` and a registry
///   checkout's `<folder>/servers/<name>/server.yaml` work;
/// - every other `*.json` file: an official registry `server.json`, an API list item
///   `{"server": …, "_meta": …}`, or a list page `{"servers": [ … ]}`. Well-known JSON files
///   that are not server definitions (`package.json`, `tsconfig.json`…) are ignored.
///
/// A file that cannot be parsed is skipped and reported as a `SourceProblem` with its path and
/// the error; the rest still load. An id defined twice keeps the first (in path order) and
/// reports the second. The revision is a cheap fingerprint of the files (count, newest
/// modification time, total size); when it matches the previous snapshot's, nothing is parsed.
public struct LocalCatalogSource: CatalogSource {
    public let id: String
    public let folder: URL
    public var kind: String { "local" }
    public var location: String { folder.path }

    /// JSON files that live in server folders or repositories but are not server definitions.
    static let ignoredJSONNames: Set<String> = [
        "tools.json", "package.json", "package-lock.json", "tsconfig.json", "composer.json",
        "renovate.json", "manifest.json", "deno.json", "jsconfig.json", "lerna.json",
    ]

    public init(id: String, folder: URL) {
        self.id = id
        self.folder = folder.standardizedFileURL
    }

    public func load(previous: SourceSnapshot?) async throws -> SourceSnapshot {
        try loadNow(previous: previous)
    }

    /// The same as `load(previous:)`, synchronously.
    public func loadNow(previous: SourceSnapshot? = nil, now: Date = Date()) throws -> SourceSnapshot {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw CatalogParseError("catalog folder does not exist or is not a folder", location: folder.path)
        }
        let definitions = Self.scan(folder)
        let revision = Self.fingerprint(definitions)
        if let previous, previous.sourceID == id, previous.revision == revision {
            var same = previous
            same.loadedAt = now
            return same
        }

        var entries: [CatalogEntry] = []
        var problems: [SourceProblem] = []
        var seen: [String: String] = [:]
        func add(_ entry: CatalogEntry, from path: String) {
            let key = EntryID.lookupKey(entry.id)
            if let first = seen[key] {
                problems.append(SourceProblem(location: path, message: "duplicate id \(entry.id), already defined by \(first)"))
                return
            }
            seen[key] = path
            entries.append(entry)
        }
        for definition in definitions {
            switch definition {
            case .dockerFolder(let url):
                let path = url.appendingPathComponent("server.yaml").path
                do {
                    add(try DockerServerParser.entry(folder: url, sourceID: id), from: path)
                } catch {
                    problems.append(SourceProblem(location: path, message: Self.message(error)))
                }
            case .serverJSON(let url):
                do {
                    for entry in try Self.serverJSONEntries(url, sourceID: id) { add(entry, from: url.path) }
                } catch {
                    problems.append(SourceProblem(location: url.path, message: Self.message(error)))
                }
            }
        }
        return SourceSnapshot(
            sourceID: id,
            entries: entries,
            revision: revision,
            problems: problems,
            counters: ["files": definitions.count, "problems": problems.count],
            loadedAt: now
        )
    }

    // MARK: - Files

    enum Definition: Hashable {
        case dockerFolder(URL)
        case serverJSON(URL)

        var files: [URL] {
            switch self {
            case .dockerFolder(let url):
                ["server.yaml", "tools.json", "readme.md", "README.md"].map { url.appendingPathComponent($0) }
            case .serverJSON(let url): [url]
            }
        }
    }

    /// The definitions under `root`, in path order.
    static func scan(_ root: URL) -> [Definition] {
        var found: [Definition] = []
        visit(root, depth: 0, into: &found)
        return found
    }

    private static func visit(_ directory: URL, depth: Int, into found: inout [Definition]) {
        let manager = FileManager.default
        guard let names = try? manager.contentsOfDirectory(atPath: directory.path) else { return }
        if depth > 0, names.contains("server.yaml") {
            found.append(.dockerFolder(directory))
            return
        }
        for name in names.sorted() where !name.hasPrefix(".") {
            let url = directory.appendingPathComponent(name)
            var isDirectory: ObjCBool = false
            guard manager.fileExists(atPath: url.path, isDirectory: &isDirectory) else { continue }
            if isDirectory.boolValue {
                if depth < 2 { visit(url, depth: depth + 1, into: &found) }
            } else if name.lowercased().hasSuffix(".json"), !ignoredJSONNames.contains(name.lowercased()) {
                found.append(.serverJSON(url))
            }
        }
        if depth == 0, names.contains("server.yaml") {
            // The folder itself is one definition.
            found.insert(.dockerFolder(directory), at: 0)
        }
    }

    /// `count-newestMtime-totalSize` over every file the definitions read.
    static func fingerprint(_ definitions: [Definition]) -> String {
        var newest: Double = 0
        var size: Int64 = 0
        var count = 0
        for definition in definitions {
            for file in definition.files {
                guard let attributes = try? FileManager.default.attributesOfItem(atPath: file.path) else { continue }
                count += 1
                if let date = attributes[.modificationDate] as? Date { newest = max(newest, date.timeIntervalSince1970) }
                if let bytes = attributes[.size] as? NSNumber { size += bytes.int64Value }
            }
        }
        return "\(count)-\(Int64(newest * 1000))-\(size)"
    }

    /// One server.json, API item, or `{"servers": […]}` page.
    static func serverJSONEntries(_ url: URL, sourceID: String) throws -> [CatalogEntry] {
        let data = try Data(contentsOf: url)
        let value = try OfficialServerParser.decode(data, location: url.path)
        if let items = value["servers"]?.arrayValue, value["name"] == nil {
            return try items.compactMap { item in
                if OfficialServerParser.status(of: item) == "deleted" { return nil }
                let (server, meta) = OfficialServerParser.split(item: item)
                return try OfficialServerParser.entry(from: server, meta: meta, sourceID: sourceID, location: url.path)
            }
        }
        let (server, meta) = OfficialServerParser.split(item: value)
        return [try OfficialServerParser.entry(from: server, meta: meta, sourceID: sourceID, location: url.path)]
    }

    /// An error's message without the path (the problem carries it).
    private static func message(_ error: Error) -> String {
        if let parse = error as? CatalogParseError { return parse.message }
        return error.localizedDescription
    }
}
