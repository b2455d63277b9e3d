import Foundation

/// A catalog source: turns its input (a folder, a git repository, an HTTP API) into entries.
///
/// A new kind of source is one new conformance in `CatalogSources`.
public protocol CatalogSource: Sendable {
    /// The source's id, used as the first segment of its entries' ids (`docker`, `awesome`).
    var id: String { get }
    /// A short word for the kind (`local`, `docker`, `awesome`, `official`, `mcpservers`).
    var kind: String { get }
    /// Where it reads from (a path or URL, never with credentials).
    var location: String { get }
    /// Reads the source. `previous` is the last good snapshot, for incremental sources
    /// (skip parsing when the commit did not move, `updated_since`, conditional requests).
    func load(previous: SourceSnapshot?) async throws -> SourceSnapshot
}

/// What one load of one source produced.
public struct SourceSnapshot: Sendable, Hashable, Codable {
    public var sourceID: String
    public var entries: [CatalogEntry]
    /// A revision marker (git commit, ETag, sync time) that says whether anything moved.
    public var revision: String?
    /// Files or pages that could not be read, with why; the rest still loaded.
    public var problems: [SourceProblem]
    /// Counters a source wants shown in status (`pages_skipped_no_h1`…).
    public var counters: [String: Int]
    /// When it was loaded.
    public var loadedAt: Date

    public init(
        sourceID: String,
        entries: [CatalogEntry],
        revision: String? = nil,
        problems: [SourceProblem] = [],
        counters: [String: Int] = [:],
        loadedAt: Date
    ) {
        self.sourceID = sourceID
        self.entries = entries
        self.revision = revision
        self.problems = problems
        self.counters = counters
        self.loadedAt = loadedAt
    }
}

/// A file or page a source could not read.
public struct SourceProblem: Sendable, Hashable, Codable {
    /// The path or URL.
    public var location: String
    /// The parse or read error.
    public var message: String

    public init(location: String, message: String) {
        self.location = location
        self.message = message
    }
}
