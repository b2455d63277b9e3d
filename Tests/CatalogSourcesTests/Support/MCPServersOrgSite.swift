import Foundation

/// A small mcpservers.org-like site written by the tests and served by `LoopbackHTTPServer`:
/// paginated `/all`, two categories, a sitemap, and detail pages of different shapes — one
/// without an `h1`, one of 20 MB, one that never finishes sending.
enum MCPServersOrgSite {
    static let chromeTop = """
    <!DOCTYPE html><html><head><meta charset="utf-8"><title>MCP Servers</title></head><body>
    <header><nav><a href="/" class="logo"><h1>MCP Servers</h1></a><a href="/all">All servers</a>
    <a href="https://github.com/site-owner/mcpservers-site">GitHub</a></nav></header>
    """
    static let chromeBottom = """
    <footer><p>Made with care.</p><a href="https://github.com/site-owner/mcpservers-site">Source</a>
    <a href="/servers/footer/should-not-count">Footer link</a></footer></body></html>
    """

    static func page(_ main: String, head: String = "") -> String {
        chromeTop.replacingOccurrences(of: "</head>", with: head + "</head>") + main + chromeBottom
    }

    /// Detail pages by path, in the order `/all` lists them (newest first).
    static let detailPages: [(path: String, html: String)] = [
        ("/servers/acme/github-tools", page("""
        <main><div class="server-head"><h1>GitHub Tools</h1><span class="badge">Official</span></div>
        <p>Manage GitHub issues &amp; pull requests from your assistant.</p>
        <p>Second paragraph, not the description.</p>
        <a href="https://github.com/acme/github-tools">View on GitHub</a>
        <a href="/category/developer-tools">Developer Tools</a>
        <h2>Install</h2>
        <pre><code>docker run -i --rm \\
          -e GITHUB_TOKEN=&lt;your-token&gt; \\
          -e LOG_LEVEL=info \\
          ghcr.io/acme/github-tools:1.4 stdio</code></pre>
        </main>
        """)),
        ("/servers/jane/weather", page("""
        <main><article><h1> Weather
          Forecasts </h1><p>Forecasts and alerts for any city.</p>
        <p><a href="https://github.com/jane/weather-mcp/tree/main/server">Repository</a></p>
        <pre>{
          "mcpServers": {
            "weather": {
              "command": "npx",
              "args": ["-y", "@jane/weather-mcp@1.2.0", "--units", "metric"],
              "env": { "WEATHER_API_KEY": "your-api-key", "WEATHER_REGION": "eu" },
            }
          }
        }</pre></article></main>
        """)),
        ("/servers/bob/pyserver", page("""
        <main><h1>PyServer</h1><p>A Python server for databases.</p>
        <a href="/category/databases">Databases</a>
        <pre><code>export DB_PASSWORD=secret-here
        uvx pyserver-mcp==0.3.1 --readonly</code></pre></main>
        """)),
        ("/servers/corp/remote", page("""
        <main><h1>Corp Remote</h1><span class="sponsor-badge">Sponsored</span><p>A hosted server.</p>
        <pre><code>"mcpServers": { "corp": { "url": "https://mcp.corp.example/sse" } }</code></pre></main>
        """)),
        ("/servers/dan/docker-json", page("""
        <main><h1>Docker JSON</h1><p>Configured as a client config with docker.</p>
        <pre>{"mcpServers": {"dan": {"command": "docker", "args": ["run", "-i", "--rm", "-e", "DAN_API_TOKEN", "dan/mcp-server:latest"],
          "env": {"DAN_API_TOKEN": "<token>"}}}}</pre></main>
        """)),
        ("/servers/eve/no-main", """
        <!DOCTYPE html><html><head><title>x</title></head><body>
        <header><h1>MCP Servers</h1><a href="https://github.com/site-owner/mcpservers-site">GitHub</a></header>
        <div class="content"><h1>Eve Without Main</h1><div><p>No main element on this page.</p></div>
        <a href="https://github.com/eve/no-main-server">Code</a></div>
        <footer><a href="https://github.com/site-owner/other">Footer GitHub</a></footer></body></html>
        """),
        ("/servers/fay/sponsored", page("""
        <main><section><h1>Fay</h1><div class="meta"><strong>Featured</strong></div>
        <div><p>Fay does things.</p></div></section>
        <p>Install with <code>npx @fay/mcp</code>.</p></main>
        """)),
        ("/servers/gil/plain", page("""
        <main><h1>Plain Gil</h1><p>Only a name and a description.</p></main>
        """)),
        ("/servers/hal/broken-markup", page("""
        <main><h1>Broken <em>Markup</h1><p>Unclosed <b>tags & stray ends</div> still parse.
        <a href="https://github.com/hal/broken">repo</a><pre>npx -y broken-mcp</main>
        """)),
        ("/servers/ivy/no-h1", page("""
        <main><h2>Not a server page</h2><p>The markup changed: no h1 here.</p></main>
        """)),
    ]

    /// Pages reached only from a category listing or the sitemap.
    static let categoryOnly: (path: String, html: String) = ("/servers/lee/category-only", page("""
    <main><h1>Lee</h1><p>Listed only under databases.</p></main>
    """))
    static let sitemapOnly: (path: String, html: String) = ("/servers/mia/sitemap-only", page("""
    <main><h1>Mia</h1><p>Listed only in the sitemap.</p></main>
    """))
    static let hugePath = "/servers/jon/huge"
    static let slowPath = "/servers/kim/slow"

    /// All paths `/all` lists, in order.
    static var listedPaths: [String] { detailPages.map(\.path) + [hugePath, slowPath] }

    private static func listing(_ paths: [String], page: Int?, of last: Int, base: String) -> String {
        var html = "<main><ul class=\"servers\">"
        for path in paths { html += "<li><a href=\"\(path)\"><span>\(path)</span></a></li>" }
        html += "</ul><nav class=\"pagination\">"
        if let page {
            if page > 1 { html += "<a href=\"\(base)?page=\(page - 1)\">Previous</a>" }
            if page < last { html += "<a href=\"\(base)?page=\(page + 1)\">Next</a>" }
        }
        html += "</nav><aside><a href=\"/category/databases\">Databases</a> <a href=\"/category/developer-tools\">Developer Tools</a></aside></main>"
        return self.page(html)
    }

    /// Writes the site into `server` and routes it. `sitemap: false` answers 404 for it.
    static func install(on server: LoopbackHTTPServer, sitemap: Bool = true) throws {
        var routes: [String: [LoopbackHTTPServer.Response]] = [:]
        func add(_ path: String, _ html: String) throws {
            let file = "site" + path.replacingOccurrences(of: "?", with: "__") + ".html"
            try server.writeFile(file, Data(html.utf8))
            var response = LoopbackHTTPServer.Response.html("")
            response.body = nil
            response.bodyFile = file
            response.etag = "\"\(abs(html.hashValue))\""
            routes[path] = [response]
        }
        let listed = listedPaths
        let pages = stride(from: 0, to: listed.count, by: 5).map { Array(listed[$0..<min($0 + 5, listed.count)]) }
        for (index, paths) in pages.enumerated() {
            let html = listing(paths, page: index + 1, of: pages.count, base: "/all")
            if index == 0 { try add("/all", html) }
            try add("/all?page=\(index + 1)", html)
        }
        try add("/category/databases", listing(["/servers/bob/pyserver", categoryOnly.path], page: nil, of: 1, base: "/category/databases"))
        try add("/category/developer-tools", listing(["/servers/acme/github-tools"], page: nil, of: 1, base: "/category/developer-tools"))
        for (path, html) in detailPages + [categoryOnly, sitemapOnly] { try add(path, html) }
        routes[hugePath] = [LoopbackHTTPServer.Response(size: 20 * 1024 * 1024, contentLength: true)]
        routes[slowPath] = [LoopbackHTTPServer.Response(neverFinish: true)]
        if sitemap {
            var xml = #"<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">"#
            xml += "<url><loc>\(server.url("/servers/gil/plain").absoluteString)</loc><lastmod>2026-01-01</lastmod></url>"
            xml += "<url><loc>\(server.url(sitemapOnly.path).absoluteString)</loc><lastmod>2026-11-01</lastmod></url>"
            xml += "<url><loc>https://elsewhere.example/servers/x/y</loc></url></urlset>"
            try add("/sitemap.xml", xml)
        }
        try server.setRoutes(routes)
    }
}
