import Foundation
import Logging

/// Opens the store a `--database` value names, migrated and ready.
///
/// - `postgres://user:password@host:port/database` (or `postgresql://`): PostgreSQL.
/// - `sqlite:///absolute/path.db`, `sqlite:relative.db` or a bare file path: SQLite.
public enum RegistryStoreFactory {
    /// - Throws: `RegistryStoreError.unsupportedDatabase`, or the driver's error when the
    ///   database cannot be opened or migrated.
    public static func open(_ location: String, logger: Logger = Logger(label: "mcp-registry.store")) async throws -> SQLRegistryStore {
        let store: SQLRegistryStore
        if location.hasPrefix("postgres://") || location.hasPrefix("postgresql://") {
            store = SQLRegistryStore(database: try PostgresBackend(url: location, logger: logger))
        } else if let path = sqlitePath(location) {
            store = SQLRegistryStore(database: try await SQLiteBackend.open(path: path, logger: logger))
        } else {
            throw RegistryStoreError.unsupportedDatabase(location)
        }
        do {
            try await store.migrate()
        } catch {
            try? await store.close()
            throw error
        }
        return store
    }

    /// The file path of an SQLite location, nil when it names another kind of database.
    public static func sqlitePath(_ location: String) -> String? {
        if location.hasPrefix("sqlite://") { return String(location.dropFirst("sqlite://".count)) }
        if location.hasPrefix("sqlite:") { return String(location.dropFirst("sqlite:".count)) }
        if location.contains("://") || location.isEmpty { return nil }
        return location
    }
}
