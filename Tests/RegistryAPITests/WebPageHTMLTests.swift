import Foundation
import HTTPTypes
import RegistryAPI
import RegistryCore
import RegistryWeb
import XCTest

/// The web page's HTML over a real service and store (SQLite and PostgreSQL): hostile
/// publishers cannot put markup or script on it, every response carries the CSP, unknown
/// servers get a 404 page, and the page shows what the store holds.
final class WebPageHTMLTests: XCTestCase {
    static let hostileName = "io.github.evil/x-script"
    static let hostileDescription = #"<script>alert(1)</script>" onmouseover="alert(2)" '><img src=x onerror=alert(3)>"#
    static let hostileReadme = """
        # Title <script>alert('readme')</script>

        A [bad link](javascript:alert(4)) and [a good one](https://example.com/docs?a=1&b="2") and <img src=x onerror=alert(5)>.

        ```"><script>alert(6)</script>
        <b>code</b>
        ```

        - item with `<i>code</i>` and **bold <u>**
        - ![image](https://example.com/x.png" onerror="alert(7))
        """

    static func hostileDocument(version: String = "1.0.0") -> Data {
        let document: JSONValue = [
            "name": .string(hostileName),
            "title": "<b>Evil</b> \"title'",
            "description": .string(hostileDescription),
            "version": .string(version),
            "repository": ["url": "javascript:alert(8)", "source": "github"],
            "websiteUrl": "https://example.com/\"><script>alert(9)</script>",
            "packages": [["registryType": "oci", "identifier": "docker.io/library/busybox:1.36", "transport": ["type": "stdio"]]],
            "_meta": [ServerDocumentValidator.publisherMetaKey: ["readme": .string(hostileReadme)]],
        ]
        return try! JSONEncoder().encode(document)
    }

    func testHostilePublisherTextIsEscapedEverywhere() async throws {
        for kind in StoreKind.allCases {
            do {
                try await WebRegistry.run(kind) { registry in
                    let token = try await registry.token("io.github.evil/*")
                    let published = try await registry.publish(Self.hostileDocument(), token: token)
                    XCTAssertEqual(published.status, .ok, published.body)
                    for path in ["/", "/search?q=script", "/servers/io.github.evil/x-script", "/servers/io.github.evil%2Fx-script"] {
                        let page = try await registry.get(path)
                        XCTAssertEqual(page.status, .ok, "\(kind) \(path)")
                        Self.assertNoInjectedMarkup(page.body, "\(kind) \(path)")
                        XCTAssertTrue(page.body.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), "\(kind) \(path): the description is shown, escaped")
                    }
                    let server = try await registry.get("/servers/io.github.evil/x-script")
                    XCTAssertTrue(server.body.contains(#"<a href="https://example.com/docs?a=1&amp;b=&quot;2&quot;" rel="nofollow noopener noreferrer">a good one</a>"#), server.body)
                    XCTAssertFalse(server.body.contains("href=\"javascript"), "a javascript: link never becomes a link")
                    XCTAssertTrue(server.body.contains("bad link"), "the link's text stays")
                    XCTAssertTrue(server.body.contains("&lt;b&gt;code&lt;/b&gt;"), "code is escaped")
                    XCTAssertFalse(server.body.contains(">Repository<"), "a javascript: repository is not linked")
                }
            } catch is XCTSkip {
                print("\(kind): skipped (no PostgreSQL server configured)")
            }
        }
    }

    /// Fails when `html` holds markup a publisher could have injected.
    static func assertNoInjectedMarkup(_ html: String, _ context: String, file: StaticString = #filePath, line: UInt = #line) {
        for needle in ["<script>alert", "<img", "onerror=\"", "onmouseover=\"", "<b>Evil", "<u>", "<i>code", "javascript:alert(8)\"", "\"><script"] {
            XCTAssertFalse(html.contains(needle), "\(context): found \(needle)", file: file, line: line)
        }
        let scripts = html.components(separatedBy: "<script").count - 1
        XCTAssertEqual(scripts, 1, "\(context): only the page's own script tag", file: file, line: line)
        XCTAssertTrue(html.contains(#"<script src="/static/web.js" defer></script>"#), context, file: file, line: line)
    }

    func testEveryResponseCarriesTheContentSecurityPolicy() async throws {
        try await WebRegistry.run(.sqlite) { registry in
            for path in ["/", "/search?q=x", "/publish", "/servers/com.example/missing", "/static/web.js", "/static/web.css", "/static/icon.svg"] {
                let reply = try await registry.get(path)
                let policy = reply.headers[.contentSecurityPolicy] ?? ""
                XCTAssertTrue(policy.contains("default-src 'none'"), "\(path): \(policy)")
                XCTAssertTrue(policy.contains("script-src 'self'"), path)
                XCTAssertFalse(policy.contains("unsafe-inline"), path)
                XCTAssertEqual(reply.headers[HTTPField.Name("X-Content-Type-Options")!], "nosniff", path)
            }
            let script = try await registry.get("/static/web.js")
            XCTAssertEqual(script.headers[.contentType], "text/javascript; charset=utf-8")
            let home = try await registry.get("/")
            XCTAssertFalse(home.body.contains("style=\""), "no inline styles (the CSP forbids them)")
            XCTAssertNil(home.body.range(of: #"\son[a-z]+\s*="#, options: .regularExpression), "no inline event handlers")
        }
    }

    func testUnknownServersAndVersionsGetA404Page() async throws {
        try await WebRegistry.run(.sqlite) { registry in
            let missing = try await registry.get("/servers/com.example/missing")
            XCTAssertEqual(missing.status, .notFound)
            XCTAssertTrue(missing.body.contains("<h1>Not found</h1>") && missing.body.contains("no such server"), missing.body)
            XCTAssertEqual(missing.headers[.contentType], "text/html; charset=utf-8")
            let malformed = try await registry.get("/servers/..%2F..%2Fetc%2Fpasswd")
            XCTAssertEqual(malformed.status, .notFound)
            let token = try await registry.token("com.example/*")
            _ = try await registry.publish(RegistryFixtures.server("com.example/weather", "1.0.0"), token: token)
            let version = try await registry.get("/servers/com.example/weather?version=9.9.9")
            XCTAssertEqual(version.status, .notFound)
            XCTAssertTrue(version.body.contains("no such version"), version.body)
        }
    }

    func testServerPageShowsVersionsLatestAndClientEntries() async throws {
        try await WebRegistry.run(.sqlite) { registry in
            let token = try await registry.token("com.example/*")
            let document = { (version: String) in
                Data(#"{"name":"com.example/weather","title":"Weather","description":"Forecasts by city","version":"\#(version)","packages":[{"registryType":"oci","identifier":"ghcr.io/example/weather:\#(version)","transport":{"type":"stdio"},"environmentVariables":[{"name":"WEATHER_API_KEY","isSecret":true,"isRequired":true}]}]}"#.utf8)
            }
            for version in ["1.0.0", "1.2.0", "1.1.0"] {
                let reply = try await registry.publish(document(version), token: token)
                XCTAssertEqual(reply.status, .ok, reply.body)
            }
            let page = try await registry.get("/servers/com.example/weather")
            XCTAssertTrue(page.body.contains(#"<span id="shown-version" class="version">1.2.0</span> <span class="latest">latest</span>"#), page.body)
            for version in ["1.0.0", "1.1.0", "1.2.0"] { XCTAssertTrue(page.body.contains(">\(version)</a>"), version) }
            XCTAssertTrue(page.body.contains("team/com.example/weather"), "the registry-add id")
            for client in ["Claude Desktop", "Claude Code", "Cline", "Cursor", "VS Code", "Windsurf", "Zed", "Continue"] {
                XCTAssertTrue(page.body.contains("<summary>\(client)</summary>"), client)
            }
            XCTAssertTrue(page.body.contains("ghcr.io/example/weather:1.2.0"), "the entry runs the shown version's image")
            XCTAssertTrue(page.body.contains("&lt;fill in your WEATHER_API_KEY&gt;"), "secrets are placeholders")
            XCTAssertFalse(page.body.contains("id=\"downloads\""), "no count is shown while the store keeps none")
            let older = try await registry.get("/servers/com.example/weather?version=1.0.0")
            XCTAssertTrue(older.body.contains(#"<span id="shown-version" class="version">1.0.0</span> <span class="status active">"#), older.body)
            XCTAssertTrue(older.body.contains("ghcr.io/example/weather:1.0.0"))

            let search = try await registry.get("/search?q=wether")
            XCTAssertTrue(search.body.contains(#"href="/servers/com.example/weather""#), "fuzzy search tolerates the typo: \(search.body)")
            let home = try await registry.get("/")
            XCTAssertTrue(home.body.contains("1 server, 3 versions"), home.body)
            let remote = try await registry.publish(RegistryFixtures.server("com.example/remote", "1.0.0"), token: token)
            XCTAssertEqual(remote.status, .ok)
            let refreshed = try await registry.get("/search?q=remote")
            XCTAssertTrue(refreshed.body.contains(#"href="/servers/com.example/remote""#), "the index follows the store")
            let remotePage = try await registry.get("/servers/com.example/remote")
            XCTAssertTrue(remotePage.body.contains("No direct client entry"), remotePage.body)
        }
    }

    func testMarkdownRendererKeepsStructureAndDropsUnsafeLinks() {
        let html = SafeMarkdown(headingShift: 1).render("""
            # Hello
            Some *text* with `code` and a [link](https://example.com).

            1. one
            2. two

            [x](JavaScript:alert(1)) [y](//evil.example) [z](data:text/html,hi) <javascript:alert(1)>
            """)
        XCTAssertTrue(html.contains("<h2>Hello</h2>"), html)
        XCTAssertTrue(html.contains("<em>text</em>"), html)
        XCTAssertTrue(html.contains("<code>code</code>"), html)
        XCTAssertTrue(html.contains(#"<a href="https://example.com" rel="nofollow noopener noreferrer">link</a>"#), html)
        XCTAssertTrue(html.contains("<ol><li>one</li><li>two</li></ol>"), html)
        XCTAssertEqual(html.components(separatedBy: "<a ").count - 1, 1, html)
        XCTAssertTrue(html.contains("&lt;javascript:alert(1)&gt;"), html)
        XCTAssertNil(HTMLEscaping.safeLink("https:///x"))
        XCTAssertNil(HTMLEscaping.safeLink("http://exa mple.com"))
        XCTAssertEqual(HTMLEscaping.escape("a\u{0}<'\">&"), "a&lt;&#39;&quot;&gt;&amp;")
    }
}
