/// What `GET /v0.1/servers` asks for, already checked.
public struct ServerListQuery: Sendable, Equatable {
    /// Which versions to list.
    public enum VersionFilter: Sendable, Equatable {
        case all
        case latest
        case exact(String)
    }

    /// Start after this position (from a previous page's `nextCursor`).
    public var after: ServerCursor?
    /// Page size, 1…100.
    public var limit: Int
    /// Case-insensitive substring of the name or description.
    public var search: String?
    /// Only versions updated after this time (microseconds); deleted ones included.
    public var updatedSince: Int64?
    public var version: VersionFilter
    public var includeDeleted: Bool

    public init(after: ServerCursor? = nil, limit: Int = 30, search: String? = nil, updatedSince: Int64? = nil, version: VersionFilter = .all, includeDeleted: Bool = false) {
        self.after = after
        self.limit = limit
        self.search = search
        self.updatedSince = updatedSince
        self.version = version
        self.includeDeleted = includeDeleted
    }
}

/// One page of servers and where the next page starts.
public struct ServerPage: Sendable {
    public var records: [ServerRecord]
    /// nil on the last page.
    public var next: ServerCursor?

    public init(records: [ServerRecord], next: ServerCursor?) {
        self.records = records
        self.next = next
    }
}
