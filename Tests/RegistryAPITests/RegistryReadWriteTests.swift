import Foundation
import RegistryAPI
import RegistryCore
import XCTest

/// Publishing and reading through the HTTP API, against SQLite and PostgreSQL alike.
class RegistryReadWriteTests: XCTestCase {
    func testPublishThenReadEveryWay_sqlite() async throws { try await publishThenReadEveryWay(.sqlite) }
    func testPublishThenReadEveryWay_postgres() async throws { try await publishThenReadEveryWay(.postgres) }

    func publishThenReadEveryWay(_ kind: StoreKind) async throws {
        try await LiveRegistry.run(kind) { registry in
            let token = try await registry.token("com.example/*")
            for file in try RegistryFixtures.files("examples/valid") {
                var document = try JSONDecoder().decode(JSONValue.self, from: Data(contentsOf: file))
                if case .object(var members) = document {
                    members["name"] = .string("com.example/\(file.deletingPathExtension().lastPathComponent)")
                    document = .object(members)
                }
                let reply = try await registry.publish(try JSONEncoder().encode(document), token: token)
                XCTAssertEqual(reply.status, .ok, reply.body)
                let meta = reply.json?["_meta"]?["io.modelcontextprotocol.registry/official"]
                XCTAssertEqual(meta?["status"], "active")
                XCTAssertEqual(meta?["isLatest"], true)
                XCTAssertNotNil(meta?["publishedAt"]?.stringValue.flatMap(RegistryTime.parse))
            }
            let list = try await registry.get("/v0.1/servers")
            XCTAssertEqual(list.status, .ok)
            XCTAssertEqual(list.json?["servers"]?.arrayValue?.count, 3)
            XCTAssertEqual(list.json?["metadata"]?["count"], 3)
            XCTAssertNil(list.json?["metadata"]?["nextCursor"])

            let name = LiveRegistry.encoded("com.example/minimal")
            let versions = try await registry.get("/v0.1/servers/\(name)/versions")
            XCTAssertEqual(versions.json?["servers"]?.arrayValue?.count, 1, versions.body)
            let latest = try await registry.get("/v0.1/servers/\(name)/versions/latest")
            XCTAssertEqual(latest.json?["server"]?["name"], "com.example/minimal")
            let exact = try await registry.get("/v0/servers/\(name)/versions/\(latest.json?["server"]?["version"]?.stringValue ?? "")")
            XCTAssertEqual(exact.status, .ok, "the /v0 alias answers too")
            let missing = try await registry.get("/v0.1/servers/\(LiveRegistry.encoded("com.example/none"))/versions")
            XCTAssertEqual(missing.status, .notFound)
            XCTAssertEqual(missing.error, "Server not found")
            let missingVersion = try await registry.get("/v0.1/servers/\(name)/versions/9.9.9")
            XCTAssertEqual(missingVersion.status, .notFound)

            let spec = try await registry.get("/openapi.yaml")
            XCTAssertTrue(spec.body.hasPrefix("openapi: 3.1.0"))
            let health = try await registry.get("/v0.1/health")
            XCTAssertEqual(health.json?["statistics"]?["versions"], 3)
            let metrics = try await registry.get("/metrics")
            XCTAssertTrue(metrics.body.contains("hb_requests"), String(metrics.body.prefix(300)))
        }
    }

    func testLatestPaginationSearchAndFilters_sqlite() async throws { try await latestPaginationSearchAndFilters(.sqlite) }
    func testLatestPaginationSearchAndFilters_postgres() async throws { try await latestPaginationSearchAndFilters(.postgres) }

    func latestPaginationSearchAndFilters(_ kind: StoreKind) async throws {
        try await LiveRegistry.run(kind) { registry in
            let token = try await registry.token("*", .admin)
            for version in ["1.0.0", "1.10.0", "1.9.0", "2.0.0-beta.1", "0.5.0"] {
                let reply = try await registry.publish(RegistryFixtures.server("io.github.acme/weather", version, description: "Weather forecasts"), token: token)
                XCTAssertEqual(reply.status, .ok, reply.body)
            }
            for index in 0..<7 {
                _ = try await registry.publish(RegistryFixtures.server("com.example/tool-\(index)", "1.0.\(index)"), token: token)
            }
            let weather = LiveRegistry.encoded("io.github.acme/weather")
            let latest = try await registry.get("/v0.1/servers/\(weather)/versions/latest")
            XCTAssertEqual(latest.json?["server"]?["version"], "2.0.0-beta.1", "semver order, prerelease of a higher version")
            let duplicate = try await registry.publish(RegistryFixtures.server("io.github.acme/weather", "1.9.0"), token: token)
            XCTAssertEqual(duplicate.status, .badRequest)
            XCTAssertTrue(duplicate.error?.contains("duplicate version") ?? false, duplicate.body)

            // Pages of 5 over 12 versions: 5, 5, 2, cursors opaque and in order.
            var seen: [String] = []
            var cursor: String?
            var pages = 0
            repeat {
                let query = cursor.map { "&cursor=\($0)" } ?? ""
                let page = try await registry.get("/v0.1/servers?limit=5\(query)")
                XCTAssertEqual(page.status, .ok, page.body)
                seen += page.json?["servers"]?.arrayValue?.compactMap { item in
                    guard let name = item["server"]?["name"]?.stringValue, let version = item["server"]?["version"]?.stringValue else { return nil }
                    return "\(name)@\(version)"
                } ?? []
                cursor = page.json?["metadata"]?["nextCursor"]?.stringValue
                pages += 1
            } while cursor != nil && pages < 10
            XCTAssertEqual(pages, 3)
            XCTAssertEqual(seen.count, 12)
            XCTAssertEqual(Set(seen).count, 12)

            let onlyLatest = try await registry.get("/v0.1/servers?version=latest&limit=100")
            XCTAssertEqual(onlyLatest.json?["servers"]?.arrayValue?.count, 8)
            let exact = try await registry.get("/v0.1/servers?version=1.9.0")
            XCTAssertEqual(exact.json?["servers"]?.arrayValue?.count, 1)
            let search = try await registry.get("/v0.1/servers?search=WEATHER&version=latest")
            XCTAssertEqual(search.json?["servers"]?.arrayValue?.count, 1, "case-insensitive")
            let byDescription = try await registry.get("/v0.1/servers?search=forecasts")
            XCTAssertEqual(byDescription.json?["servers"]?.arrayValue?.count, 5)
            let wildcard = try await registry.get("/v0.1/servers?search=%25")
            XCTAssertEqual(wildcard.json?["servers"]?.arrayValue?.count, 0, "% is literal, not a wildcard")

            let future = try await registry.get("/v0.1/servers?updated_since=2999-01-01T00:00:00Z")
            XCTAssertEqual(future.json?["servers"]?.arrayValue?.count, 0)
            let past = try await registry.get("/v0.1/servers?updated_since=2000-01-01T00:00:00Z&limit=100")
            XCTAssertEqual(past.json?["servers"]?.arrayValue?.count, 12)
        }
    }

    func testStatusEditAndDelete_sqlite() async throws { try await statusEditAndDelete(.sqlite) }
    func testStatusEditAndDelete_postgres() async throws { try await statusEditAndDelete(.postgres) }

    func statusEditAndDelete(_ kind: StoreKind) async throws {
        try await LiveRegistry.run(kind) { registry in
            let admin = try await registry.token("com.example/*", .admin)
            for version in ["1.0.0", "1.1.0"] {
                _ = try await registry.publish(RegistryFixtures.server("com.example/app", version), token: admin)
            }
            let name = LiveRegistry.encoded("com.example/app")
            let deprecate = try await registry.send(.patch, "/v0.1/servers/\(name)/versions/1.0.0/status", body: Data(#"{"status":"deprecated","statusMessage":"use 1.1.0"}"#.utf8), token: admin)
            XCTAssertEqual(deprecate.status, .ok, deprecate.body)
            XCTAssertEqual(deprecate.json?["_meta"]?["io.modelcontextprotocol.registry/official"]?["statusMessage"], "use 1.1.0")
            let again = try await registry.send(.patch, "/v0.1/servers/\(name)/versions/1.0.0/status", body: Data(#"{"status":"deprecated","statusMessage":"use 1.1.0"}"#.utf8), token: admin)
            XCTAssertEqual(again.status, .badRequest)
            XCTAssertEqual(again.error, "No changes to apply: status is already deprecated")
            let badStatus = try await registry.send(.patch, "/v0.1/servers/\(name)/status", body: Data(#"{"status":"gone"}"#.utf8), token: admin)
            XCTAssertEqual(badStatus.status, .badRequest)

            let deleteAll = try await registry.send(.patch, "/v0.1/servers/\(name)/status", body: Data(#"{"status":"deleted","statusMessage":"withdrawn"}"#.utf8), token: admin)
            XCTAssertEqual(deleteAll.json?["updatedCount"], 2, deleteAll.body)
            let visibleCount = try await registry.get("/v0.1/servers").json?["servers"]?.arrayValue?.count
            XCTAssertEqual(visibleCount, 0)
            let withDeletedCount = try await registry.get("/v0.1/servers?include_deleted=true").json?["servers"]?.arrayValue?.count
            XCTAssertEqual(withDeletedCount, 2)
            let deletedStatus = try await registry.get("/v0.1/servers/\(name)/versions/1.1.0").status
            XCTAssertEqual(deletedStatus, .notFound)
            let deletedShownStatus = try await registry.get("/v0.1/servers/\(name)/versions/1.1.0?include_deleted=true").status
            XCTAssertEqual(deletedShownStatus, .ok)
            _ = try await registry.send(.patch, "/v0.1/servers/\(name)/status", body: Data(#"{"status":"active"}"#.utf8), token: admin)

            var edited = try JSONDecoder().decode(JSONValue.self, from: RegistryFixtures.server("com.example/app", "1.1.0", description: "Edited"))
            let put = try await registry.send(.put, "/v0.1/servers/\(name)/versions/1.1.0", body: try JSONEncoder().encode(edited), token: admin)
            XCTAssertEqual(put.status, .ok, put.body)
            XCTAssertEqual(put.json?["server"]?["description"], "Edited")
            edited = try JSONDecoder().decode(JSONValue.self, from: RegistryFixtures.server("com.example/app", "9.9.9"))
            let mismatch = try await registry.send(.put, "/v0.1/servers/\(name)/versions/1.1.0", body: try JSONEncoder().encode(edited), token: admin)
            XCTAssertEqual(mismatch.status, .badRequest)

            let delete = try await registry.send(.delete, "/v0.1/servers/\(name)/versions/1.1.0", token: admin)
            XCTAssertEqual(delete.status, .ok, delete.body)
            let latest = try await registry.get("/v0.1/servers/\(name)/versions/latest")
            XCTAssertEqual(latest.json?["server"]?["version"], "1.0.0", "latest moves to the next version")
            let secondDeleteStatus = try await registry.send(.delete, "/v0.1/servers/\(name)/versions/1.1.0", token: admin).status
            XCTAssertEqual(secondDeleteStatus, .notFound)
        }
    }
}
