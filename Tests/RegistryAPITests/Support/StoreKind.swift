import Foundation
import Logging
import RegistryAPI
import XCTest

/// The two stores every behaviour test runs against. PostgreSQL comes from
/// `MCP_REGISTRY_TEST_POSTGRES_URL` (a server `scripts/test` starts on loopback); each test
/// gets a database of its own, dropped afterwards.
enum StoreKind: String, CaseIterable {
    case sqlite
    case postgres

    static var postgresAdminURL: String? {
        ProcessInfo.processInfo.environment["MCP_REGISTRY_TEST_POSTGRES_URL"].flatMap { $0.isEmpty ? nil : $0 }
    }

    /// A fresh, migrated store and a cleanup to call when done.
    /// - Throws: `XCTSkip` for PostgreSQL when no server is configured.
    func makeStore() async throws -> (location: String, cleanup: @Sendable () async -> Void) {
        switch self {
        case .sqlite:
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("service-registry-\(UUID().uuidString)")
            let path = folder.appendingPathComponent("registry.db").path
            return (path, { try? FileManager.default.removeItem(at: folder) })
        case .postgres:
            guard let admin = Self.postgresAdminURL else {
                throw XCTSkip("PostgreSQL half skipped: MCP_REGISTRY_TEST_POSTGRES_URL is not set (scripts/test sets it)")
            }
            let name = "service_test_\(UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(16).lowercased())"
            let backend = try PostgresBackend(url: admin)
            try await backend.reader.execute("CREATE DATABASE \(name)", [])
            try await backend.close()
            var components = URLComponents(string: admin)!
            components.path = "/\(name)"
            let location = components.string!
            return (location, {
                guard let backend = try? PostgresBackend(url: admin) else { return }
                try? await backend.reader.execute("DROP DATABASE IF EXISTS \(name) WITH (FORCE)", [])
                try? await backend.close()
            })
        }
    }

    /// Runs `body` with an open store of this kind, then closes and removes it.
    func withStore<T>(_ body: (SQLRegistryStore, String) async throws -> T) async throws -> T {
        let (location, cleanup) = try await makeStore()
        let store = try await RegistryStoreFactory.open(location, logger: Logger(label: "test"))
        do {
            let result = try await body(store, location)
            try? await store.close()
            await cleanup()
            return result
        } catch {
            try? await store.close()
            await cleanup()
            throw error
        }
    }
}

/// Reads the shared fixtures (`../shared/fixtures/official-registry`).
enum RegistryFixtures {
    static let root: URL = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<4 { url.deleteLastPathComponent() }
        return url.deletingLastPathComponent().appendingPathComponent("shared/fixtures/official-registry")
    }()

    static func data(_ relative: String) throws -> Data {
        try Data(contentsOf: root.appendingPathComponent(relative))
    }

    static func files(_ folder: String) throws -> [URL] {
        try FileManager.default.contentsOfDirectory(at: root.appendingPathComponent(folder), includingPropertiesForKeys: nil)
            .filter { $0.pathExtension == "json" }.sorted { $0.lastPathComponent < $1.lastPathComponent }
    }

    /// A minimal valid server.json.
    static func server(_ name: String, _ version: String, description: String = "A test server") -> Data {
        Data(#"{"name":"\#(name)","description":"\#(description)","version":"\#(version)","remotes":[{"type":"streamable-http","url":"https://example.com/mcp"}]}"#.utf8)
    }
}
