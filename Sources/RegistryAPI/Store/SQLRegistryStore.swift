/// The registry store over any `SQLDatabase`: one implementation of the queries and the
/// latest-version rules, so that SQLite and PostgreSQL behave the same.
public struct SQLRegistryStore: RegistryStore {
    public let database: any SQLDatabase
    var dialect: SQLDialect { database.dialect }

    static let columns = "name, version, document, description, status, status_message, status_changed_at, published_at, updated_at, is_latest"

    public init(database: any SQLDatabase) {
        self.database = database
    }

    public func migrate() async throws {
        let dialect = self.dialect
        try await database.transaction(lockKey: "schema_migrations") { sql in
            try await sql.execute("CREATE TABLE IF NOT EXISTS schema_migrations (version BIGINT PRIMARY KEY, applied_at BIGINT NOT NULL)", [])
            let applied = Set(try await sql.rows("SELECT version FROM schema_migrations", []).compactMap { $0.first?.integer })
            for migration in dialect.migrations where !applied.contains(Int64(migration.version)) {
                for statement in migration.statements {
                    try await sql.execute(statement, [])
                }
                try await sql.execute(dialect.sql("INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)"), [.integer(Int64(migration.version)), .integer(RegistryTime.now())])
            }
        }
    }

    public func list(_ query: ServerListQuery) async throws -> ServerPage {
        let statement = Self.listStatement(query, dialect: dialect)
        var records = try await database.reader.rows(statement.sql, statement.binds).map(Self.record)
        var next: ServerCursor?
        if records.count > statement.limit {
            records.removeLast(records.count - statement.limit)
            next = records.last.map { ServerCursor(name: $0.name, version: $0.version) }
        }
        return ServerPage(records: records, next: next)
    }

    /// The statement `list` runs (placeholders numbered for `dialect`), its binds, and the
    /// page size (it selects one row more, to know whether a next page exists). The search
    /// filter is `LOWER(column) LIKE '%…%'`, the expressions PostgreSQL's trigram indexes
    /// (migration 3) are built on.
    static func listStatement(_ query: ServerListQuery, dialect: SQLDialect) -> (sql: String, binds: [SQLValue], limit: Int) {
        var conditions: [String] = []
        var binds: [SQLValue] = []
        if !query.includeDeleted && query.updatedSince == nil {
            conditions.append("status <> 'deleted'")
        }
        switch query.version {
        case .all: break
        case .latest: conditions.append("is_latest = 1")
        case .exact(let version):
            conditions.append("version = ?")
            binds.append(.text(version))
        }
        if let since = query.updatedSince {
            conditions.append("updated_at > ?")
            binds.append(.integer(since))
        }
        if let search = query.search, !search.isEmpty {
            conditions.append("(LOWER(name) LIKE ? ESCAPE '\\' OR LOWER(description) LIKE ? ESCAPE '\\')")
            let pattern = "%" + Self.escapeLike(search.lowercased()) + "%"
            binds += [.text(pattern), .text(pattern)]
        }
        if let after = query.after {
            conditions.append("(name > ? OR (name = ? AND version > ?))")
            binds += [.text(after.name), .text(after.name), .text(after.version)]
        }
        let filter = conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND ")
        let limit = max(1, min(query.limit, 100))
        let text = "SELECT \(Self.columns) FROM servers\(filter) ORDER BY name, version LIMIT \(limit + 1)"
        return (dialect.sql(text), binds, limit)
    }

    public func versions(of name: String, includeDeleted: Bool) async throws -> [ServerRecord] {
        let filter = includeDeleted ? "" : " AND status <> 'deleted'"
        return try await database.reader.rows(
            dialect.sql("SELECT \(Self.columns) FROM servers WHERE name = ?\(filter) ORDER BY published_at DESC, version DESC"),
            [.text(name)]
        ).map(Self.record)
    }

    public func version(_ version: String, of name: String) async throws -> ServerRecord? {
        try await database.reader.rows(dialect.sql("SELECT \(Self.columns) FROM servers WHERE name = ? AND version = ?"), [.text(name), .text(version)])
            .first.map(Self.record)
    }

    public func latest(of name: String) async throws -> ServerRecord? {
        try await database.reader.rows(dialect.sql("SELECT \(Self.columns) FROM servers WHERE name = ? AND is_latest = 1"), [.text(name)])
            .first.map(Self.record)
    }

    public func publish(_ record: ServerRecord) async throws -> ServerRecord {
        let dialect = self.dialect
        do {
            return try await database.transaction(lockKey: record.name) { sql in
                try await Self.insert(record, sql, dialect)
            }
        } catch let error where database.isUniqueViolation(error) {
            throw RegistryStoreError.versionExists(name: record.name, version: record.version)
        }
    }

    /// Inserts a new version inside the caller's transaction, moving `isLatest` to it when it
    /// is the latest. Throws `versionExists`.
    static func insert(_ record: ServerRecord, _ sql: any SQLExecutor, _ dialect: SQLDialect) async throws -> ServerRecord {
        let existing = try await sql.rows(dialect.sql("SELECT version FROM servers WHERE name = ? AND version = ?"), [.text(record.name), .text(record.version)])
        guard existing.isEmpty else { throw RegistryStoreError.versionExists(name: record.name, version: record.version) }
        let current = try await sql.rows(dialect.sql("SELECT version, published_at FROM servers WHERE name = ? AND is_latest = 1"), [.text(record.name)]).first
        var stored = record
        stored.isLatest = current.map { row in
            ServerVersionOrder.compare(record.version, publishedAt: record.publishedAt, row[0].text ?? "", publishedAt: row[1].integer ?? 0) > 0
        } ?? true
        if stored.isLatest {
            try await sql.execute(dialect.sql("UPDATE servers SET is_latest = 0 WHERE name = ? AND is_latest = 1"), [.text(record.name)])
        }
        try await sql.execute(
            dialect.sql("INSERT INTO servers (\(columns)) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"),
            binds(stored)
        )
        return stored
    }

    public func replace(version: String, of name: String, document: String, description: String, at: Int64) async throws -> ServerRecord {
        let dialect = self.dialect
        return try await database.transaction(lockKey: name) { sql in
            try await sql.execute(
                dialect.sql("UPDATE servers SET document = ?, description = ?, updated_at = ? WHERE name = ? AND version = ?"),
                [.text(document), .text(description), .integer(at), .text(name), .text(version)]
            )
            let rows = try await sql.rows(dialect.sql("SELECT \(Self.columns) FROM servers WHERE name = ? AND version = ?"), [.text(name), .text(version)])
            guard let row = rows.first else { throw RegistryStoreError.notFound(name: name, version: version) }
            return Self.record(row)
        }
    }

    public func remove(version: String, of name: String) async throws -> ServerRecord {
        let dialect = self.dialect
        return try await database.transaction(lockKey: name) { sql in
            try await Self.remove(version: version, of: name, sql, dialect)
        }
    }

    /// Deletes a version inside the caller's transaction; the latest moves to the next one.
    static func remove(version: String, of name: String, _ sql: any SQLExecutor, _ dialect: SQLDialect) async throws -> ServerRecord {
        let rows = try await sql.rows(dialect.sql("SELECT \(Self.columns) FROM servers WHERE name = ? AND version = ?"), [.text(name), .text(version)])
        guard let row = rows.first else { throw RegistryStoreError.notFound(name: name, version: version) }
        let removed = Self.record(row)
        try await sql.execute(dialect.sql("DELETE FROM servers WHERE name = ? AND version = ?"), [.text(name), .text(version)])
        if removed.isLatest {
            let remaining = try await sql.rows(dialect.sql("SELECT version, published_at FROM servers WHERE name = ?"), [.text(name)])
            let best = remaining.max { a, b in
                ServerVersionOrder.compare(a[0].text ?? "", publishedAt: a[1].integer ?? 0, b[0].text ?? "", publishedAt: b[1].integer ?? 0) < 0
            }
            if let best, let bestVersion = best[0].text {
                try await sql.execute(dialect.sql("UPDATE servers SET is_latest = 1 WHERE name = ? AND version = ?"), [.text(name), .text(bestVersion)])
            }
        }
        return removed
    }

    public func setStatus(_ status: ServerStatus, message: String?, version: String?, of name: String, at: Int64) async throws -> [ServerRecord] {
        let dialect = self.dialect
        return try await database.transaction(lockKey: name) { sql in
            var filter = "name = ?"
            var keys: [SQLValue] = [.text(name)]
            if let version {
                filter += " AND version = ?"
                keys.append(.text(version))
            }
            let before = try await sql.rows(dialect.sql("SELECT version FROM servers WHERE \(filter)"), keys)
            guard !before.isEmpty else { throw RegistryStoreError.notFound(name: name, version: version) }
            try await sql.execute(
                dialect.sql("UPDATE servers SET status = ?, status_message = ?, status_changed_at = ?, updated_at = ? WHERE \(filter)"),
                [.text(status.rawValue), message.map(SQLValue.text) ?? .null, .integer(at), .integer(at)] + keys
            )
            return try await sql.rows(dialect.sql("SELECT \(Self.columns) FROM servers WHERE \(filter) ORDER BY published_at DESC, version DESC"), keys).map(Self.record)
        }
    }

    public func statistics() async throws -> RegistryStatistics {
        let row = try await database.reader.rows(
            "SELECT COUNT(DISTINCT name), COUNT(*), CAST(COALESCE(SUM(CASE WHEN status = 'deleted' THEN 1 ELSE 0 END), 0) AS BIGINT) FROM servers", []
        ).first ?? []
        let now = RegistryTime.now()
        let tokens = try await database.reader.rows(
            dialect.sql("SELECT COUNT(*) FROM access_tokens WHERE revoked_at IS NULL AND (expires_at IS NULL OR expires_at > ?)"), [.integer(now)]
        ).first?.first?.integer ?? 0
        let schema = try await database.reader.rows("SELECT COALESCE(MAX(version), 0) FROM schema_migrations", []).first?.first?.integer ?? 0
        return RegistryStatistics(
            servers: Int(row.first?.integer ?? 0), versions: Int(row.dropFirst().first?.integer ?? 0),
            deletedVersions: Int(row.dropFirst(2).first?.integer ?? 0), activeTokens: Int(tokens), schemaVersion: Int(schema)
        )
    }

    public func close() async throws {
        try await database.close()
    }

    /// `%`, `_` and `\` taken literally in a LIKE pattern (with `ESCAPE '\'`).
    static func escapeLike(_ text: String) -> String {
        var escaped = ""
        for character in text {
            if character == "%" || character == "_" || character == "\\" { escaped.append("\\") }
            escaped.append(character)
        }
        return escaped
    }
}
