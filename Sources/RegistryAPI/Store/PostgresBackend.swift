import Foundation
import Logging
import PostgresNIO

/// A PostgreSQL database through postgres-nio's connection pool. Transactions that name a
/// `lockKey` take a transaction-scoped advisory lock on it first, so replicas sharing the
/// database publish to one server one at a time.
///
/// Changes to `servers` are announced with `NOTIFY mcp_registry_changes` inside their
/// transaction (PostgreSQL delivers it on commit, to every replica); one pooled connection
/// stays on `LISTEN` and moves `changeCount` on each. While it is not listening (starting,
/// reconnecting) `changeCount` is nil. A replica may reuse a page for the moment between
/// another replica's commit and the notification's arrival (on loopback, well under a
/// millisecond); its own writes count at once.
public final class PostgresBackend: SQLDatabase {
    public let dialect = SQLDialect.postgres
    private let client: PostgresClient
    private let runner: Task<Void, Never>
    private let listener: Task<Void, Never>
    private let changes: ChangeCounter
    private let logger: Logger
    static let changesChannel = "mcp_registry_changes"

    public var reader: any SQLExecutor { PostgresClientExecutor(client: client) }
    public var changeCount: UInt64? { changes.value }

    /// Connects to `url` (`postgres://user:password@host:port/database`); the pool runs
    /// until `close()`.
    /// - Throws: `RegistryStoreError.unsupportedDatabase` for a URL it cannot read.
    public init(url: String, logger: Logger = Logger(label: "mcp-registry.postgres")) throws {
        guard let components = URLComponents(string: url), ["postgres", "postgresql"].contains(components.scheme ?? ""),
            let host = components.host, !host.isEmpty
        else {
            throw RegistryStoreError.unsupportedDatabase("expected postgres://user:password@host:port/database")
        }
        let database = components.path.hasPrefix("/") ? String(components.path.dropFirst()) : components.path
        var configuration = PostgresClient.Configuration(
            host: host, port: components.port ?? 5432,
            username: components.user?.removingPercentEncoding ?? "postgres",
            password: components.password?.removingPercentEncoding,
            database: database.isEmpty ? nil : database,
            tls: .disable
        )
        // 8 for queries, 1 kept listening.
        configuration.options.maximumConnections = 9
        let client = PostgresClient(configuration: configuration, backgroundLogger: logger)
        self.client = client
        self.logger = logger
        self.runner = Task { await client.run() }
        let changes = ChangeCounter(known: false)
        self.changes = changes
        self.listener = Task { await Self.listen(client, changes, logger) }
    }

    /// Holds a connection on `LISTEN` until cancelled, reconnecting after a second when it
    /// fails; `changes` is known only while it listens.
    private static func listen(_ client: PostgresClient, _ changes: ChangeCounter, _ logger: Logger) async {
        while !Task.isCancelled {
            do {
                try await client.withConnection { connection in
                    try await connection.listen(on: changesChannel) { notifications in
                        changes.setKnown(true)
                        for try await _ in notifications { changes.advance() }
                    }
                }
            } catch {
                if !Task.isCancelled { logger.debug("change listener stopped; reconnecting", metadata: ["error": "\(error)"]) }
            }
            changes.setKnown(false)
            try? await Task.sleep(for: .seconds(1))
        }
    }

    public func transaction<T: Sendable>(lockKey: String?, changesServers: Bool, _ body: @Sendable (any SQLExecutor) async throws -> T) async throws -> T {
        defer { if changesServers { changes.advance() } }
        return try await client.withConnection { connection in
            try await connection.query("BEGIN", logger: logger)
            do {
                let executor = PostgresConnectionExecutor(connection: connection, logger: logger)
                if let lockKey {
                    try await executor.execute("SELECT pg_advisory_xact_lock(hashtext($1))", [.text(lockKey)])
                }
                let result = try await body(executor)
                if changesServers {
                    try await connection.query("NOTIFY \(unescaped: Self.changesChannel)", logger: logger)
                }
                try await connection.query("COMMIT", logger: logger)
                return result
            } catch {
                _ = try? await connection.query("ROLLBACK", logger: logger)
                throw error
            }
        }
    }

    public func isUniqueViolation(_ error: any Error) -> Bool {
        (error as? PSQLError)?.serverInfo?[.sqlState] == "23505"
    }

    public func close() async throws {
        listener.cancel()
        _ = await listener.value
        runner.cancel()
        _ = await runner.value
    }
}

/// Binds and decodes for both executors.
enum PostgresValues {
    static func query(_ sql: String, _ binds: [SQLValue]) -> PostgresQuery {
        var bindings = PostgresBindings(capacity: binds.count)
        for bind in binds {
            switch bind {
            case .text(let text): bindings.append(text)
            case .integer(let number): bindings.append(number)
            case .null: bindings.appendNull()
            }
        }
        return PostgresQuery(unsafeSQL: sql, binds: bindings)
    }

    static func values(_ row: PostgresRow) throws -> [SQLValue] {
        try row.map { cell in
            guard cell.bytes != nil else { return SQLValue.null }
            switch cell.dataType {
            case .int2, .int4, .int8: return .integer(try cell.decode(Int64.self))
            case .numeric: return .integer(Int64(try cell.decode(String.self)) ?? 0)
            default: return .text(try cell.decode(String.self))
            }
        }
    }
}

struct PostgresClientExecutor: SQLExecutor {
    let client: PostgresClient

    func rows(_ sql: String, _ binds: [SQLValue]) async throws -> [[SQLValue]] {
        var result: [[SQLValue]] = []
        for try await row in try await client.query(PostgresValues.query(sql, binds)) {
            result.append(try PostgresValues.values(row))
        }
        return result
    }

    func execute(_ sql: String, _ binds: [SQLValue]) async throws {
        try await client.query(PostgresValues.query(sql, binds))
    }
}

struct PostgresConnectionExecutor: SQLExecutor, @unchecked Sendable {
    // Used only inside the `withConnection` closure that lends it.
    let connection: PostgresConnection
    let logger: Logger

    func rows(_ sql: String, _ binds: [SQLValue]) async throws -> [[SQLValue]] {
        var result: [[SQLValue]] = []
        for try await row in try await connection.query(PostgresValues.query(sql, binds), logger: logger) {
            result.append(try PostgresValues.values(row))
        }
        return result
    }

    func execute(_ sql: String, _ binds: [SQLValue]) async throws {
        try await connection.query(PostgresValues.query(sql, binds), logger: logger)
    }
}
