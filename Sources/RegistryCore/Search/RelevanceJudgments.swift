import Foundation

/// A judged query set for measuring search quality, read from a JSON file
/// (`Tests/Relevance/search-relevance.json`), and its evaluation over a catalog.
///
/// Two kinds of query: **names** (a service's name; judged by hit@1: the first result is
/// one of `expected`) and **tasks** (a phrasing of a job; judged by hit@3 and the mean
/// reciprocal rank of the first relevant result in the top 10). A result matches an id
/// when its own id or one of its aliases is that id (case-insensitive).
public struct RelevanceJudgments: Sendable, Codable {
    /// A service-name query and the entries that may come first.
    public struct NameQuery: Sendable, Codable {
        public var query: String
        public var expected: [String]
    }

    /// A task phrasing and the entries judged relevant.
    public struct TaskQuery: Sendable, Codable {
        public var query: String
        public var relevant: [String]
    }

    public var names: [NameQuery]
    public var tasks: [TaskQuery]

    /// Reads a judgments file. Throws the file's read or JSON decoding error.
    public static func load(from url: URL) throws -> RelevanceJudgments {
        try JSONDecoder().decode(RelevanceJudgments.self, from: Data(contentsOf: url))
    }

    /// Runs every query through `search` (a query → the result ids and aliases, best first)
    /// and scores the answers.
    public func evaluate(_ search: (SearchQuery) -> [[String]]) -> RelevanceReport {
        func rank(of wanted: [String], in results: [[String]]) -> Int? {
            let keys = Set(wanted.map(EntryID.lookupKey))
            return results.firstIndex { ids in ids.contains { keys.contains(EntryID.lookupKey($0)) } }.map { $0 + 1 }
        }
        var report = RelevanceReport()
        for item in names {
            let results = search(SearchQuery(text: item.query, limit: 10))
            let found = rank(of: item.expected, in: results)
            report.names.append(.init(query: item.query, rank: found, first: results.first?.first))
        }
        for item in tasks {
            let results = search(SearchQuery(text: item.query, limit: 10))
            let found = rank(of: item.relevant, in: results)
            report.tasks.append(.init(query: item.query, rank: found, first: results.first?.first))
        }
        return report
    }

    /// Runs every query against a catalog's search.
    public func evaluate(_ catalog: Catalog) -> RelevanceReport {
        evaluate { query in
            catalog.search(query).hits.map { [$0.entry.id] + $0.entry.aliases }
        }
    }
}

/// The outcome of a `RelevanceJudgments` run.
public struct RelevanceReport: Sendable {
    /// One judged query: the 1-based rank of the first acceptable result (nil: not in the
    /// top 10) and the id that came first.
    public struct Outcome: Sendable {
        public var query: String
        public var rank: Int?
        public var first: String?
    }

    public var names: [Outcome] = []
    public var tasks: [Outcome] = []

    /// Name queries whose first result is acceptable.
    public var nameHitsAt1: Int { names.filter { $0.rank == 1 }.count }
    /// Task queries with a relevant result in the top 3.
    public var taskHitsAt3: Int { tasks.filter { ($0.rank ?? .max) <= 3 }.count }
    /// Mean reciprocal rank of the first relevant result over the task queries (0 when
    /// none is in the top 10).
    public var taskMeanReciprocalRank: Double {
        guard !tasks.isEmpty else { return 0 }
        return tasks.reduce(0) { $0 + ($1.rank.map { 1 / Double($0) } ?? 0) } / Double(tasks.count)
    }
}
