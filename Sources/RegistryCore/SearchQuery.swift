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
        self.limit = limit
        self.offset = offset
    }
}

/// One search result.
public struct SearchHit: Sendable, Hashable {
    /// The entry's position in the index's entry list.
    public var position: Int
    /// Relevance; higher is better. 0 for a filter-only listing.
    public var score: Double
    /// The indexed terms that matched, for explaining a hit.
    public var matchedTerms: [String]
}

/// A page of hits and how many matched in all.
public struct SearchResult: Sendable {
    public var hits: [SearchHit]
    /// How many entries matched before `limit`/`offset`.
    public var total: Int
}
