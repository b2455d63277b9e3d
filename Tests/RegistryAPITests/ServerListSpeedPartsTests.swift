import Foundation
@testable import RegistryAPI
import RegistryCore
import XCTest

/// The parts that make `GET /v0.1/servers` fast, checked for what they must not change:
/// a reused page is never stale after a write of this process (SQLite, and PostgreSQL
/// once its change listener listens), and PostgreSQL's search can use its trigram indexes.
final class ServerListSpeedPartsTests: XCTestCase {
    func testReusedPagesFollowEveryWrite_sqlite() async throws { try await reusedPagesFollowEveryWrite(.sqlite) }
    func testReusedPagesFollowEveryWrite_postgres() async throws { try await reusedPagesFollowEveryWrite(.postgres) }

    func reusedPagesFollowEveryWrite(_ kind: StoreKind) async throws {
        try await LiveRegistry.run(kind) { registry in
            let token = try await registry.token("com.example/*", .admin)
            let names = { (reply: LiveRegistry.Reply) in
                reply.json?["servers"]?.arrayValue?.compactMap { item -> String? in
                    guard let name = item["server"]?["name"]?.stringValue, let version = item["server"]?["version"]?.stringValue else { return nil }
                    let status = item["_meta"]?["io.modelcontextprotocol.registry/official"]?["status"]?.stringValue ?? "?"
                    return "\(name)@\(version):\(status)"
                } ?? []
            }
            _ = try await registry.publish(RegistryFixtures.server("com.example/a", "1.0.0"), token: token)
            let first = try await registry.get("/v0.1/servers?limit=30")
            let again = try await registry.get("/v0.1/servers?limit=30")
            XCTAssertEqual(first.body, again.body)
            XCTAssertEqual(names(again), ["com.example/a@1.0.0:active"])
            if kind == .sqlite { XCTAssertNotNil(registry.store.changeCount, "SQLite always counts its changes") }

            _ = try await registry.publish(RegistryFixtures.server("com.example/b", "1.0.0"), token: token)
            let page1 = try await registry.get("/v0.1/servers?limit=30")
            XCTAssertEqual(names(page1), ["com.example/a@1.0.0:active", "com.example/b@1.0.0:active"])

            let status = try await registry.send(.patch, "/v0.1/servers/com.example%2Fa/versions/1.0.0/status", body: Data(#"{"status":"deprecated"}"#.utf8), token: token)
            XCTAssertEqual(status.status, .ok, status.body)
            let page2 = try await registry.get("/v0.1/servers?limit=30")
            XCTAssertEqual(names(page2), ["com.example/a@1.0.0:deprecated", "com.example/b@1.0.0:active"])

            let removed = try await registry.send(.delete, "/v0.1/servers/com.example%2Fb/versions/1.0.0", token: token)
            XCTAssertEqual(removed.status.code / 100, 2, removed.body)
            let page3 = try await registry.get("/v0.1/servers?limit=30")
            XCTAssertEqual(names(page3), ["com.example/a@1.0.0:deprecated"])
            // Another query string is another page.
            let page4 = try await registry.get("/v0.1/servers?limit=30&search=nothing")
            XCTAssertEqual(names(page4), [])
        }
    }

    /// With sequential scans and plain index scans priced out, the planner can still answer
    /// the store's own search statement, through both trigram indexes: they are built on the
    /// expressions the statement filters on.
    func testSearchCanUseTheTrigramIndexes_postgres() async throws {
        try await StoreKind.postgres.withStore { store, _ in
            let statement = SQLRegistryStore.listStatement(ServerListQuery(search: "weather"), dialect: .postgres)
            let plan = try await store.database.transaction(lockKey: nil) { sql in
                try await sql.execute("SET LOCAL enable_seqscan = off", [])
                try await sql.execute("SET LOCAL enable_indexscan = off", [])
                return try await sql.rows("EXPLAIN " + statement.sql, statement.binds)
            }
            let text = plan.compactMap { $0.first?.text }.joined(separator: "\n")
            XCTAssertTrue(text.contains("servers_name_trgm"), text)
            XCTAssertTrue(text.contains("servers_description_trgm"), text)
            XCTAssertFalse(text.contains("Seq Scan"), text)
        }
    }
}
