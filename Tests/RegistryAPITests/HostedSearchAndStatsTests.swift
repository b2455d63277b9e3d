import Foundation
import RegistryAPI
import RegistryCore
import XCTest

/// `/api/v1/servers/search` ranks with the same fuzzy search as `registry-find` and the web
/// page, and `/api/v1/stats` says what its counts are of; on SQLite and PostgreSQL.
final class HostedSearchAndStatsTests: XCTestCase {
    func testSearchIsTheFuzzySearch_sqlite() async throws { try await searchIsTheFuzzySearch(.sqlite) }
    func testSearchIsTheFuzzySearch_postgres() async throws { try await searchIsTheFuzzySearch(.postgres) }
    func testStatsSayWhatTheyCount_sqlite() async throws { try await statsSayWhatTheyCount(.sqlite) }
    func testStatsSayWhatTheyCount_postgres() async throws { try await statsSayWhatTheyCount(.postgres) }

    static func form(_ name: String, _ version: String, description: String, tags: String) throws -> PackageUploadForm {
        PackageUploadForm(package: try PackageFixture.tarball(HostedPackageTests.project), fileName: "package.tar.gz", fields: [
            ("name", name), ("version", version), ("description", description), ("tags", tags),
        ])
    }

    static func names(_ reply: LiveRegistry.Reply) -> [String] {
        reply.json?["servers"]?.arrayValue?.compactMap { $0["name"]?.stringValue } ?? []
    }

    func searchIsTheFuzzySearch(_ kind: StoreKind) async throws {
        try await HostedPackageTests.withRegistry(kind) { registry, _ in
            let team = try await registry.token("io.github.team/*")
            let other = try await registry.token("io.github.other/*")
            for (form, token) in [
                (try Self.form("io.github.team/weather", "1.0.0", description: "Forecasts for the team", tags: "forecast"), team),
                (try Self.form("io.github.other/weather", "2.0.0", description: "Another service", tags: "climate"), other),
                (try Self.form("io.github.team/notes", "1.0.0", description: "Keeps notes", tags: "text"), team),
            ] {
                let reply = try await HostedPackageTests.upload(registry, form, token: token)
                XCTAssertEqual(reply.status, .ok, reply.body)
            }
            // A server.json without a hosted package matches too, but is not a hosted package.
            let plain = try await registry.publish(RegistryFixtures.server("io.github.team/weather-station", "1.0.0"), token: team)
            XCTAssertEqual(plain.status, .ok, plain.body)

            // A typo no substring matches: both servers named weather, from both namespaces.
            let typo = try await registry.get("/api/v1/servers/search?q=wether")
            XCTAssertEqual(typo.status, .ok, typo.body)
            XCTAssertEqual(Set(Self.names(typo)), ["io.github.team/weather", "io.github.other/weather"], typo.body)
            // A tag, with a typo.
            let tag = try await registry.get("/api/v1/servers/search?q=forcast")
            XCTAssertEqual(Self.names(tag), ["io.github.team/weather"], tag.body)
            // Paging walks the same ranking.
            let first = try await registry.get("/api/v1/servers/search?q=wether&limit=1")
            let second = try await registry.get("/api/v1/servers/search?q=wether&limit=1&offset=1")
            XCTAssertEqual(Self.names(first).count, 1)
            XCTAssertEqual(Set(Self.names(first) + Self.names(second)), Set(Self.names(typo)))
            let none = try await registry.get("/api/v1/servers/search?q=zzqxv")
            XCTAssertEqual(Self.names(none), [], none.body)

            // The web page's search gives the same servers (the same catalog type).
            let catalog = ServerSearchCatalog(store: registry.store, sourceID: "team")
            let snapshot = try await catalog.current()
            let web = snapshot.search("wether", limit: 10).positions.map { snapshot.records[$0].name }
            XCTAssertEqual(Set(web), ["io.github.team/weather", "io.github.other/weather", "io.github.team/weather-station"])

            // A new version is found at once (the snapshot follows the store).
            let newer = try await HostedPackageTests.upload(registry, try Self.form("io.github.team/notes", "1.1.0", description: "Keeps notes", tags: "jotter"), token: team)
            XCTAssertEqual(newer.status, .ok, newer.body)
            let renamed = try await registry.get("/api/v1/servers/search?q=jotter")
            XCTAssertEqual(renamed.json?["servers"]?.arrayValue?.first?["version"]?.stringValue, "1.1.0", renamed.body)
        }
    }

    func statsSayWhatTheyCount(_ kind: StoreKind) async throws {
        try await HostedPackageTests.withRegistry(kind) { registry, _ in
            let token = try await registry.token("io.github.team/*")
            let name = "io.github.team/weather"
            for (version, downloads) in [("1.0.0", 3), ("1.1.0", 1)] {
                let reply = try await HostedPackageTests.upload(registry, try Self.form(name, version, description: "Weather", tags: ""), token: token)
                XCTAssertEqual(reply.status, .ok, reply.body)
                for _ in 0..<downloads {
                    let download = try await registry.bytes("/api/v1/servers/\(name)/\(version)/download")
                    XCTAssertEqual(download.status, .ok)
                }
            }
            let stats = try await registry.get("/api/v1/stats")
            let top = try XCTUnwrap(stats.json?["most_downloaded"]?.arrayValue?.first, stats.body)
            XCTAssertEqual(top["name"]?.stringValue, name)
            XCTAssertEqual(top["latest_version"]?.stringValue, "1.1.0")
            XCTAssertEqual(top["total_downloads"], .number(4), "every version's downloads, summed")
            XCTAssertNil(top["version"], "no field that reads as the downloaded version")
            XCTAssertEqual(stats.json?["total_downloads"], .number(4))
            // Per version where a version is named.
            let list = try await registry.get("/api/v1/servers")
            let item = try XCTUnwrap(list.json?["servers"]?.arrayValue?.first, list.body)
            XCTAssertEqual(item["version"]?.stringValue, "1.1.0")
            XCTAssertEqual(item["downloads"], .number(1), "the listed version's own downloads")
            let server = try await registry.get("/api/v1/servers/\(name)")
            XCTAssertEqual(server.json?["downloads"]?["byVersion"]?["1.0.0"], .number(3), server.body)
            XCTAssertEqual(server.json?["downloads"]?["byVersion"]?["1.1.0"], .number(1))
        }
    }
}
