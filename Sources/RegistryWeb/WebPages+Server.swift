import RegistryAPI
import RegistryCore

extension WebPages {
    /// The page of one server: what it is, how to add it, its client config entries, its
    /// versions and its readme.
    static func server(_ model: ServerPageModel, baseURL: String, options: WebPageOptions) -> String {
        let record = model.shown
        let entry = model.entry
        let heading = entry?.title ?? model.name
        var html = "<h1>\(HTMLEscaping.escape(heading))</h1>\n"
        html += "<p class=\"id\"><code>\(HTMLEscaping.escape(model.name))</code></p>\n"
        html += "<p class=\"description\">\(HTMLEscaping.escape(record.description))</p>\n"
        html += "<p class=\"facts\"><span id=\"shown-version\" class=\"version\">\(HTMLEscaping.escape(record.version))</span>"
        if record.isLatest { html += " <span class=\"latest\">latest</span>" }
        html += " <span class=\"status \(record.status.rawValue)\">\(record.status.rawValue)</span>"
        if let counts = model.downloads {
            // Two counts, each saying what it counts: this version's, and the server's in all.
            let shown = Int(counts.byVersion[record.version] ?? 0)
            html += " · <span id=\"version-downloads\" class=\"downloads\">\(WebLayout.downloadText(shown)) of \(HTMLEscaping.escape(record.version))</span>"
            html += ", <span id=\"downloads\" class=\"downloads\">\(WebLayout.downloadText(Int(counts.total))) of all versions</span>"
        }
        html += " · published \(WebLayout.date(record.publishedAt))</p>\n"
        if let message = record.statusMessage { html += "<p class=\"note\">\(HTMLEscaping.escape(message))</p>\n" }
        html += links(entry)
        html += addSection(model, baseURL: baseURL, options: options)
        html += clientSection(model)
        html += versionsSection(model)
        if let readme = model.readme, !readme.isEmpty {
            html += "<section id=\"readme\"><h2>Readme</h2>\n<div class=\"readme\">\(SafeMarkdown(headingShift: 2).render(readme))</div></section>\n"
        }
        return WebLayout.page(title: heading, options: options, html: html)
    }

    private static func links(_ entry: CatalogEntry?) -> String {
        guard let entry else { return "" }
        var items: [String] = []
        for (label, url) in [("Repository", entry.repositoryURL), ("Website", entry.homepageURL)] {
            if let url, let safe = HTMLEscaping.safeLink(url) {
                items.append("<a href=\"\(HTMLEscaping.escape(safe))\" rel=\"nofollow noopener noreferrer\">\(label)</a>")
            }
        }
        return items.isEmpty ? "" : "<p class=\"links\">\(items.joined(separator: " · "))</p>\n"
    }

    private static func addSection(_ model: ServerPageModel, baseURL: String, options: WebPageOptions) -> String {
        let sourcesAdd = "mcp-registry sources add \(baseURL) --format official --name \(options.sourceID)"
        return """
            <section id="add"><h2>Use it through mcp-registry</h2>
            <p>With this registry added to your aggregator as the source <code>\(HTMLEscaping.escape(options.sourceID))</code>:</p>
            \(WebLayout.copyable(sourcesAdd, id: "sources-add", label: "Copy the sources add command"))
            <p>the model adds it with <code>registry-add</code> and this id:</p>
            \(WebLayout.copyable(model.addID, id: "add-id", label: "Copy the registry-add id"))
            </section>

            """
    }

    private static func clientSection(_ model: ServerPageModel) -> String {
        var html = "<section id=\"clients\"><h2>Client config</h2>\n"
        switch model.clientEntries {
        case .entries(let snippets, let placeholders):
            html += "<p>The entry that runs this version directly in podman, hardened as the registry runs it"
            html += placeholders.isEmpty ? ".</p>\n" : "; replace the <code>&lt;fill in …&gt;</code> placeholders (\(placeholders.map { "<code>\(HTMLEscaping.escape($0))</code>" }.joined(separator: ", "))) with your values.</p>\n"
            for (index, snippet) in snippets.enumerated() {
                let id = "client-\(snippet.client)"
                html += "<details class=\"client\"\(index == 0 ? " open" : "")><summary>\(HTMLEscaping.escape(snippet.displayName))</summary>\n"
                html += WebLayout.copyable(snippet.text, id: id, label: "Copy the \(snippet.displayName) entry") + "</details>\n"
            }
        case .unavailable("unknown", _):
            html += "<p class=\"note\">No direct client entry: this version names no container image, package or remote to run.</p>\n"
        case .unavailable(let kind, let problem):
            html += "<p class=\"note\">No direct client entry: this version runs as a <code>\(HTMLEscaping.escape(kind))</code>"
            html += problem.map { " and cannot be planned as a container (\(HTMLEscaping.escape($0)))" } ?? ", not a container image speaking stdio"
            html += ". Use it through mcp-registry as above.</p>\n"
        }
        return html + "</section>\n"
    }

    /// Every version with, when downloads are counted, its own count and a last row with the total.
    private static func versionsSection(_ model: ServerPageModel) -> String {
        let counts = model.downloads
        var html = "<section id=\"versions\"><h2>Versions</h2>\n<table><thead><tr><th>Version</th><th>Status</th><th>Published</th>"
        html += counts == nil ? "" : "<th>Downloads</th>"
        html += "</tr></thead><tbody>\n"
        for version in model.versions {
            let shown = version.version == model.shown.version
            html += "<tr\(shown ? " class=\"shown\"" : "")><td><a href=\"\(HTMLEscaping.escape(WebLayout.serverPath(version.name, version: version.version)))\">"
            html += HTMLEscaping.escape(version.version) + "</a>"
            if version.isLatest { html += " <span class=\"latest\">latest</span>" }
            html += "</td><td class=\"status \(version.status.rawValue)\">\(version.status.rawValue)</td><td>\(WebLayout.date(version.publishedAt))</td>"
            if let counts { html += "<td class=\"downloads\">\(counts.byVersion[version.version] ?? 0)</td>" }
            html += "</tr>\n"
        }
        html += "</tbody>"
        if let counts {
            html += "<tfoot><tr><th scope=\"row\" colspan=\"3\">All versions</th><td id=\"downloads-total\" class=\"downloads\">\(counts.total)</td></tr></tfoot>"
        }
        return html + "</table></section>\n"
    }
}
