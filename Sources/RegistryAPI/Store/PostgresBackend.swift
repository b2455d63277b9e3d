import Foundation
import Logging
import PostgresNIO

/// A PostgreSQL database through postgres-nio's connection pool. Transactions that name a
/// `lockKey` take a transaction-scoped advisory lock on it first, so replicas sharing the
/// database publish to one server one at a time.
public final class PostgresBackend: SQLDatabase {
    public let dialect = SQLDialect.postgres
    private let client: PostgresClient
    private let runner: Task<Void, Never>
    private let logger: Logger

    public var reader: any SQLExecutor { PostgresClientExecutor(client: client) }

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
        configuration.options.maximumConnections = 8
        let client = PostgresClient(configuration: configuration, backgroundLogger: logger)
        self.client = client
        self.logger = logger
        self.runner = Task { await client.run() }
    }

    public func transaction<T: Sendable>(lockKey: String?, _ body: @Sendable (any SQLExecutor) async throws -> T) async throws -> T {
        try await client.withConnection { connection in
            try await connection.query("BEGIN", logger: logger)
            do {
                let executor = PostgresConnectionExecutor(connection: connection, logger: logger)
                if let lockKey {
                    try await executor.execute("SELECT pg_advisory_xact_lock(hashtext($1))", [.text(lockKey)])
                }
                let result = try await body(executor)
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
