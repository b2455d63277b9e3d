import Foundation
import RegistryAPI
import RegistryCore
import XCTest

/// The web page over a real service and store (SQLite and PostgreSQL): its search lists
/// every matching server, also two of one short name from two namespaces, and a server's
/// page labels each download count (this version's, each version's, all versions').
final class WebPageSearchAndCountsTests: XCTestCase {
    func testSearchShowsServersOfOneNameFromTwoNamespaces_sqlite() async throws { try await searchShowsBothNamespaces(.sqlite) }
    func testSearchShowsServersOfOneNameFromTwoNamespaces_postgres() async throws { try await searchShowsBothNamespaces(.postgres) }
    func testDownloadCountsSayWhatTheyCount_sqlite() async throws { try await downloadCountsSayWhatTheyCount(.sqlite) }
    func testDownloadCountsSayWhatTheyCount_postgres() async throws { try await downloadCountsSayWhatTheyCount(.postgres) }

    func searchShowsBothNamespaces(_ kind: StoreKind) async throws {
        try await WebRegistry.run(kind) { registry in
            let token = try await registry.token("*", .admin)
            for name in ["io.github.user/weather", "io.github.example/weather"] {
                let reply = try await registry.publish(RegistryFixtures.server(name, "1.0.0", description: "Weather forecasts"), token: token)
                XCTAssertEqual(reply.status, .ok, reply.body)
            }
            let page = try await registry.get("/search?q=weather")
            XCTAssertTrue(page.body.contains(#"href="/servers/io.github.user/weather""#), page.body)
            XCTAssertTrue(page.body.contains(#"href="/servers/io.github.example/weather""#), page.body)
            XCTAssertTrue(page.body.contains("2 servers match"), page.body)
        }
    }

    func downloadCountsSayWhatTheyCount(_ kind: StoreKind) async throws {
        try await WebRegistry.run(kind) { registry in
            let token = try await registry.token("com.example/*")
            let name = "com.example/weather"
            for version in ["1.0.0", "1.1.0"] {
                let reply = try await registry.publish(RegistryFixtures.server(name, version), token: token)
                XCTAssertEqual(reply.status, .ok, reply.body)
            }
            // The store's own counter, as a download through /api/v1 calls it.
            for version in ["1.0.0", "1.0.0", "1.0.0", "1.1.0"] {
                try await registry.store.recordDownload(name: name, version: version, day: "2026-11-29")
            }
            let latest = try await registry.get("/servers/com.example/weather")
            XCTAssertTrue(latest.body.contains(#"<span id="version-downloads" class="downloads">1 download of 1.1.0</span>"#), latest.body)
            XCTAssertTrue(latest.body.contains(#"<span id="downloads" class="downloads">4 downloads of all versions</span>"#), latest.body)
            XCTAssertTrue(latest.body.contains("<th>Downloads</th>"), "the versions table has a column of counts")
            XCTAssertTrue(latest.body.contains(#">1.0.0</a></td><td class="status active">active</td>"#), latest.body)
            XCTAssertTrue(latest.body.range(of: #">1\.0\.0</a></td>.*?<td class="downloads">3</td>"#, options: .regularExpression) != nil, latest.body)
            XCTAssertTrue(latest.body.contains(#"All versions</th><td id="downloads-total" class="downloads">4</td>"#), latest.body)
            let older = try await registry.get("/servers/com.example/weather?version=1.0.0")
            XCTAssertTrue(older.body.contains(#"<span id="version-downloads" class="downloads">3 downloads of 1.0.0</span>"#), older.body)
        }
    }
}
