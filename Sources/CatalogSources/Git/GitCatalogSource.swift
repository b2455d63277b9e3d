import Dispatch
import Foundation
import Logging
import RegistryCore
import Synchronization

/// A catalog kept in a git repository: the Docker MCP registry, an awesome list, or a team's
/// private catalog of `server.json` files.
///
/// `load(previous:)` clones or fetches into `checkoutDirectory`; when the commit did not move
/// since `previous`, it returns `previous` itself, untouched, without parsing anything (so a
/// caller comparing snapshots sees no change); `statistics` counts parses and skips. A file that does not parse is skipped and reported as a
/// `SourceProblem`; the rest load. An unreachable remote or a bad URL throws, so the caller
/// keeps its last good snapshot.
public struct GitCatalogSource: CatalogSource {
    /// How the repository's files are laid out.
    public enum Format: String, Sendable, CaseIterable {
        /// `servers/<name>/server.yaml` (+ `tools.json`, `readme.md`), as in docker/mcp-registry.
        case docker
        /// `README.md` and `docs/*.md` markdown lists.
        case awesome
        /// `server.json` files (the official MCP registry schema) anywhere in the tree.
        case serverJSON = "server-json"
    }

    public let id: String
    public let url: String
    public let branch: String?
    public let format: Format
    /// The clone's folder (`sources/<id>/`).
    public let checkoutDirectory: URL
    public let credentials: GitCredentials
    /// Loads, parses and skipped parses of this source (shared by copies of the value).
    public let statistics = GitSourceStatistics()
    /// Receives clone/fetch transfer progress (for a progress bar or `registry-status`).
    public var progress: GitProgressHandler?
    /// Caps on each clone or fetch (`GitTransferLimits.standard` unless set).
    public var transferLimits: GitTransferLimits = .standard

    public init(id: String, url: String, branch: String? = nil, format: Format, checkoutDirectory: URL,
                credentials: GitCredentials = GitCredentials(), progress: GitProgressHandler? = nil) {
        self.id = id
        self.url = url
        self.branch = branch
        self.format = format
        self.checkoutDirectory = checkoutDirectory
        self.credentials = credentials
        self.progress = progress
    }

    public var kind: String { format.rawValue }
    public var location: String { GitRedaction.redactURL(url) }

    /// The clone this source keeps.
    public var repository: GitRepository {
        GitRepository(url: url, branch: branch, directory: checkoutDirectory, credentials: credentials, progress: progress,
                      limits: transferLimits)
    }

    private static let logger = Logger(label: "mcp-registry.source.git")

    public func load(previous: SourceSnapshot?) async throws -> SourceSnapshot {
        let sync: GitRepository.SyncResult
        do {
            sync = try await repository.sync()
        } catch {
            statistics.record(.failed)
            throw error
        }
        if let previous, previous.sourceID == id, previous.revision == sync.commit {
            statistics.record(.skipped, sync: sync)
            Self.logger.debug("unchanged; parsing skipped", metadata: ["source": "\(id)", "commit": "\(sync.commit)"])
            return previous
        }
        let source = self
        let started = DispatchTime.now().uptimeNanoseconds
        var result = await BlockingWork.io.run { source.parseCheckout() }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
        if sync.action == .recloned { result.counters["recloned"] = 1 }
        for file in sync.skippedFiles {
            result.problems.append(CatalogFileError(path: CatalogPath.display(file.path), reason: .tooLarge(limit: transferLimits.maxFileBytes)).problem)
        }
        statistics.record(.parsed, sync: sync, parseSeconds: seconds)
        Self.logger.debug("parsed", metadata: [
            "source": "\(id)", "commit": "\(sync.commit)", "entries": "\(result.entries.count)",
            "problems": "\(result.problems.count)", "ms": "\(Int(seconds * 1000))",
        ])
        return SourceSnapshot(
            sourceID: id,
            entries: result.entries,
            revision: sync.commit,
            problems: result.problems,
            counters: result.counters,
            loadedAt: Date()
        ).boundingText()  // EntryTextLimits: long text cut, one problem per source
    }

    /// Parses the checkout as it is on disk (no git), in this source's layout. The repository
    /// is someone else's: symbolic links in it are refused (reported, never followed), files
    /// over their format's size cap are refused, and one load reads at most `ReadBudget`'s bytes
    /// within its time.
    public func parseCheckout() -> CatalogLayoutResult {
        let files = CatalogFolder(root: checkoutDirectory, symlinks: .refuse, budget: ReadBudget())
        switch format {
        case .docker: return CatalogLayouts.docker(files: files, sourceID: id)
        case .awesome: return CatalogLayouts.awesome(files: files, sourceID: id)
        case .serverJSON: return CatalogLayouts.serverJSON(files: files, sourceID: id)
        }
    }
}

/// Counts what a `GitCatalogSource` did, across loads (thread-safe; shared by copies).
public final class GitSourceStatistics: Sendable {
    public enum Event: Sendable { case parsed, skipped, failed }

    private struct State {
        var counts: [Event: Int] = [:]
        var sync: GitRepository.SyncResult?
        var parseSeconds: Double?
    }

    private let state = Mutex(State())

    public init() {}

    func record(_ event: Event, sync: GitRepository.SyncResult? = nil, parseSeconds: Double? = nil) {
        state.withLock { state in
            state.counts[event, default: 0] += 1
            if let sync { state.sync = sync }
            if let parseSeconds { state.parseSeconds = parseSeconds }
        }
    }

    /// How long the last parse of the checkout took (reading and parsing the files, no git).
    public var lastParseSeconds: Double? {
        state.withLock { $0.parseSeconds }
    }

    /// Loads that parsed the checkout.
    public var parses: Int { value(.parsed) }
    /// Loads that found the commit unchanged and skipped parsing.
    public var skippedParses: Int { value(.skipped) }
    /// Loads that failed (unreachable remote, bad URL…).
    public var failures: Int { value(.failed) }
    /// What the last successful clone/fetch did.
    public var lastSync: GitRepository.SyncResult? {
        state.withLock { $0.sync }
    }

    private func value(_ event: Event) -> Int {
        state.withLock { $0.counts[event] ?? 0 }
    }
}

/// What reading one layout of catalog files produced.
public struct CatalogLayoutResult: Sendable {
    public var entries: [CatalogEntry]
    public var problems: [SourceProblem]
    public var counters: [String: Int]

    public init(entries: [CatalogEntry] = [], problems: [SourceProblem] = [], counters: [String: Int] = [:]) {
        self.entries = entries
        self.problems = problems
        self.counters = counters
    }
}

/// Readers for the file layouts a git catalog can have.
enum CatalogLayouts {
    /// `README.md` (if any) and every `docs/*.md`, deduplicated across files, read through
    /// `files` (link policy, the `markdownList` size cap, the budget).
    static func awesome(files folder: CatalogFolder, sourceID: String) -> CatalogLayoutResult {
        var documents: [AwesomeListDocument] = []
        var problems: [SourceProblem] = []
        var files: [(path: String, category: String?)] = []
        for item in folder.list("") {
            switch item {
            case .file(let path) where path.lowercased() == "readme.md": files.append((path, nil))
            case .refused(let path, let reason) where path.lowercased() == "readme.md" || path == "docs":
                problems.append(CatalogFileError(path: path, reason: reason).problem)
            default: continue
            }
        }
        for item in folder.list("docs") {
            switch item {
            case .file(let path) where path.lowercased().hasSuffix(".md"):
                files.append((path, title(fromFileName: String(path.dropFirst("docs/".count)))))
            case .refused(let path, let reason):
                problems.append(CatalogFileError(path: CatalogPath.display(path), reason: reason).problem)
            default: continue
            }
        }
        for file in files {
            do {
                guard let text = try folder.readText(file.path, limit: .markdownList) else { continue }
                documents.append(AwesomeListDocument(markdown: text, category: file.category, location: CatalogPath.display(file.path)))
            } catch {
                problems.append(CatalogFileError(path: CatalogPath.display(file.path), reason: error.reason).problem)
            }
        }
        let parsed = AwesomeListParser.parse(documents: documents, sourceID: sourceID)
        var counters = parsed.counters
        counters["files"] = documents.count
        if folder.budget.refusals > 0 { counters["files_over_budget"] = folder.budget.refusals }
        return CatalogLayoutResult(entries: parsed.entries, problems: problems + parsed.problems, counters: counters)
    }

    /// `ai--llm-integration.md` → `ai llm integration` (used only when a file has no heading).
    static func title(fromFileName name: String) -> String {
        String(name.dropLast(3)).split(whereSeparator: { $0 == "-" || $0 == "_" }).joined(separator: " ")
    }
}
