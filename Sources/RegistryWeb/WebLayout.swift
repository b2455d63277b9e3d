import Foundation
import RegistryAPI

/// The frame every page shares (header with the search box, footer with the API links) and
/// the small pieces pages repeat. Every value placed in it is escaped here or by the caller
/// through `HTMLEscaping`; the functions taking `html:` expect markup already built that way.
enum WebLayout {
    static func page(title: String, options: WebPageOptions, query: String = "", html body: String) -> String {
        let site = HTMLEscaping.escape(options.title)
        return """
            <!doctype html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(HTMLEscaping.escape(title)) · \(site)</title>
            <link rel="icon" href="/static/icon.svg" type="image/svg+xml">
            <link rel="stylesheet" href="/static/web.css">
            <script src="/static/web.js" defer></script>
            </head>
            <body>
            <header>
            <a class="brand" href="/">\(site)</a>
            <form class="search" action="/search" method="get" role="search">
            <input type="search" name="q" value="\(HTMLEscaping.escape(query))" placeholder="Search servers" aria-label="Search servers" maxlength="200">
            <button type="submit">Search</button>
            </form>
            <nav><a href="/">Browse</a> <a href="/publish">Publish</a></nav>
            </header>
            <main>
            \(body)
            </main>
            <footer>Served by mcp-registry · API: <a href="/v0.1/servers">/v0.1/servers</a> · <a href="/openapi.yaml">openapi.yaml</a></footer>
            </body>
            </html>

            """
    }

    /// `/servers/<name>` with each path segment percent-encoded (not yet HTML-escaped).
    static func serverPath(_ name: String, version: String? = nil) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        let path = "/servers/" + name.split(separator: "/", omittingEmptySubsequences: false)
            .map { String($0).addingPercentEncoding(withAllowedCharacters: allowed) ?? "" }.joined(separator: "/")
        guard let version else { return path }
        return path + "?version=" + (version.addingPercentEncoding(withAllowedCharacters: allowed) ?? "")
    }

    /// A list of servers, or `empty` (HTML) when there are none.
    static func serverList(_ servers: [ServerSummary], empty: String) -> String {
        guard !servers.isEmpty else { return "<p class=\"empty\">\(empty)</p>" }
        var html = "<ul class=\"servers\">\n"
        for server in servers {
            html += "<li class=\"server\"><a class=\"name\" href=\"\(HTMLEscaping.escape(serverPath(server.name)))\">"
            html += HTMLEscaping.escape(server.title ?? server.name) + "</a>"
            html += " <span class=\"version\">\(HTMLEscaping.escape(server.version))</span>"
            if server.status != .active { html += " <span class=\"status \(server.status.rawValue)\">\(server.status.rawValue)</span>" }
            if let downloads = server.downloads { html += " <span class=\"downloads\">\(downloadText(downloads)), all versions</span>" }
            if server.title != nil { html += "<div class=\"id\">\(HTMLEscaping.escape(server.name))</div>" }
            html += "<p>\(HTMLEscaping.escape(server.description))</p></li>\n"
        }
        return html + "</ul>"
    }

    static func downloadText(_ count: Int) -> String { count == 1 ? "1 download" : "\(count) downloads" }

    /// `2025-08-07 13:15 UTC` from microseconds since the epoch.
    static func date(_ micros: Int64) -> String {
        let text = RegistryTime.text(micros)
        return String(text.prefix(10)) + " " + String(text.dropFirst(11).prefix(5)) + " UTC"
    }

    /// A `<pre>` with a copy button that the script shows (without script the text stays selectable).
    static func copyable(_ text: String, id: String, label: String) -> String {
        """
        <div class="copyable"><pre id="\(id)"><code>\(HTMLEscaping.escape(text))</code></pre>\
        <button type="button" class="copy" data-copy="\(id)" aria-label="\(HTMLEscaping.escape(label))" hidden>Copy</button></div>
        """
    }
}
