import Foundation
import Logging
import NIOCore
import SQLiteNIO

/// An SQLite database file through sqlite-nio (which bundles SQLite): one writer connection
/// whose transactions run one at a time, and a few reader connections (WAL mode lets them
/// read while the writer writes).
public final class SQLiteBackend: SQLDatabase {
    public let dialect = SQLDialect.sqlite
    private let writer: SQLiteExecutor
    private let readers: [SQLiteExecutor]
    private let gate = TransactionGate()
    private let changes = ChangeCounter(known: true)

    /// Transactions that may change `servers`, ended by this process. Every write is one
    /// (`transaction`), and one serving process owns the file (replicas share PostgreSQL,
    /// not SQLite); `registry token` commands from other processes write only tokens.
    public var changeCount: UInt64? { changes.value }

    public var reader: any SQLExecutor { readers[Int.random(in: 0..<readers.count)] }

    /// Opens (creating when missing) the database at `path`, its folder created too.
    /// - Parameter readerCount: connections for reads, at least 1.
    public static func open(path: String, readerCount: Int = 4, logger: Logger = Logger(label: "mcp-registry.sqlite")) async throws -> SQLiteBackend {
        let folder = (path as NSString).deletingLastPathComponent
        if !folder.isEmpty { try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true) }
        let writer = try await SQLiteConnection.open(storage: .file(path: path), logger: logger)
        for pragma in ["PRAGMA journal_mode=WAL", "PRAGMA synchronous=NORMAL", "PRAGMA busy_timeout=10000", "PRAGMA foreign_keys=ON"] {
            _ = try await writer.query(pragma, [])
        }
        var readers: [SQLiteExecutor] = []
        for _ in 0..<max(1, readerCount) {
            let connection = try await SQLiteConnection.open(storage: .file(path: path), logger: logger)
            _ = try await connection.query("PRAGMA busy_timeout=10000", [])
            readers.append(SQLiteExecutor(connection: connection))
        }
        return SQLiteBackend(writer: SQLiteExecutor(connection: writer), readers: readers)
    }

    private init(writer: SQLiteExecutor, readers: [SQLiteExecutor]) {
        self.writer = writer
        self.readers = readers
    }

    public func transaction<T: Sendable>(lockKey: String?, changesServers: Bool, _ body: @Sendable (any SQLExecutor) async throws -> T) async throws -> T {
        await gate.acquire()
        // Counted once the transaction has ended either way: a read that started before
        // then is tagged with the old count and never reused after it.
        defer { if changesServers { changes.advance() } }
        do {
            try await writer.execute("BEGIN IMMEDIATE", [])
            do {
                let result = try await body(writer)
                try await writer.execute("COMMIT", [])
                await gate.release()
                return result
            } catch {
                try? await writer.execute("ROLLBACK", [])
                throw error
            }
        } catch {
            await gate.release()
            throw error
        }
    }

    public func isUniqueViolation(_ error: any Error) -> Bool {
        guard let error = error as? SQLiteError else { return false }
        return error.reason == .constraint || error.reason == .constraintUniqueFailed || error.reason == .constraintPrimaryKeyFailed
    }

    public func close() async throws {
        for reader in readers { try await reader.connection.close() }
        try await writer.connection.close()
    }
}

/// One sqlite-nio connection as an `SQLExecutor`.
struct SQLiteExecutor: SQLExecutor {
    let connection: SQLiteConnection

    /// Runs on sqlite-nio's thread pool and collects the rows there, in one hop. (The
    /// `query(_:_:) -> [SQLiteRow]` convenience goes through the futures API, which submits
    /// one event-loop task per row: 31 cross-thread hops for a page of 30.)
    func rows(_ sql: String, _ binds: [SQLValue]) async throws -> [[SQLValue]] {
        let collected = RowCollector()
        try await connection.query(sql, binds.map(Self.data)) { row in
            collected.rows.append(row.columns.map { column in
                switch column.data {
                case .integer(let value): .integer(Int64(value))
                case .float(let value): .integer(Int64(value))
                case .text(let value): .text(value)
                case .blob(let buffer): .text(String(buffer: buffer))
                case .null: .null
                }
            })
        }
        return collected.rows
    }

    func execute(_ sql: String, _ binds: [SQLValue]) async throws {
        try await connection.query(sql, binds.map(Self.data)) { _ in }
    }

    private static func data(_ value: SQLValue) -> SQLiteData {
        switch value {
        case .text(let text): .text(text)
        case .integer(let number): .integer(SQLiteInt64(number))
        case .null: .null
        }
    }
}

/// The rows of one query, appended by sqlite-nio's row callback, which runs synchronously
/// on the one thread-pool thread that steps the statement, before the query returns.
private final class RowCollector: @unchecked Sendable {
    var rows: [[SQLValue]] = []
}

/// An async mutex: one transaction at a time on the writer connection (actor methods alone
/// would interleave at each `await`).
actor TransactionGate {
    private var busy = false
    private var waiters: [CheckedContinuation<Void, Never>] = []

    func acquire() async {
        if !busy {
            busy = true
            return
        }
        await withCheckedContinuation { waiters.append($0) }
    }

    func release() {
        if waiters.isEmpty {
            busy = false
        } else {
            waiters.removeFirst().resume()
        }
    }
}
