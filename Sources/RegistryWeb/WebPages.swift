import RegistryAPI

/// The pages' HTML, built from their models. Nothing here reads the store.
enum WebPages {
    /// - Parameter popular: the most downloaded servers with their counts (the store's), best first.
    static func home(_ snapshot: ServerSearchCatalog.Snapshot, popular counted: [(name: String, downloads: Int)], options: WebPageOptions) -> String {
        let statistics = snapshot.statistics
        let servers = snapshot.records.count == 1 ? "1 server" : "\(snapshot.records.count) servers"
        let versions = statistics.versions == 1 ? "1 version" : "\(statistics.versions) versions"
        var html = "<h1>Servers</h1>\n<p class=\"totals\">\(servers), \(versions) published.</p>\n"
        html += "<section id=\"newest\"><h2>Newest</h2>\n"
        html += WebLayout.serverList(snapshot.newest(limit: 20), empty: "Nothing is published yet. <a href=\"/publish\">Publish a server</a>.")
        html += "</section>\n"
        let popular = snapshot.summaries(counted)
        if !popular.isEmpty {
            html += "<section id=\"most-downloaded\"><h2>Most downloaded</h2>\n" + WebLayout.serverList(popular, empty: "") + "</section>\n"
        }
        return WebLayout.page(title: "Servers", options: options, html: html)
    }

    static func search(_ query: String, hits: [ServerSummary], total: Int, options: WebPageOptions) -> String {
        let escaped = HTMLEscaping.escape(query)
        var html = "<h1>Search</h1>\n"
        if query.isEmpty {
            html += "<p>Type a few words: a name, what the server does, a tool. Typos are fine.</p>"
        } else {
            html += "<p class=\"totals\">\(total == 1 ? "1 server matches" : "\(total) servers match") <q>\(escaped)</q>.</p>\n"
            html += "<section id=\"results\">" + WebLayout.serverList(hits, empty: "No server matches <q>\(escaped)</q>.") + "</section>"
        }
        return WebLayout.page(title: query.isEmpty ? "Search" : "Search: \(query)", options: options, query: query, html: html)
    }

    static func publish(options: WebPageOptions, publishing: Bool) -> String {
        guard publishing else {
            return WebLayout.page(title: "Publish", options: options, html: "<h1>Publish</h1>\n<p>This registry is read-only: it does not accept publications.</p>")
        }
        let html = """
            <h1>Publish a server</h1>
            <p>Paste a <code>server.json</code> (the official MCP registry's format) and a publish token for its namespace
            (<code>mcp-registry registry token create --namespace 'com.example/*' --permission publish</code>).
            The registry checks it exactly as <code>POST /v0.1/publish</code> does.</p>
            <noscript><p class="note">Publishing from this page needs JavaScript; browsing does not.
            Without it, use <code>mcp-registry publish server.json --registry URL</code> with <code>MCP_REGISTRY_TOKEN</code> set.</p></noscript>
            <form id="publish-form" method="post" action="/publish" autocomplete="off">
            <label for="token">Token</label>
            <input id="token" name="token" type="password" required placeholder="mcpr_…" spellcheck="false">
            <label for="file">server.json file (optional)</label>
            <input id="file" type="file" accept=".json,application/json">
            <label for="document">server.json</label>
            <textarea id="document" name="document" rows="18" required spellcheck="false" placeholder='{"name": "com.example/my-server", "version": "1.0.0", "description": "…", "packages": […]}'></textarea>
            <button id="publish" type="submit" disabled>Publish</button>
            </form>
            <div id="publish-result" role="status" aria-live="polite"></div>
            """
        return WebLayout.page(title: "Publish", options: options, html: html)
    }

    /// What `POST /publish` answers: the form publishes through the script only (a token must
    /// travel in a header, never in a form body a browser might keep).
    static func publishNeedsScript(options: WebPageOptions) -> String {
        WebLayout.page(title: "Publish", options: options, html: """
            <h1>Publish</h1>
            <p>Publishing from this page needs JavaScript. Without it, use
            <code>mcp-registry publish server.json --registry URL</code> with <code>MCP_REGISTRY_TOKEN</code> set.</p>
            """)
    }

    static func notFound(options: WebPageOptions, what: String = "page") -> String {
        WebLayout.page(title: "Not found", options: options, html: """
            <h1>Not found</h1>
            <p>There is no such \(HTMLEscaping.escape(what)) here. <a href="/">Browse the servers</a> or search above.</p>
            """)
    }

    static func failure(options: WebPageOptions) -> String {
        WebLayout.page(title: "Error", options: options, html: """
            <h1>Something went wrong</h1>
            <p>The registry could not read its database; the error is in its log. Try again in a moment.</p>
            """)
    }
}
