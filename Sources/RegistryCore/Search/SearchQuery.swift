/// A search over the catalog: free text plus filters, which are applied before ranking.
public struct SearchQuery: Sendable, Hashable {
    /// Free text; may be empty to list what the filters let through.
    public var text: String
    /// Keep entries in any of these categories (case-insensitive).
    public var categories: [String]
    /// Keep entries with any of these tags (case-insensitive).
    public var tags: [String]
    /// Keep entries listed by any of these sources.
    public var sources: [String]
    /// Keep only official entries.
    public var officialOnly: Bool
    /// `true`: only entries that need credentials; `false`: only those that don't.
    public var requiresCredentials: Bool?
    /// Keep only entries the registry can start.
    public var launchableOnly: Bool
    /// Text queries: when launchable servers match, keep at most this many link-only
    /// results (servers the registry cannot start), the best of them; `nil` keeps all.
    /// The default (`defaultLinkOnlyLimit`) keeps runnable results from being crowded out.
    public var linkOnlyLimit: Int?
    /// How many hits to return.
    public var limit: Int
    /// How many hits to skip (paging).
    public var offset: Int

    public init(
        text: String = "",
        categories: [String] = [],
        tags: [String] = [],
        sources: [String] = [],
        officialOnly: Bool = false,
        requiresCredentials: Bool? = nil,
        launchableOnly: Bool = false,
        linkOnlyLimit: Int? = SearchQuery.defaultLinkOnlyLimit,
        limit: Int = 10,
        offset: Int = 0
    ) {
        self.text = text
        self.categories = categories
        self.tags = tags
        self.sources = sources
        self.officialOnly = officialOnly
        self.requiresCredentials = requiresCredentials
        self.launchableOnly = launchableOnly
        self.linkOnlyLimit = linkOnlyLimit
        self.limit = limit
        self.offset = offset
    }
}

extension SearchQuery {
    /// Link-only results kept by default when launchable ones match.
    public static let defaultLinkOnlyLimit = 3
}

/// One search result: for a text query, the best entry of one server (see
/// `DuplicateGroups`) with the other matching entries of that server as alternatives.
public struct SearchHit: Sendable, Hashable {
    /// The entry's position in the index's entry list.
    public var position: Int
    /// Relevance; higher is better. 0 for a filter-only listing.
    public var score: Double
    /// The indexed terms that matched, for explaining a hit.
    public var matchedTerms: [String]
    /// Positions of other matching entries that are the same server, best first.
    public var alternatives: [Int]

    public init(position: Int, score: Double, matchedTerms: [String], alternatives: [Int] = []) {
        self.position = position
        self.score = score
        self.matchedTerms = matchedTerms
        self.alternatives = alternatives
    }
}

/// A page of hits and how many matched in all.
public struct SearchResult: Sendable {
    public var hits: [SearchHit]
    /// How many results (servers, for a text query) matched before `limit`/`offset`.
    public var total: Int
    /// Link-only results left out by `SearchQuery.linkOnlyLimit` (not in `total`).
    public var heldBackLinkOnly: Int

    public init(hits: [SearchHit], total: Int, heldBackLinkOnly: Int = 0) {
        self.hits = hits
        self.total = total
        self.heldBackLinkOnly = heldBackLinkOnly
    }
}
