import Foundation
import Logging
import RegistryCore

/// A catalog kept in a git repository: the Docker MCP registry, an awesome list, or a team's
/// private catalog of `server.json` files.
///
/// `load(previous:)` clones or fetches into `checkoutDirectory`; when the commit did not move
/// since `previous`, it returns the previous entries without parsing anything (and says so in
/// the `parse_skipped` counter). A file that does not parse is skipped and reported as a
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

    public init(id: String, url: String, branch: String? = nil, format: Format, checkoutDirectory: URL,
                credentials: GitCredentials = GitCredentials()) {
        self.id = id
        self.url = url
        self.branch = branch
        self.format = format
        self.checkoutDirectory = checkoutDirectory
        self.credentials = credentials
    }

    public var kind: String { format.rawValue }
    public var location: String { GitRedaction.redactURL(url) }

    /// The clone this source keeps.
    public var repository: GitRepository {
        GitRepository(url: url, branch: branch, directory: checkoutDirectory, credentials: credentials)
    }

    private static let logger = Logger(label: "mcp-registry.source.git")

    public func load(previous: SourceSnapshot?) async throws -> SourceSnapshot {
        let sync = try await repository.sync()
        if let previous, previous.sourceID == id, previous.revision == sync.commit {
            var snapshot = previous
            snapshot.counters["parse_skipped"] = 1
            snapshot.loadedAt = Date()
            Self.logger.debug("unchanged; parsing skipped", metadata: ["source": "\(id)", "commit": "\(sync.commit)"])
            return snapshot
        }
        let source = self
        var result = try await BlockingExecutor.run { source.parseCheckout() }
        if sync.action == .recloned { result.counters["recloned"] = 1 }
        return SourceSnapshot(
            sourceID: id,
            entries: result.entries,
            revision: sync.commit,
            problems: result.problems,
            counters: result.counters,
            loadedAt: Date()
        )
    }

    /// Parses the checkout as it is on disk (no git), in this source's layout.
    public func parseCheckout() -> CatalogLayoutResult {
        switch format {
        case .docker: return CatalogLayouts.docker(root: checkoutDirectory, sourceID: id)
        case .awesome: return CatalogLayouts.awesome(root: checkoutDirectory, sourceID: id)
        case .serverJSON: return CatalogLayouts.serverJSON(root: checkoutDirectory, sourceID: id)
        }
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
    /// `README.md` (if any) and every `docs/*.md`, deduplicated across files.
    static func awesome(root: URL, sourceID: String) -> CatalogLayoutResult {
        let fileManager = FileManager.default
        var documents: [AwesomeListDocument] = []
        var problems: [SourceProblem] = []
        var files: [(path: String, category: String?)] = []
        if let names = try? fileManager.contentsOfDirectory(atPath: root.path) {
            for name in names.sorted() where name.lowercased() == "readme.md" { files.append((name, nil)) }
        }
        let docs = root.appendingPathComponent("docs", isDirectory: true)
        if let names = try? fileManager.contentsOfDirectory(atPath: docs.path) {
            for name in names.sorted() where name.lowercased().hasSuffix(".md") {
                files.append(("docs/\(name)", title(fromFileName: name)))
            }
        }
        for file in files {
            let url = root.appendingPathComponent(file.path)
            do {
                let data = try Data(contentsOf: url)
                guard let text = String(data: data, encoding: .utf8) else {
                    problems.append(SourceProblem(location: file.path, message: "not UTF-8 text"))
                    continue
                }
                documents.append(AwesomeListDocument(markdown: text, category: file.category, location: file.path))
            } catch {
                problems.append(SourceProblem(location: file.path, message: "cannot read: \(error.localizedDescription)"))
            }
        }
        let parsed = AwesomeListParser.parse(documents: documents, sourceID: sourceID)
        var counters = parsed.counters
        counters["files"] = documents.count
        return CatalogLayoutResult(entries: parsed.entries, problems: problems + parsed.problems, counters: counters)
    }

    /// `ai--llm-integration.md` → `ai llm integration` (used only when a file has no heading).
    static func title(fromFileName name: String) -> String {
        String(name.dropLast(3)).split(whereSeparator: { $0 == "-" || $0 == "_" }).joined(separator: " ")
    }
}
