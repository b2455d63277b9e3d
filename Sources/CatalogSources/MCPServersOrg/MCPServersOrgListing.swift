import Foundation

/// The links a listing page of mcpservers.org (`/all`, `/category/<slug>`, `?page=N`) or its
/// sitemap gives: server detail pages in the order listed, more listing pages, categories.
package struct MCPServersOrgListing: Sendable, Hashable {
    /// Detail pages, as site paths `/servers/<owner>/<name>`, in the order listed.
    var serverPaths: [String] = []
    /// Further pages of the same listing (`/all?page=2`).
    var pagePaths: [String] = []
    /// Category listings (`/category/databases`).
    var categoryPaths: [String] = []
    /// Nested sitemaps (a sitemap index).
    var sitemapURLs: [URL] = []

    /// Parses a listing page at `pageURL`; links off `pageURL`'s site are ignored.
    package static func parse(html: Data, pageURL: URL) throws -> MCPServersOrgListing {
        let document = try HTMLDocument(html: html, baseURL: pageURL.absoluteString)
        var listing = MCPServersOrgListing()
        let currentPath = pageURL.path.isEmpty ? "/" : pageURL.path
        // Links in the page body: the site's chrome repeats navigation, not servers.
        for link in document.select("//a[@href][not(ancestor::footer)]") {
            guard let href = link.attribute("href"), let url = URL(string: href, relativeTo: pageURL)?.absoluteURL,
                  sameSite(url, pageURL) else { continue }
            if let path = serverPath(url) {
                if !listing.serverPaths.contains(path) { listing.serverPaths.append(path) }
            } else if url.path == currentPath, let page = pageNumber(url), page > 1 {
                let path = "\(currentPath)?page=\(page)"
                if !listing.pagePaths.contains(path) { listing.pagePaths.append(path) }
            } else if let slug = MCPServersOrgPage.categorySlug(url.path) {
                let path = "/category/\(slug.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? slug)"
                if !listing.categoryPaths.contains(path) { listing.categoryPaths.append(path) }
            }
        }
        return listing
    }

    /// Parses `sitemap.xml` (a `urlset`, or a `sitemapindex` of more sitemaps); detail pages
    /// are ordered by `lastmod`, newest first, then in document order.
    package static func parse(sitemap: Data, siteURL: URL) throws -> MCPServersOrgListing {
        let document = try HTMLDocument(xml: sitemap, baseURL: siteURL.absoluteString)
        var listing = MCPServersOrgListing()
        var dated: [(path: String, lastmod: String, index: Int)] = []
        for (index, node) in document.select("//*[local-name()='url']").enumerated() {
            guard let loc = node.first("*[local-name()='loc']")?.normalizedText, let url = URL(string: loc),
                  sameSite(url, siteURL), let path = serverPath(url) else { continue }
            dated.append((path, node.first("*[local-name()='lastmod']")?.normalizedText ?? "", index))
        }
        dated.sort { $0.lastmod != $1.lastmod ? $0.lastmod > $1.lastmod : $0.index < $1.index }
        for item in dated where !listing.serverPaths.contains(item.path) { listing.serverPaths.append(item.path) }
        for node in document.select("//*[local-name()='sitemap']/*[local-name()='loc']") {
            if let url = URL(string: node.normalizedText), sameSite(url, siteURL) { listing.sitemapURLs.append(url) }
        }
        return listing
    }

    /// `/servers/<owner>/<name>` for a detail page URL (deeper paths are cut to those three segments).
    static func serverPath(_ url: URL) -> String? {
        let parts = url.path.split(separator: "/").map(String.init)
        guard parts.count >= 3, parts[0] == "servers", !parts[1].isEmpty, !parts[2].isEmpty else { return nil }
        return "/servers/\(parts[1])/\(parts[2])"
    }

    private static func pageNumber(_ url: URL) -> Int? {
        URLComponents(url: url, resolvingAgainstBaseURL: false)?.queryItems?.first { $0.name == "page" }?.value.flatMap(Int.init)
    }

    private static func sameSite(_ url: URL, _ site: URL) -> Bool {
        func host(_ url: URL) -> String? {
            guard let host = url.host?.lowercased() else { return nil }
            return host.hasPrefix("www.") ? String(host.dropFirst(4)) : host
        }
        return host(url) == host(site) && url.port == site.port
    }
}
