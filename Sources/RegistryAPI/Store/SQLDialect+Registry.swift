extension SQLDialect {
    /// SQLite: integers for times and flags, binary collation, WAL.
    public static let sqlite = SQLDialect(
        placeholder: { _ in "?" },
        migrations: [
            Migration(version: 1, statements: [
                """
                CREATE TABLE servers (
                    name TEXT NOT NULL, version TEXT NOT NULL, document TEXT NOT NULL,
                    description TEXT NOT NULL, status TEXT NOT NULL, status_message TEXT,
                    status_changed_at INTEGER NOT NULL, published_at INTEGER NOT NULL,
                    updated_at INTEGER NOT NULL, is_latest INTEGER NOT NULL,
                    PRIMARY KEY (name, version)
                )
                """,
                "CREATE UNIQUE INDEX servers_one_latest ON servers (name) WHERE is_latest = 1",
                "CREATE INDEX servers_latest ON servers (is_latest, name, version)",
                "CREATE INDEX servers_updated ON servers (updated_at)",
                """
                CREATE TABLE access_tokens (
                    id TEXT PRIMARY KEY, hash TEXT NOT NULL UNIQUE, namespace TEXT NOT NULL,
                    permission TEXT NOT NULL, description TEXT, created_at INTEGER NOT NULL,
                    expires_at INTEGER, revoked_at INTEGER
                )
                """,
            ])
        ],
        name: "sqlite"
    )

    /// PostgreSQL: `COLLATE "C"` so names order by bytes as in SQLite.
    public static let postgres = SQLDialect(
        placeholder: { "$\($0)" },
        migrations: [
            Migration(version: 1, statements: [
                """
                CREATE TABLE servers (
                    name TEXT COLLATE "C" NOT NULL, version TEXT COLLATE "C" NOT NULL, document TEXT NOT NULL,
                    description TEXT NOT NULL, status TEXT NOT NULL, status_message TEXT,
                    status_changed_at BIGINT NOT NULL, published_at BIGINT NOT NULL,
                    updated_at BIGINT NOT NULL, is_latest BIGINT NOT NULL,
                    PRIMARY KEY (name, version)
                )
                """,
                "CREATE UNIQUE INDEX servers_one_latest ON servers (name) WHERE is_latest = 1",
                "CREATE INDEX servers_latest ON servers (is_latest, name, version)",
                "CREATE INDEX servers_updated ON servers (updated_at)",
                """
                CREATE TABLE access_tokens (
                    id TEXT PRIMARY KEY, hash TEXT NOT NULL UNIQUE, namespace TEXT NOT NULL,
                    permission TEXT NOT NULL, description TEXT, created_at BIGINT NOT NULL,
                    expires_at BIGINT, revoked_at BIGINT
                )
                """,
            ])
        ],
        name: "postgresql"
    )
}
