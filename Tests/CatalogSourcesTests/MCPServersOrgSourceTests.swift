import Foundation
import RegistryCore
import TestSupport
import XCTest
@testable import CatalogSources

final class MCPServersOrgSourceTests: XCTestCase {
    private var server: LoopbackHTTPServer!
    private var fetcher: HTTPFetcher!
    private var dataDirectory: URL!

    override func setUpWithError() throws {
        server = try LoopbackHTTPServer()
        dataDirectory = try TemporaryDirectory(prefix: "mcpservers").url
        fetcher = makeFetcher()
    }

    override func tearDown() {
        fetcher.shutdown()
        server.stop()
        try? FileManager.default.removeItem(at: dataDirectory)
    }

    private var paths: RegistryPaths { RegistryPathsFixture.paths(root: dataDirectory) }

    /// The default 5 MB cap; a 1 s deadline so the page that never ends fails fast.
    private func makeFetcher() -> HTTPFetcher {
        HTTPFetcher(paths: paths, configuration: HTTPFetcher.Configuration(
            minimumInterval: 0, requestTimeout: 5, deadline: 1, maxAttempts: 2, backoffBase: 0.05, maxRetryDelay: 1
        ))
    }

    private func source(budget: Int = 1_000, freshness: TimeInterval = 3600) -> MCPServersOrgSource {
        MCPServersOrgSource(
            baseURL: server.baseURL, fetcher: fetcher, stateFile: MCPServersOrgSource.stateFile(paths: paths, id: "mcpservers"),
            pageBudget: budget, detailFreshness: freshness
        )
    }

    private func entry(_ snapshot: SourceSnapshot, _ id: String) throws -> CatalogEntry {
        try XCTUnwrap(snapshot.entries.first { $0.id == id }, "no \(id) in \(snapshot.entries.map(\.id))")
    }

    func testCrawlsListingsAndParsesEveryShape() async throws {
        try MCPServersOrgSite.install(on: server)
        let snapshot = try await source().load(previous: nil)

        XCTAssertEqual(snapshot.entries.map(\.id), [
            "mcpservers/acme/github-tools", "mcpservers/jane/weather", "mcpservers/bob/pyserver", "mcpservers/corp/remote",
            "mcpservers/dan/docker-json", "mcpservers/eve/no-main", "mcpservers/fay/sponsored", "mcpservers/gil/plain",
            "mcpservers/hal/broken-markup", "mcpservers/lee/category-only", "mcpservers/mia/sitemap-only",
        ], "listing order: /all pages, then categories, then the sitemap; the page without h1, the huge and the slow page give no entry")

        XCTAssertEqual(snapshot.counters["pages_skipped_no_h1"], 1)
        XCTAssertEqual(snapshot.counters["pages_too_large"], 1)
        XCTAssertEqual(snapshot.counters["pages_timed_out"], 1)
        XCTAssertEqual(snapshot.counters["pages_failed"], 2, "too large and timed out are failures too")
        XCTAssertEqual(snapshot.counters["pages_fetched"], 11)
        XCTAssertEqual(snapshot.counters["listing_pages_fetched"], 5, "/all, ?page=2, ?page=3 and two categories")
        XCTAssertEqual(snapshot.counters["sitemaps_read"], 1)
        XCTAssertEqual(Set(snapshot.problems.map(\.location)), [
            server.url(MCPServersOrgSite.hugePath).absoluteString, server.url(MCPServersOrgSite.slowPath).absoluteString,
        ])
        XCTAssertTrue(server.requests(to: "/servers/footer/should-not-count").isEmpty, "links in the footer are not servers")

        let github = try entry(snapshot, "mcpservers/acme/github-tools")
        XCTAssertEqual(github.title, "GitHub Tools")
        XCTAssertEqual(github.name, "github-tools")
        XCTAssertEqual(github.summary, "Manage GitHub issues & pull requests from your assistant.")
        XCTAssertEqual(github.repositoryURL, "https://github.com/acme/github-tools", "the link in main, not the site's header or footer")
        XCTAssertEqual(github.categories, ["developer-tools"])
        XCTAssertTrue(github.flags.official)
        XCTAssertFalse(github.flags.featured)
        guard case .container(let container) = github.launch else { return XCTFail("docker run → container: \(github.launch)") }
        XCTAssertEqual(container.image, "ghcr.io/acme/github-tools:1.4")
        XCTAssertEqual(container.command, ["stdio"])
        XCTAssertEqual(container.env, ["LOG_LEVEL": "info"], "secrets never become fixed env values")
        XCTAssertEqual(github.configuration.secrets.map(\.env), ["GITHUB_TOKEN"])
        XCTAssertEqual(github.configuration.secrets.first?.name, "github-tools.github_token")
        XCTAssertEqual(github.configuration.env.map(\.name), ["LOG_LEVEL"])
        XCTAssertTrue(github.requiresCredentials)
        XCTAssertEqual(github.provenance, [Provenance(sourceID: "mcpservers", upstreamID: "acme/github-tools", location: server.url("/servers/acme/github-tools").absoluteString)])

        let weather = try entry(snapshot, "mcpservers/jane/weather")
        XCTAssertEqual(weather.title, "Weather Forecasts")
        XCTAssertEqual(weather.repositoryURL, "https://github.com/jane/weather-mcp/tree/main/server")
        guard case .package(let npm) = weather.launch else { return XCTFail("npx → npm package: \(weather.launch)") }
        XCTAssertEqual(npm.registryType, "npm")
        XCTAssertEqual(npm.identifier, "@jane/weather-mcp")
        XCTAssertEqual(npm.version, "1.2.0")
        XCTAssertEqual(npm.runtimeHint, "npx")
        XCTAssertEqual(npm.packageArguments, ["--units", "metric"])
        XCTAssertEqual(weather.configuration.secrets.map(\.env), ["WEATHER_API_KEY"])
        XCTAssertEqual(weather.configuration.env.map(\.name), ["WEATHER_REGION"])
        XCTAssertEqual(weather.configuration.env.first?.value, "eu")

        let python = try entry(snapshot, "mcpservers/bob/pyserver")
        guard case .package(let pypi) = python.launch else { return XCTFail("uvx → pypi package: \(python.launch)") }
        XCTAssertEqual(pypi.registryType, "pypi")
        XCTAssertEqual(pypi.identifier, "pyserver-mcp")
        XCTAssertEqual(pypi.version, "0.3.1")
        XCTAssertEqual(pypi.packageArguments, ["--readonly"])
        XCTAssertEqual(python.configuration.secrets.map(\.env), ["DB_PASSWORD"])
        XCTAssertEqual(python.categories, ["databases"], "the category link on the page")

        let remote = try entry(snapshot, "mcpservers/corp/remote")
        XCTAssertEqual(remote.launch, .remote(RemoteLaunch(url: "https://mcp.corp.example/sse", transport: "sse")))
        XCTAssertTrue(remote.flags.featured, "a sponsor badge")

        let docker = try entry(snapshot, "mcpservers/dan/docker-json")
        guard case .container(let danContainer) = docker.launch else { return XCTFail("docker in mcpServers JSON: \(docker.launch)") }
        XCTAssertEqual(danContainer.image, "dan/mcp-server:latest")
        XCTAssertEqual(docker.configuration.secrets.map(\.env), ["DAN_API_TOKEN"])

        let eve = try entry(snapshot, "mcpservers/eve/no-main")
        XCTAssertEqual(eve.title, "Eve Without Main", "the site's h1 in the header is not the name")
        XCTAssertEqual(eve.summary, "No main element on this page.")
        XCTAssertEqual(eve.repositoryURL, "https://github.com/eve/no-main-server")

        let fay = try entry(snapshot, "mcpservers/fay/sponsored")
        XCTAssertTrue(fay.flags.featured)
        XCTAssertEqual(fay.summary, "Fay does things.")
        guard case .package(let fayPackage) = fay.launch else { return XCTFail("inline npx: \(fay.launch)") }
        XCTAssertEqual(fayPackage.identifier, "@fay/mcp")
        XCTAssertNil(fayPackage.version)

        let plain = try entry(snapshot, "mcpservers/gil/plain")
        XCTAssertEqual(plain.launch, .unknown)
        XCTAssertNil(plain.repositoryURL, "the site's own GitHub link in header and footer is not the server's")
        XCTAssertFalse(plain.flags.official)

        let broken = try entry(snapshot, "mcpservers/hal/broken-markup")
        XCTAssertEqual(broken.title, "Broken Markup")
        XCTAssertEqual(broken.repositoryURL, "https://github.com/hal/broken")
        guard case .package(let brokenPackage) = broken.launch else { return XCTFail("npx in a broken page: \(broken.launch)") }
        XCTAssertEqual(brokenPackage.identifier, "broken-mcp")

        let lee = try entry(snapshot, "mcpservers/lee/category-only")
        XCTAssertEqual(lee.categories, ["databases"], "the category listing it was found in")
    }

    func testPageBudgetResumesOnTheNextRefresh() async throws {
        try MCPServersOrgSite.install(on: server, sitemap: false)
        let first = try await source(budget: 4).load(previous: nil)
        XCTAssertEqual(first.entries.map(\.name), ["github-tools", "weather", "pyserver", "remote"], "most recently listed first")
        XCTAssertEqual(first.counters["pages_fetched"], 4)
        XCTAssertEqual(first.counters["pages_pending"], 9)

        let second = try await source(budget: 4).load(previous: first)
        XCTAssertEqual(second.counters["pages_from_cache"], 4, "pages fetched last time are not fetched again")
        XCTAssertEqual(second.counters["pages_fetched"], 4)
        XCTAssertEqual(second.counters["pages_pending"], 5)
        XCTAssertEqual(second.entries.count, 8)
        XCTAssertEqual(server.requests(to: "/servers/acme/github-tools").count, 1)
        XCTAssertEqual(server.requests(to: "/servers/fay/sponsored").count, 1)

        // The state file remembers the known pages even when the listings are gone.
        try server.setRoutes([:])
        let offline = try await source(budget: 0).load(previous: second)
        XCTAssertEqual(offline.entries.map(\.id), second.entries.map(\.id), "offline: the last good copies")
        XCTAssertEqual(offline.counters["listing_pages_failed"], 1)
    }

    func testStalePagesAreRevalidatedWith304() async throws {
        try MCPServersOrgSite.install(on: server, sitemap: false)
        let first = try await source(freshness: 0).load(previous: nil)
        let second = try await source(freshness: 0).load(previous: first)
        XCTAssertEqual(second.entries.map(\.id), first.entries.map(\.id))
        XCTAssertEqual(second.counters["pages_not_modified"], 10, "every parsed page answered 304")
        XCTAssertEqual(second.counters["pages_fetched"], 0)
        XCTAssertEqual(second.counters["listing_pages_not_modified"], 5)
        let revalidation = try XCTUnwrap(server.requests(to: "/servers/gil/plain").last)
        XCTAssertNotNil(revalidation.headers["if-none-match"])
    }

    func testRemovedPageIsDropped() async throws {
        try MCPServersOrgSite.install(on: server, sitemap: false)
        let first = try await source(freshness: 0).load(previous: nil)
        XCTAssertTrue(first.entries.contains { $0.id == "mcpservers/gil/plain" })
        // The site drops the page: 404 for it (the default route), listings unchanged.
        let routesFile = server.root.appendingPathComponent("routes.json")
        var routes = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: routesFile)) as? [String: Any])
        routes["/servers/gil/plain"] = nil
        try JSONSerialization.data(withJSONObject: routes).write(to: routesFile)
        let second = try await source(freshness: 0).load(previous: first)
        XCTAssertFalse(second.entries.contains { $0.id == "mcpservers/gil/plain" })
        XCTAssertEqual(second.counters["pages_gone"], 1)
    }

    func testUnreachableSiteWithNothingKnownThrows() async throws {
        let port = server.port
        server.stop()
        let source = MCPServersOrgSource(baseURL: URL(string: "http://127.0.0.1:\(port)")!, fetcher: fetcher)
        do {
            _ = try await source.load(previous: nil)
            XCTFail("nothing to show and nothing reachable must be an error")
        } catch {
            XCTAssertTrue(error is HTTPFetchError, "\(error)")
        }
    }
}

final class MCPServersOrgPageTests: XCTestCase {
    func testPageWithoutHeadingIsRejected() {
        let html = MCPServersOrgSite.page("<main><h2>Nothing</h2><p>text</p></main>")
        XCTAssertThrowsError(try MCPServersOrgPage.parse(html: Data(html.utf8))) { error in
            XCTAssertEqual(error as? MCPServersOrgPage.ParseError, .noHeading)
        }
    }

    func testSnippetsOfEachKind() {
        let docker = InstallSnippet.parse("$ docker run --rm -i -v /data:/data --env=API_KEY -e MODE=fast --network none mcp/fetch:1 --flag")
        XCTAssertEqual(docker.launches, [.container(ContainerLaunch(image: "mcp/fetch:1", command: ["--flag"], volumes: ["/data:/data"], env: ["MODE": "fast"], disableNetwork: true))])
        XCTAssertEqual(docker.variables.map(\.name), ["API_KEY", "MODE"])

        let npx = InstallSnippet.parse("GITHUB_PERSONAL_ACCESS_TOKEN=xxx npx -y @modelcontextprotocol/server-github")
        XCTAssertEqual(npx.launches, [.package(PackageLaunch(registryType: "npm", identifier: "@modelcontextprotocol/server-github", runtimeHint: "npx"))])
        XCTAssertEqual(npx.variables.first?.name, "GITHUB_PERSONAL_ACCESS_TOKEN")
        XCTAssertNil(npx.variables.first?.value, "a placeholder is no value")

        let uvx = InstallSnippet.parse("uvx --from 'mcp-server-git>=0.6' mcp-server-git --repository .")
        guard case .package(let package)? = uvx.launches.first else { return XCTFail("\(uvx.launches)") }
        XCTAssertEqual(package.registryType, "pypi")
        XCTAssertEqual(package.identifier, "mcp-server-git>=0.6")

        let json = InstallSnippet.parse(#"{"servers": {"x": {"type": "http", "url": "https://x.example/mcp"}}}"#)
        XCTAssertEqual(json.launches, [.remote(RemoteLaunch(url: "https://x.example/mcp", transport: "streamable-http"))])

        XCTAssertTrue(InstallSnippet.parse("npx -y <package-name>").launches.isEmpty, "placeholders give no launch")
        XCTAssertTrue(InstallSnippet.parse("pip install foo").launches.isEmpty)
    }

    func testCredentialNames() {
        for name in ["GITHUB_TOKEN", "OPENAI_API_KEY", "CLIENT_SECRET", "DB_PASSWORD", "AWS_SECRET_KEY"] {
            XCTAssertTrue(CredentialName.looksSecret(name), name)
        }
        for name in ["LOG_LEVEL", "REGION", "TOKEN_LIMIT", "API_URL"] {
            XCTAssertFalse(CredentialName.looksSecret(name), name)
        }
    }
}

final class HTMLDocumentTests: XCTestCase {
    func testXPathTextAttributesAndRelativeQueries() throws {
        let document = try HTMLDocument(html: """
        <html><body><main><div id="a" class="card big"><h2>One &amp; two</h2><a href="/x?y=1&amp;z=2">link</a></div>
        <div id="b" class="card"><h2>Three</h2></div></main></body></html>
        """)
        let cards = document.select("//div[contains(@class,'card')]")
        XCTAssertEqual(cards.map { $0.attribute("id") }, ["a", "b"])
        XCTAssertEqual(cards[0].classes, ["card", "big"])
        XCTAssertEqual(cards[0].first(".//h2")?.text, "One & two")
        XCTAssertEqual(cards[0].first(".//a")?.attribute("href"), "/x?y=1&z=2")
        XCTAssertEqual(cards[1].select(".//a").count, 0, "relative queries stay inside their node")
        XCTAssertNil(cards[1].attribute("missing"))
        XCTAssertEqual(cards[0].parent?.name, "main")
        XCTAssertEqual(cards[0].children.map(\.name), ["h2", "a"])
        XCTAssertTrue(document.select("//*[").isEmpty, "an invalid expression gives nothing")
    }

    func testRecoversFromBrokenMarkupAndParsesXML() throws {
        let broken = try HTMLDocument(html: "<div><p>unclosed <b>bold <i>both</div><p>next")
        XCTAssertEqual(broken.select("//p").count, 2)
        let xml = try HTMLDocument(xml: Data(#"<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc> https://a.example/x </loc></url></urlset>"#.utf8))
        XCTAssertEqual(xml.first("//*[local-name()='loc']")?.normalizedText, "https://a.example/x")
        XCTAssertThrowsError(try HTMLDocument(html: Data()))
    }

    func testInvalidUTF8DoesNotLoseTheRestOfThePage() throws {
        var bytes = Array("<html><body><main><p>caf".utf8)
        bytes += [0xE9, 0xFF]
        bytes += Array("</p><h1>Still here</h1><p>After the bad bytes.</p></main></body></html>".utf8)
        let page = try MCPServersOrgPage.parse(html: Data(bytes))
        XCTAssertEqual(page.title, "Still here")
        XCTAssertEqual(page.description, "After the bad bytes.")
    }

    func testNodesKeepTheirDocumentAlive() throws {
        var node: HTMLNode?
        do {
            let document = try HTMLDocument(html: "<p class='x'>kept</p>")
            node = document.first("//p")
        }
        XCTAssertEqual(node?.text, "kept")
        XCTAssertEqual(node?.attribute("class"), "x")
    }
}
