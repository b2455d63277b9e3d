extension SQLRegistryStore {
    /// A `servers` row selected with `columns`.
    static func record(_ row: [SQLValue]) -> ServerRecord {
        func text(_ index: Int) -> String { index < row.count ? row[index].text ?? "" : "" }
        func integer(_ index: Int) -> Int64 { index < row.count ? row[index].integer ?? 0 : 0 }
        return ServerRecord(
            name: text(0), version: text(1), document: text(2), description: text(3),
            status: ServerStatus(rawValue: text(4)) ?? .active,
            statusMessage: row.count > 5 ? row[5].text : nil,
            statusChangedAt: integer(6), publishedAt: integer(7), updatedAt: integer(8),
            isLatest: integer(9) != 0
        )
    }

    static func binds(_ record: ServerRecord) -> [SQLValue] {
        [
            .text(record.name), .text(record.version), .text(record.document), .text(record.description),
            .text(record.status.rawValue), record.statusMessage.map(SQLValue.text) ?? .null,
            .integer(record.statusChangedAt), .integer(record.publishedAt), .integer(record.updatedAt),
            .integer(record.isLatest ? 1 : 0),
        ]
    }

    static let tokenColumns = "id, hash, namespace, permission, description, created_at, expires_at, revoked_at"

    static func token(_ row: [SQLValue]) -> AccessTokenRecord? {
        guard row.count == 8, let id = row[0].text, let hash = row[1].text, let namespace = row[2].text,
            let permission = row[3].text.flatMap(TokenPermission.init(rawValue:)), let created = row[5].integer
        else { return nil }
        return AccessTokenRecord(
            id: id, hash: hash, namespace: namespace, permission: permission, description: row[4].text,
            createdAt: created, expiresAt: row[6].integer, revokedAt: row[7].integer
        )
    }

    public func insertToken(_ token: AccessTokenRecord) async throws {
        let dialect = self.dialect
        try await database.transaction(lockKey: nil, changesServers: false) { sql in
            try await sql.execute(
                dialect.sql("INSERT INTO access_tokens (\(Self.tokenColumns)) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"),
                [
                    .text(token.id), .text(token.hash), .text(token.namespace), .text(token.permission.rawValue),
                    token.description.map(SQLValue.text) ?? .null, .integer(token.createdAt),
                    token.expiresAt.map(SQLValue.integer) ?? .null, token.revokedAt.map(SQLValue.integer) ?? .null,
                ]
            )
        }
    }

    public func token(hash: String) async throws -> AccessTokenRecord? {
        try await database.reader.rows(dialect.sql("SELECT \(Self.tokenColumns) FROM access_tokens WHERE hash = ?"), [.text(hash)])
            .first.flatMap(Self.token)
    }

    public func tokens() async throws -> [AccessTokenRecord] {
        try await database.reader.rows("SELECT \(Self.tokenColumns) FROM access_tokens ORDER BY created_at, id", []).compactMap(Self.token)
    }

    public func revokeToken(id: String, at: Int64) async throws -> Bool {
        let dialect = self.dialect
        return try await database.transaction(lockKey: nil, changesServers: false) { sql in
            let rows = try await sql.rows(dialect.sql("SELECT id FROM access_tokens WHERE id = ?"), [.text(id)])
            guard !rows.isEmpty else { return false }
            try await sql.execute(dialect.sql("UPDATE access_tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL"), [.integer(at), .text(id)])
            return true
        }
    }
}
