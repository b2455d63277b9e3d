/// Where the registry keeps published servers and access tokens. One conformance per
/// database (`SQLiteRegistryStore`, `PostgresRegistryStore`); every conformance passes the
/// same behaviour tests. A later store concern (hosted packages, download counts) is a new
/// protocol beside this one, not a change to it.
///
/// Errors: `RegistryStoreError` for what the caller can act on (`versionExists`,
/// `notFound`); anything else is the driver's error, a server fault.
public protocol RegistryStore: Sendable {
    /// Applies the migrations this store has not yet run (idempotent, safe on every start and
    /// from several replicas at once).
    func migrate() async throws

    /// A page of server versions ordered by name, then version.
    func list(_ query: ServerListQuery) async throws -> ServerPage

    /// Every version of one server, newest publication first.
    func versions(of name: String, includeDeleted: Bool) async throws -> [ServerRecord]

    /// One version (`latest` is resolved by the caller through `isLatest`).
    func version(_ version: String, of name: String) async throws -> ServerRecord?

    /// The version marked latest.
    func latest(of name: String) async throws -> ServerRecord?

    /// Stores a new version and moves `isLatest` to it when it is the latest by
    /// `ServerVersionOrder`, atomically. Throws `versionExists` when that name and version were
    /// published before (of two concurrent publishers exactly one succeeds).
    /// - Returns: the stored record (with its final `isLatest`).
    func publish(_ record: ServerRecord) async throws -> ServerRecord

    /// Replaces a version's document (`updatedAt` set to `at`). Throws `notFound`.
    func replace(version: String, of name: String, document: String, description: String, at: Int64) async throws -> ServerRecord

    /// Removes a version for good; the latest moves to the next one. Throws `notFound`.
    func remove(version: String, of name: String) async throws -> ServerRecord

    /// Sets the status of one version, or of every version when `version` is nil, in one
    /// transaction. Throws `notFound`. Returns the updated records.
    func setStatus(_ status: ServerStatus, message: String?, version: String?, of name: String, at: Int64) async throws -> [ServerRecord]

    /// Counts, for `registry status` and `/v0.1/health`.
    func statistics() async throws -> RegistryStatistics

    // MARK: tokens

    func insertToken(_ token: AccessTokenRecord) async throws
    /// The token whose SHA-256 hash (hex) is `hash`, revoked or not.
    func token(hash: String) async throws -> AccessTokenRecord?
    func tokens() async throws -> [AccessTokenRecord]
    /// Marks a token revoked; false when there is no such id.
    func revokeToken(id: String, at: Int64) async throws -> Bool

    /// Releases connections.
    func close() async throws
}

/// Facts a store reports to its caller.
public enum RegistryStoreError: Error, Equatable, Sendable {
    /// That name and version is already published.
    case versionExists(name: String, version: String)
    /// No such server (version nil) or version.
    case notFound(name: String, version: String?)
    /// A migration failed; the store is left at `applied`.
    case migrationFailed(version: Int, applied: Int, reason: String)
    /// The database URL is not one this build can open.
    case unsupportedDatabase(String)
}

/// Totals over a store.
public struct RegistryStatistics: Sendable, Codable, Equatable {
    public var servers: Int
    public var versions: Int
    public var deletedVersions: Int
    public var activeTokens: Int
    public var schemaVersion: Int
    /// Servers served from the aggregated catalog (`registry serve --aggregate`), nil otherwise.
    public var aggregatedServers: Int?

    public init(servers: Int, versions: Int, deletedVersions: Int, activeTokens: Int, schemaVersion: Int, aggregatedServers: Int? = nil) {
        self.servers = servers
        self.versions = versions
        self.deletedVersions = deletedVersions
        self.activeTokens = activeTokens
        self.schemaVersion = schemaVersion
        self.aggregatedServers = aggregatedServers
    }
}
