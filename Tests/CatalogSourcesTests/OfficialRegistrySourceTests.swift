import Foundation
import RegistryCore
import TestSupport
import XCTest
@testable import CatalogSources

final class OfficialRegistrySourceTests: XCTestCase {
    private var server: LoopbackHTTPServer!
    private var fetcher: HTTPFetcher!

    override func setUpWithError() throws {
        server = try LoopbackHTTPServer()
        fetcher = HTTPFetcher(configuration: HTTPFetcher.Configuration(
            minimumInterval: 0, requestTimeout: 5, deadline: 5, maxAttempts: 3, backoffBase: 0.05, maxRetryDelay: 1.5
        ))
    }

    override func tearDown() {
        fetcher.shutdown()
        server.stop()
    }

    private func source(id: String = "official") -> OfficialRegistrySource {
        OfficialRegistrySource(id: id, baseURL: server.baseURL, fetcher: fetcher)
    }

    /// One API list item, as the registry serves it.
    private func item(_ name: String, description: String = "A server", status: String = "active", npm: String? = nil) -> String {
        let package = npm.map {
            #", "packages": [{"registryType": "npm", "identifier": "\#($0)", "version": "1.2.0", "transport": {"type": "stdio"}, "environmentVariables": [{"name": "WEATHER_API_KEY", "isSecret": true, "isRequired": true}]}]"#
        } ?? ""
        return #"""
        {"server": {"name": "\#(name)", "description": "\#(description)", "version": "1.2.0", "repository": {"url": "https://github.com/example/\#(name.split(separator: "/").last!)", "source": "github"}\#(package)},
         "_meta": {"io.modelcontextprotocol.registry/official": {"status": "\#(status)", "isLatest": true, "updatedAt": "2026-11-01T00:00:00Z"}}}
        """#
    }

    private func page(_ items: [String], cursor: String? = nil, snakeCase: Bool = false) -> String {
        let key = snakeCase ? "next_cursor" : "nextCursor"
        let metadata = cursor.map { #"{"\#(key)": "\#($0)", "count": 2}"# } ?? #"{"count": 2}"#
        return #"{"servers": [\#(items.joined(separator: ","))], "metadata": \#(metadata)}"#
    }

    private func threePages(prefix: String = "/v0.1") -> [String: [LoopbackHTTPServer.Response]] {
        [
            "\(prefix)/servers?limit=100": [.json(page([
                item("io.github.acme/weather", description: "Weather forecasts", npm: "@acme/weather"),
                item("io.github.acme/notes", description: "Notes"),
            ], cursor: "c2"))],
            "\(prefix)/servers?limit=100&cursor=c2": [.json(page([
                item("io.github.old/legacy", description: "Old but kept", status: "deprecated"),
                item("io.github.gone/removed", status: "deleted"),
            ], cursor: "c3", snakeCase: true))],
            "\(prefix)/servers?limit=100&cursor=c3": [.json(page([
                item("com.example/maps", description: "Maps"),
                #"{"server": {"description": "an item without a name"}}"#,
            ]))],
        ]
    }

    func testFullSyncFollowsCursorsThenIncrementalUpdatesAndDeletes() async throws {
        try server.setRoutes(threePages())
        let first = try await source().load(previous: nil)

        XCTAssertEqual(first.entries.map(\.id), [
            "official/io.github.acme/weather", "official/io.github.acme/notes", "official/io.github.old/legacy", "official/com.example/maps",
        ])
        let weather = try XCTUnwrap(first.entries.first)
        XCTAssertEqual(weather.summary, "Weather forecasts")
        guard case .package(let package) = weather.launch else { return XCTFail("npm package expected: \(weather.launch)") }
        XCTAssertEqual(package.identifier, "@acme/weather")
        XCTAssertEqual(weather.configuration.secrets.map(\.env), ["WEATHER_API_KEY"])
        XCTAssertTrue(first.entries[2].flags.deprecated, "deprecated servers are kept and marked")
        XCTAssertFalse(first.entries[0].flags.deprecated)
        XCTAssertEqual(first.problems.count, 1, "the item without a name is a problem, the rest load")
        XCTAssertEqual(first.counters["pages_fetched"], 3)
        XCTAssertEqual(first.counters["incremental"], 0)
        let revision = try XCTUnwrap(first.revision)
        XCTAssertNotNil(OfficialRegistrySource.parseDate(revision))

        let requests = server.requests(to: "/v0.1/servers")
        XCTAssertEqual(requests.map { $0.query["cursor"] }, [nil, "c2", "c3"])
        XCTAssertTrue(requests.allSatisfy { $0.query["limit"] == "100" && $0.query["version"] == nil && $0.query["updated_since"] == nil })

        // Incremental: one server updated, one deleted.
        var routes = threePages()
        routes["/v0.1/servers?limit=100&updated_since=*"] = [.json(page([
            item("io.github.acme/weather", description: "Weather forecasts and alerts", npm: "@acme/weather"),
            item("io.github.acme/notes", status: "deleted"),
        ]))]
        try server.setRoutes(routes)
        let second = try await source().load(previous: first)

        XCTAssertEqual(second.entries.map(\.id), ["official/io.github.acme/weather", "official/io.github.old/legacy", "official/com.example/maps"])
        XCTAssertEqual(second.entries.first?.summary, "Weather forecasts and alerts")
        XCTAssertTrue(second.entries[1].flags.deprecated)
        XCTAssertEqual(second.counters["incremental"], 1)
        XCTAssertEqual(second.counters["servers_updated"], 1)
        XCTAssertEqual(second.counters["servers_deleted"], 1)
        XCTAssertNotNil(second.revision)
        let incremental = try XCTUnwrap(server.requests(to: "/v0.1/servers").last)
        XCTAssertEqual(incremental.query["updated_since"], revision)
    }

    /// One published version of a server, as the API lists it (every version is its own item).
    private func version(_ name: String, _ version: String, image: String, isLatest: Bool?, publishedAt: String, status: String = "active") -> String {
        let latest = isLatest.map { #", "isLatest": \#($0)"# } ?? ""
        return #"""
        {"server": {"name": "\#(name)", "description": "Release \#(version)", "version": "\#(version)",
                    "packages": [{"registryType": "oci", "identifier": "\#(image)", "version": "\#(version)", "transport": {"type": "stdio"}}]},
         "_meta": {"io.modelcontextprotocol.registry/official": {"status": "\#(status)", "publishedAt": "\#(publishedAt)"\#(latest)}}}
        """#
    }

    func testVersionsOfOneServerFoldIntoOneEntryLatestFirst() async throws {
        // Versions arrive out of order and across pages; the registry marks 1.10.0 latest.
        try server.setRoutes([
            "/v0.1/servers?limit=100": [.json(page([
                version("io.github.acme/db", "1.9.0", image: "ghcr.io/acme/db", isLatest: false, publishedAt: "2026-01-01T00:00:00Z"),
                version("io.github.acme/db", "1.10.0", image: "ghcr.io/acme/db", isLatest: true, publishedAt: "2026-02-01T00:00:00Z"),
                // No isLatest at all: semver, then publish time order these.
                version("com.example/semver", "2.0.0", image: "docker.io/example/semver", isLatest: nil, publishedAt: "2026-01-01T00:00:00Z"),
            ], cursor: "c2"))],
            "/v0.1/servers?limit=100&cursor=c2": [.json(page([
                version("io.github.acme/db", "1.2.0", image: "ghcr.io/acme/db", isLatest: false, publishedAt: "2025-06-01T00:00:00Z"),
                version("com.example/semver", "2.0.0-rc.1", image: "docker.io/example/semver", isLatest: nil, publishedAt: "2026-03-01T00:00:00Z"),
                version("com.example/semver", "10.0.0", image: "docker.io/example/semver", isLatest: nil, publishedAt: "2025-01-01T00:00:00Z"),
                version("io.github.acme/db", "1.0.0", image: "ghcr.io/acme/db", isLatest: false, publishedAt: "2025-01-01T00:00:00Z", status: "deleted"),
            ]))],
        ])
        let first = try await source().load(previous: nil)
        XCTAssertEqual(first.entries.map(\.id), ["official/io.github.acme/db", "official/com.example/semver"], "one entry per server name")
        XCTAssertTrue(first.problems.isEmpty, "\(first.problems)")
        let db = first.entries[0]
        XCTAssertEqual(db.release?.version, "1.10.0")
        XCTAssertEqual(db.release?.otherVersions, ["1.9.0", "1.2.0"], "a deleted version is not listed")
        XCTAssertEqual(db.summary, "Release 1.10.0", "the entry is the latest version's document")
        guard case .container(let container) = db.launch else { return XCTFail("oci expected: \(db.launch)") }
        XCTAssertEqual(container.image, "ghcr.io/acme/db:1.10.0")
        let semver = first.entries[1]
        XCTAssertEqual(semver.release?.version, "10.0.0", "semver precedence, not publish time or text order")
        XCTAssertEqual(semver.release?.otherVersions, ["2.0.0", "2.0.0-rc.1"])
        XCTAssertEqual(first.counters["versions_folded"], 4)

        // Incremental: a new version becomes the entry; the deleted latest one takes its entry away.
        var routes: [String: [LoopbackHTTPServer.Response]] = [:]
        routes["/v0.1/servers?limit=100&updated_since=*"] = [.json(page([
            version("io.github.acme/db", "1.10.0", image: "ghcr.io/acme/db", isLatest: false, publishedAt: "2026-02-01T00:00:00Z"),
            version("io.github.acme/db", "1.11.0", image: "ghcr.io/acme/db", isLatest: true, publishedAt: "2026-04-01T00:00:00Z"),
            version("io.github.acme/db", "1.9.0", image: "ghcr.io/acme/db", isLatest: false, publishedAt: "2026-01-01T00:00:00Z", status: "deleted"),
            version("com.example/semver", "10.0.0", image: "docker.io/example/semver", isLatest: nil, publishedAt: "2025-01-01T00:00:00Z", status: "deleted"),
        ]))]
        try server.setRoutes(routes)
        let second = try await source().load(previous: first)
        XCTAssertEqual(second.entries.map(\.id), ["official/io.github.acme/db"])
        XCTAssertEqual(second.entries[0].release?.version, "1.11.0")
        XCTAssertEqual(second.entries[0].release?.otherVersions, ["1.10.0", "1.2.0"])
        XCTAssertEqual(second.entries[0].summary, "Release 1.11.0")
    }

    func testFallsBackToV0WhenV01IsMissing() async throws {
        try server.setRoutes(threePages(prefix: "/v0"))
        let snapshot = try await source(id: "company").load(previous: nil)
        XCTAssertEqual(snapshot.entries.count, 4)
        XCTAssertTrue(snapshot.entries.allSatisfy { $0.id.hasPrefix("company/") })
        XCTAssertEqual(server.requests(to: "/v0.1/servers").count, 1)
        XCTAssertEqual(server.requests(to: "/v0/servers").count, 3)
        XCTAssertTrue(snapshot.entries[0].provenance.first?.location?.hasPrefix(server.url("/v0/servers/").absoluteString) ?? false)
    }

    func testMalformedPageKeepsWhatLoadedAndDoesNotAdvanceRevision() async throws {
        var routes = threePages()
        routes["/v0.1/servers?limit=100&cursor=c2"] = [.json(#"{"servers": [ {"server": "#)]
        try server.setRoutes(routes)
        let snapshot = try await source().load(previous: nil)
        XCTAssertEqual(snapshot.entries.map(\.name), ["weather", "notes"])
        XCTAssertEqual(snapshot.problems.count, 1)
        XCTAssertTrue(snapshot.problems[0].location.contains("cursor=c2"), snapshot.problems[0].location)
        XCTAssertTrue(snapshot.problems[0].message.contains("malformed page"), snapshot.problems[0].message)
        XCTAssertNil(snapshot.revision, "a sync cut short must be repeated")
    }

    func testMalformedPageDuringResyncKeepsPreviousEntries() async throws {
        try server.setRoutes(threePages())
        let good = try await source().load(previous: nil)
        var routes = threePages()
        routes["/v0.1/servers?limit=100&updated_since=*"] = [.json("not json at all")]
        try server.setRoutes(routes)
        let snapshot = try await source().load(previous: good)
        XCTAssertEqual(snapshot.entries.map(\.id), good.entries.map(\.id))
        XCTAssertEqual(snapshot.revision, good.revision)
        XCTAssertEqual(snapshot.problems.count, 1)
    }

    func testRetriesAfter429() async throws {
        var routes = threePages()
        routes["/v0.1/servers?limit=100"] = [
            LoopbackHTTPServer.Response(status: 429, headers: ["Retry-After": "1"], body: "rate limited"),
        ] + routes["/v0.1/servers?limit=100"]!
        try server.setRoutes(routes)
        let snapshot = try await source().load(previous: nil)
        XCTAssertEqual(snapshot.entries.count, 4)
        XCTAssertEqual(server.requests(to: "/v0.1/servers").count, 4)
    }

    func testUnreachableRegistryThrows() async throws {
        try server.setRoutes(["/v0.1/servers": [LoopbackHTTPServer.Response(status: 500, body: "down")]])
        do {
            _ = try await source().load(previous: nil)
            XCTFail("a registry that only fails must make the load fail (the catalog keeps its last good copy)")
        } catch let error as HTTPFetchError {
            XCTAssertEqual(error, .unexpectedStatus(url: source().pageURL(apiVersion: "v0.1", since: nil, cursor: nil).absoluteString, status: 500))
        }
    }
}

final class HTTPSourceFactoryTests: XCTestCase {
    func testDefaultsAndAddedHTTPSourcesAreBuilt() throws {
        let folder = try TemporaryDirectory(prefix: "http-factory").url
        defer { try? FileManager.default.removeItem(at: folder) }
        let paths = RegistryPathsFixture.paths(root: folder)
        var settings = RegistrySettings()
        try settings.addSource(url: "https://registry.internal.example/", format: "official", name: "company")
        try settings.setSourceEnabled(id: "docker", false)
        try settings.setSourceEnabled(id: "awesome", false)
        let built = SourceFactory.sources(for: settings, paths: paths)
        XCTAssertTrue(built.failures.isEmpty, "\(built.failures)")
        XCTAssertEqual(built.sources.map(\.id), ["official", "mcpservers", "company"])
        XCTAssertEqual(built.sources.map(\.kind), ["official", "mcpservers", "official"])

        let official = try XCTUnwrap(built.sources[0] as? OfficialRegistrySource)
        XCTAssertEqual(official.baseURL, OfficialRegistrySource.defaultBaseURL)
        let site = try XCTUnwrap(built.sources[1] as? MCPServersOrgSource)
        XCTAssertEqual(site.baseURL, MCPServersOrgSource.defaultBaseURL)
        XCTAssertEqual(site.stateFile, paths.cacheDirectory.appendingPathComponent("mcpservers/mcpservers.json"))
        let company = try XCTUnwrap(built.sources[2] as? OfficialRegistrySource)
        XCTAssertEqual(company.location, "https://registry.internal.example/")
        XCTAssertTrue(official.fetcher === company.fetcher, "HTTP sources share one fetcher (one cache, one throttle per host)")
        XCTAssertEqual(official.fetcher.cache?.directory.path, paths.cacheDirectory.appendingPathComponent("http").path)
        XCTAssertEqual(
            company.pageURL(apiVersion: "v0.1", since: nil, cursor: nil).absoluteString,
            "https://registry.internal.example/v0.1/servers?limit=100"
        )

        XCTAssertThrowsError(try SourceFactory.source(for: SourceSetting(id: "x", format: "official", url: "ftp://x"), paths: paths))
    }
}
