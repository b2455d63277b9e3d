import Foundation

/// mcpservers.org-like detail pages (`/servers/<owner>/<name>`), written to a folder: the
/// site's head, header, navigation, a sidebar of categories and a footer around a `main`
/// whose shape varies as the real pages' do (the shapes of `MCPServersOrgSourceTests`:
/// Docker, `mcpServers` JSON, `uvx`, remote URL, no `main`, badges, broken markup, no `h1`)
/// plus a README-like body of several sections. Deterministic for a given count.
struct DetailPageSet {
    struct Page {
        var owner: String
        var name: String
        var file: URL
    }

    var pages: [Page]
    var totalBytes: Int

    /// Shapes of `main`, cycled through.
    static let shapeCount = 10

    static func write(count: Int, into folder: URL) throws -> DetailPageSet {
        var pages: [Page] = []
        var total = 0
        var random = SplitMix(seed: 0x6d63_7073)
        for index in 0..<count {
            let owner = owners[index % owners.count] + (index >= owners.count ? "\(index / owners.count)" : "")
            let name = "\(topics[index % topics.count])-mcp"
            let html = page(index: index, owner: owner, name: name, random: &random)
            let file = folder.appendingPathComponent("\(owner)__\(name).html")
            let data = Data(html.utf8)
            try data.write(to: file)
            total += data.count
            pages.append(Page(owner: owner, name: name, file: file))
        }
        return DetailPageSet(pages: pages, totalBytes: total)
    }

    static let owners = [
        "acme", "jane", "bob", "corp", "dan", "eve", "fay", "gil", "hal", "ivy", "lee", "mia", "nora", "otto",
        "pia", "quinn", "rae", "sam", "tess", "uma", "vic", "wes", "xena", "yuri", "zoe", "modelcontext", "cloudtools",
    ]
    static let topics = [
        "github", "postgres", "slack", "weather", "notion", "jira", "grafana", "kubernetes", "stripe", "figma",
        "redis", "mongodb", "browser", "filesystem", "calendar", "email", "search", "maps", "translate", "pdf",
        "youtube", "spotify", "linear", "sentry", "datadog", "airtable", "shopify", "twilio", "zendesk",
    ]
    static let categories = [
        "developer-tools", "databases", "communication", "productivity", "cloud-platforms", "monitoring",
        "search", "finance", "media", "security", "file-systems", "browser-automation",
    ]

    static let head = """
    <!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
    <title>%TITLE% | MCP Servers</title><meta name="description" content="%DESCRIPTION%">
    <link rel="stylesheet" href="/_next/static/css/app-3f2a9c.css"><link rel="icon" href="/favicon.ico">
    <script type="application/ld+json">{"@context":"https://schema.org","@type":"SoftwareApplication","name":"%TITLE%","applicationCategory":"DeveloperApplication"}</script>
    <script src="/_next/static/chunks/webpack-8c1e.js" async></script><script src="/_next/static/chunks/main-app-41d2.js" async></script>
    </head><body class="bg-white text-slate-900 antialiased">
    <header class="sticky top-0 z-40 border-b"><div class="container flex h-16 items-center justify-between">
    <a href="/" class="logo flex items-center gap-2"><img src="/logo.svg" alt="" width="28" height="28"><h1 class="text-lg font-bold">MCP Servers</h1></a>
    <nav class="hidden md:flex gap-6 text-sm"><a href="/all">All servers</a><a href="/category/developer-tools">Developer Tools</a>
    <a href="/category/databases">Databases</a><a href="/clients">Clients</a><a href="/submit">Submit</a>
    <a href="https://github.com/site-owner/mcpservers-site" class="github">GitHub</a></nav>
    <form action="/search" class="search"><input type="search" name="q" placeholder="Search 5,000+ servers"></form></div></header>
    """

    static func sidebar() -> String {
        var html = "<aside class=\"sidebar w-64 shrink-0\"><h2>Categories</h2><ul>"
        for category in categories {
            html += "<li><a href=\"/category/\(category)\" class=\"block rounded px-2 py-1 hover:bg-slate-100\">\(category.replacingOccurrences(of: "-", with: " ").capitalized)</a></li>"
        }
        html += "</ul><h2>Sponsors</h2><a href=\"https://github.com/sponsors/site-owner\">Sponsor this site</a></aside>"
        return html
    }

    static func footer(random: inout SplitMix) -> String {
        var html = "<footer class=\"border-t mt-16\"><div class=\"container grid grid-cols-4 gap-8 py-12\">"
        for column in ["Popular", "New", "Official", "Resources"] {
            html += "<div><h3>\(column)</h3><ul>"
            for _ in 0..<12 {
                let owner = owners[random.next(owners.count)], topic = topics[random.next(topics.count)]
                html += "<li><a href=\"/servers/\(owner)/\(topic)-mcp\">\(topic.capitalized) by \(owner)</a></li>"
            }
            html += "</ul></div>"
        }
        html += "</div><p class=\"text-sm\">© 2026 MCP Servers. Made with care.</p>"
        html += "<a href=\"https://github.com/site-owner/mcpservers-site\">Source</a></footer>"
        html += "<script>self.__next_f=self.__next_f||[];self.__next_f.push([0,\"\(String(repeating: "a1b2c3d4", count: 1000))\"])</script></body></html>"
        return html
    }

    /// A README-like body: sections of paragraphs, lists, a tools table and code.
    static func readme(topic: String, random: inout SplitMix) -> String {
        var html = "<section class=\"prose max-w-none\">"
        let sections = 6 + random.next(10)
        for section in 0..<sections {
            html += "<h2 id=\"s\(section)\">\(["Features", "Tools", "Configuration", "Usage", "Development", "Security", "FAQ", "License", "Troubleshooting", "Examples", "Roadmap", "Contributing"][section % 12])</h2>"
            for _ in 0..<(2 + random.next(4)) {
                html += "<p>" + sentence(topic, random: &random) + " " + sentence(topic, random: &random) + " <a href=\"#s\(section)\">More</a>.</p>"
            }
            if section % 3 == 1 {
                html += "<table><thead><tr><th>Tool</th><th>Description</th></tr></thead><tbody>"
                for tool in 0..<(4 + random.next(8)) {
                    html += "<tr><td><code>\(topic)_\(["list", "get", "create", "update", "delete", "search"][tool % 6])_\(tool)</code></td><td>\(sentence(topic, random: &random))</td></tr>"
                }
                html += "</tbody></table>"
            } else {
                html += "<ul>"
                for _ in 0..<(3 + random.next(5)) { html += "<li>\(sentence(topic, random: &random))</li>" }
                html += "</ul>"
            }
        }
        return html + "</section>"
    }

    static let words = [
        "server", "tools", "assistant", "query", "results", "configure", "token", "access", "data", "workspace",
        "project", "fast", "secure", "local", "remote", "stream", "context", "model", "resources", "prompts",
        "supports", "returns", "creates", "lists", "reads", "writes", "with", "the", "and", "for", "your",
    ]

    static func sentence(_ topic: String, random: inout SplitMix) -> String {
        var parts = ["The \(topic)"]
        for _ in 0..<(8 + random.next(10)) { parts.append(words[random.next(words.count)]) }
        return parts.joined(separator: " ") + "."
    }

    static func page(index: Int, owner: String, name: String, random: inout SplitMix) -> String {
        let topic = topics[index % topics.count]
        let title = "\(topic.capitalized) MCP"
        let description = "Connect your assistant to \(topic.capitalized): search, read and manage it from a conversation."
        let category = categories[index % categories.count]
        let repo = "https://github.com/\(owner)/\(name)"
        let token = topic.uppercased() + "_API_TOKEN"
        let body = readme(topic: topic, random: &random)
        let main: String
        switch index % shapeCount {
        case 0:
            main = """
            <main class="flex-1"><div class="server-head"><h1>\(title)</h1><span class="badge">Official</span></div>
            <p>\(description)</p><p>Second paragraph, not the description.</p>
            <a href="\(repo)">View on GitHub</a> <a href="/category/\(category)">\(category)</a>
            <h2>Install</h2><pre><code>docker run -i --rm \\
              -e \(token)=&lt;your-token&gt; \\
              -e LOG_LEVEL=info \\
              ghcr.io/\(owner)/\(name):1.4 stdio</code></pre>\(body)</main>
            """
        case 1:
            main = """
            <main><article><h1> \(title)
              Server </h1><p>\(description)</p>
            <p><a href="\(repo)/tree/main/server">Repository</a></p>
            <pre>{
              "mcpServers": {
                "\(topic)": {
                  "command": "npx",
                  "args": ["-y", "@\(owner)/\(name)@1.2.0", "--units", "metric"],
                  "env": { "\(token)": "your-api-key", "\(topic.uppercased())_REGION": "eu" },
                }
              }
            }</pre>\(body)</article></main>
            """
        case 2:
            main = """
            <main><h1>\(title)</h1><p>\(description)</p><a href="/category/\(category)">\(category)</a>
            <pre><code>export \(topic.uppercased())_PASSWORD=secret-here
            uvx \(name)==0.3.1 --readonly</code></pre>\(body)<a href="\(repo)">Code</a></main>
            """
        case 3:
            main = """
            <main><h1>\(title)</h1><span class="sponsor-badge">Sponsored</span><p>\(description)</p>
            <pre><code>"mcpServers": { "\(topic)": { "url": "https://mcp.\(topic).example/sse" } }</code></pre>\(body)</main>
            """
        case 4:
            main = """
            <main><h1>\(title)</h1><p>\(description)</p>
            <pre>{"mcpServers": {"\(topic)": {"command": "docker", "args": ["run", "-i", "--rm", "-e", "\(token)", "\(owner)/\(name):latest"],
              "env": {"\(token)": "&lt;token&gt;"}}}}</pre>\(body)<a href="\(repo)">GitHub</a></main>
            """
        case 5:
            // No `main`: the site's header also has an h1.
            return head.replacingOccurrences(of: "%TITLE%", with: title).replacingOccurrences(of: "%DESCRIPTION%", with: description)
                + "<div class=\"content\"><h1>\(title)</h1><div><p>\(description)</p></div><a href=\"\(repo)\">Code</a>\(body)</div>"
                + footer(random: &random)
        case 6:
            main = """
            <main><section><h1>\(title)</h1><div class="meta"><strong>Featured</strong></div>
            <div><p>\(description)</p></div></section><p>Install with <code>npx @\(owner)/\(name)</code>.</p>\(body)</main>
            """
        case 7:
            main = "<main><h1>\(title)</h1><p>\(description)</p>\(body)</main>"
        case 8:
            main = """
            <main><h1>Broken <em>\(title)</h1><p>Unclosed <b>tags & stray ends</div> still parse.
            <a href="\(repo)">repo</a><pre>npx -y \(name)</pre>\(body)</main>
            """
        default:
            // The markup changed: no h1 (skipped and counted).
            main = "<main><h2>\(title)</h2><p>\(description)</p>\(body)</main>"
        }
        return head.replacingOccurrences(of: "%TITLE%", with: title).replacingOccurrences(of: "%DESCRIPTION%", with: description)
            + "<div class=\"container flex gap-8\">" + sidebar() + main + "</div>" + footer(random: &random)
    }
}

/// A small deterministic random number generator (SplitMix64).
struct SplitMix {
    private var state: UInt64
    init(seed: UInt64) { state = seed }

    mutating func next(_ bound: Int) -> Int {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return Int((z ^ (z >> 31)) % UInt64(bound))
    }
}
