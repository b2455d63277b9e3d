/// A value bound to or read from SQL: the only three kinds the registry's tables use.
public enum SQLValue: Sendable, Equatable {
    case text(String)
    case integer(Int64)
    case null

    var text: String? {
        if case .text(let value) = self { return value }
        return nil
    }

    var integer: Int64? {
        if case .integer(let value) = self { return value }
        return nil
    }
}

/// Runs statements on one connection (inside a transaction when given by `transaction`).
public protocol SQLExecutor: Sendable {
    /// Rows as values in the order the statement selects its columns.
    func rows(_ sql: String, _ binds: [SQLValue]) async throws -> [[SQLValue]]
    /// A statement whose rows, if any, are not needed.
    func execute(_ sql: String, _ binds: [SQLValue]) async throws
}

/// What `SQLRegistryStore` needs from a database driver: its SQL dialect, a reader for
/// queries, and transactions. `SQLiteDatabase` (sqlite-nio) and `PostgresDatabase`
/// (postgres-nio) conform.
public protocol SQLDatabase: Sendable {
    var dialect: SQLDialect { get }
    /// For reads outside a transaction.
    var reader: any SQLExecutor { get }
    /// Runs `body` in one transaction: committed when it returns, rolled back when it throws.
    /// `lockKey`, when given, serializes transactions on the same key across every
    /// connection and replica (PostgreSQL advisory locks; SQLite serializes all writers).
    /// `changesServers`: whether it may change what reads of `servers` see (false for tokens
    /// and download counts); such a transaction moves `changeCount` once it has ended.
    func transaction<T: Sendable>(lockKey: String?, changesServers: Bool, _ body: @Sendable (any SQLExecutor) async throws -> T) async throws -> T
    /// Whether `error` is the driver's unique-constraint violation.
    func isUniqueViolation(_ error: any Error) -> Bool
    /// A number that moves whenever `servers` may have changed, by this process or (when
    /// the database tells) another; nil while a change could go unseen. Equal values: nothing
    /// changed in between, so what was read may be reused (`ResponseCache`).
    var changeCount: UInt64? { get }
    func close() async throws
}

extension SQLDatabase {
    /// A transaction that may change `servers`.
    func transaction<T: Sendable>(lockKey: String?, _ body: @Sendable (any SQLExecutor) async throws -> T) async throws -> T {
        try await transaction(lockKey: lockKey, changesServers: true, body)
    }
}

/// The differences between the SQL the two databases accept.
public struct SQLDialect: Sendable {
    /// The n-th (1-based) placeholder: `?` for SQLite, `$n` for PostgreSQL.
    public var placeholder: @Sendable (Int) -> String
    /// The migrations, by version.
    public var migrations: [Migration]
    public var name: String

    /// One schema step, applied once and recorded in `schema_migrations`.
    public struct Migration: Sendable {
        public var version: Int
        public var statements: [String]
    }

    /// Numbers the placeholders of a statement written with `?`.
    func sql(_ text: String) -> String {
        var result = ""
        var index = 0
        for character in text {
            if character == "?" {
                index += 1
                result += placeholder(index)
            } else {
                result.append(character)
            }
        }
        return result
    }
}
