import Foundation
import RegistryCore
#if canImport(Glibc)
import Glibc
#endif

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
/// The folder is untrusted (`CatalogFolder`, `.stayInside`): a symbolic link is followed only
/// while its target stays inside the folder, special files are refused, each file has its
/// format's size cap, and one load has a byte and time budget. A file that cannot be read or
/// parsed is skipped and reported as a `SourceProblem` with its path and the kind of error
/// (never its text); the rest still load. An id defined twice keeps the first (in path order) and
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
        let files = CatalogFolder(root: folder, symlinks: .stayInside, budget: ReadBudget())
        var problems: [SourceProblem] = []
        let definitions = Self.scan(files, refused: &problems)
        let revision = Self.fingerprint(definitions, in: files)
        if let previous, previous.sourceID == id, previous.revision == revision {
            var same = previous
            same.loadedAt = now
            return same
        }

        var entries: [CatalogEntry] = []
        var seen: [String: String] = [:]
        func add(_ entry: CatalogEntry, from path: String) {
            let key = EntryID.lookupKey(entry.id)
            if let first = seen[key] {
                // Another version of the same server: the newer one keeps the entry.
                if let index = entries.firstIndex(where: { EntryID.lookupKey($0.id) == key }),
                   let mine = entries[index].release, let theirs = entry.release, mine.version != theirs.version {
                    entries[index] = entries[index].keepingNewerRelease(entry)
                    return
                }
                problems.append(SourceProblem(location: path, message: "duplicate id \(entry.id), already defined by \(first)"))
                return
            }
            seen[key] = path
            entries.append(entry)
        }
        let shown = { (relative: String) in CatalogPath.display(folder.appendingPathComponent(relative).path) }
        for definition in definitions {
            switch definition {
            case .dockerFolder(let relative):
                let name = relative.isEmpty ? folder.lastPathComponent : String(relative.split(separator: "/").last ?? "")
                switch DockerDefinitionReader.read(files, folder: relative, folderName: name, sourceID: id, location: shown) {
                case .entry(let entry, let found):
                    problems += found
                    add(entry, from: shown(relative.isEmpty ? "server.yaml" : "\(relative)/server.yaml"))
                case .problems(let found):
                    problems += found
                case .noDefinition:
                    continue
                }
            case .serverJSON(let relative):
                do {
                    guard let data = try files.read(relative, limit: .serverJSON) else { continue }
                    let file = try CatalogLayouts.serverJSONEntries(data, location: shown(relative), sourceID: id)
                    problems += file.problems
                    for entry in file.entries { add(entry, from: shown(relative)) }
                } catch let error as CatalogFileError {
                    problems.append(SourceProblem(location: shown(relative), message: error.message))
                } catch let error as CatalogParseError {
                    problems.append(SourceProblem(location: shown(relative), message: error.message))
                } catch {
                    problems.append(SourceProblem(location: shown(relative), message: "cannot be parsed"))
                }
            }
        }
        var counters = ["files": definitions.count, "problems": problems.count]
        if files.budget.refusals > 0 { counters["files_over_budget"] = files.budget.refusals }
        return SourceSnapshot(
            sourceID: id,
            entries: entries,
            revision: revision,
            problems: problems,
            counters: counters,
            loadedAt: now
        ).boundingText()  // EntryTextLimits: long text cut, one problem per source
    }

    // MARK: - Files

    /// A definition, by its path relative to the catalog folder.
    enum Definition: Hashable {
        /// A folder holding `server.yaml` ("" for the catalog folder itself).
        case dockerFolder(String)
        case serverJSON(String)

        var files: [String] {
            switch self {
            case .dockerFolder(let folder):
                ["server.yaml", "tools.json", "readme.md", "README.md"].map { folder.isEmpty ? $0 : "\(folder)/\($0)" }
            case .serverJSON(let path): [path]
            }
        }
    }

    /// The definitions in the catalog folder, in path order; links and special files that
    /// are refused on the way become problems.
    static func scan(_ files: CatalogFolder, refused problems: inout [SourceProblem]) -> [Definition] {
        var found: [Definition] = []
        visit(files, "", depth: 0, into: &found, problems: &problems)
        return found
    }

    private static func visit(_ files: CatalogFolder, _ relative: String, depth: Int, into found: inout [Definition],
                              problems: inout [SourceProblem]) {
        let items = files.list(relative)
        let hasDefinition = items.contains { if case .file(let path) = $0 { path.hasSuffix("server.yaml") && path.split(separator: "/").last == "server.yaml" } else { false } }
            || items.contains { if case .refused(let path, _) = $0 { path.split(separator: "/").last == "server.yaml" } else { false } }
        if depth > 0, hasDefinition {
            found.append(.dockerFolder(relative))
            return
        }
        for item in items {
            switch item {
            case .folder(let path):
                if depth < 2 { visit(files, path, depth: depth + 1, into: &found, problems: &problems) }
            case .file(let path):
                let name = String(path.split(separator: "/").last ?? "").lowercased()
                if name.hasSuffix(".json"), !ignoredJSONNames.contains(name) { found.append(.serverJSON(path)) }
            case .refused(let path, let reason):
                problems.append(SourceProblem(location: CatalogPath.display(files.root.appendingPathComponent(path).path),
                                              message: CatalogFileError(path: path, reason: reason).message))
            }
        }
        if depth == 0, hasDefinition {
            // The folder itself is one definition.
            found.insert(.dockerFolder(""), at: 0)
        }
    }

    /// `count-newestMtime-totalSize` over every file the definitions read (links are not
    /// followed: a link's own times count, so a target outside is never even looked at).
    static func fingerprint(_ definitions: [Definition], in files: CatalogFolder) -> String {
        var newest: Double = 0
        var size: Int64 = 0
        var count = 0
        for definition in definitions {
            for file in definition.files {
                var info = stat()
                guard lstat(files.root.appendingPathComponent(file).path, &info) == 0 else { continue }
                count += 1
                #if os(Linux)
                let modified = info.st_mtim
                #else
                let modified = info.st_mtimespec
                #endif
                newest = max(newest, Double(modified.tv_sec) + Double(modified.tv_nsec) / 1e9)
                size += Int64(info.st_size)
            }
        }
        return "\(count)-\(Int64(newest * 1000))-\(size)"
    }
}
