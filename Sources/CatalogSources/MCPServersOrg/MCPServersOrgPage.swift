import Foundation
import RegistryCore

/// A server's detail page on mcpservers.org (`/servers/<owner>/<name>`), parsed with libxml2.
///
/// Read from the page's `main` (the whole body when there is none), never the site's header,
/// navigation or footer: the name (`h1`), the description (the first paragraph after it), the
/// repository (a GitHub link), categories (`/category/<slug>` links), official and sponsor
/// markers (badges near the heading), install snippets (`pre`/`code` blocks) and the environment variables they name.
/// Markup that changes degrades: a page without an `h1` is rejected with `.noHeading`.
public struct MCPServersOrgPage: Sendable, Hashable {
    /// Why a page gave no server.
    public enum ParseError: Error, Sendable, Hashable, CustomStringConvertible {
        /// No `h1` with text: not a server page, or the markup changed.
        case noHeading

        public var description: String {
            switch self {
            case .noHeading: "the page has no h1"
            }
        }
    }

    /// The `h1` text.
    public var title: String
    public var description: String?
    public var repositoryURL: String?
    /// Category slugs (`databases`), from `/category/<slug>` links.
    public var categories: [String]
    public var official: Bool
    public var sponsored: Bool
    /// The launch spec derived from the install snippets, when one could be.
    public var launch: LaunchSpec
    /// Environment variables the snippets name.
    public var variables: [Variable]

    /// An environment variable from an install snippet.
    public struct Variable: Sendable, Hashable {
        public var name: String
        public var value: String?
        public var example: String?
        /// The name looks like a credential (`*_TOKEN`, `*_API_KEY`, `*_SECRET`, `*_PASSWORD`).
        public var isSecret: Bool
    }

    /// Parses a detail page.
    public static func parse(html: Data, url: URL? = nil) throws -> MCPServersOrgPage {
        let document = try HTMLDocument(html: html, baseURL: url?.absoluteString)
        return try parse(document, url: url)
    }

    /// Everything outside the site chrome.
    private static let outsideChrome = "not(ancestor::header) and not(ancestor::footer) and not(ancestor::nav) and not(ancestor::aside[contains(@class,'sidebar')])"

    static func parse(_ document: HTMLDocument, url: URL?) throws -> MCPServersOrgPage {
        // Inside a real `main`, everything is content (an article's own `header` may hold the
        // h1); without one, the body is searched minus the site's header, nav and footer.
        let realMain = document.first("//main") ?? document.first("//*[@role='main']")
        guard let main = realMain ?? document.first("//body") ?? document.root else { throw ParseError.noHeading }
        let content = realMain == nil ? "[\(outsideChrome)]" : ""
        let heading = main.select(".//h1\(content)").first { !$0.normalizedText.isEmpty }
        guard let heading else { throw ParseError.noHeading }

        let description = heading.select("following::p[normalize-space()]\(content)").first { paragraph in
            // Skip paragraphs made of a badge or a link only ("Official", "View on GitHub").
            let text = paragraph.normalizedText
            return text.count > 2 && paragraph.first("ancestor::pre") == nil
        }?.normalizedText
            ?? document.first("//meta[@name='description']")?.attribute("content")?.trimmingCharacters(in: .whitespacesAndNewlines)

        let repository = main.select(".//a[contains(@href, 'github.com')]\(content)").lazy
            .compactMap { repositoryLink($0.attribute("href") ?? "") }.first

        var categories: [String] = []
        for link in main.select(".//a[contains(@href, '/category/')]\(content)") {
            guard let href = link.attribute("href"), let slug = categorySlug(href), !categories.contains(slug) else { continue }
            categories.append(slug)
        }

        let (official, sponsored) = markers(near: heading)

        var blocks = main.select(".//pre\(content)").map(\.text)
        blocks += main.select(".//code[not(ancestor::pre)]\(content)").map(\.text)
        var launches: [LaunchSpec] = []
        var variables: [Variable] = []
        for block in blocks {
            let snippet = InstallSnippet.parse(block)
            launches += snippet.launches
            for variable in snippet.variables where !variables.contains(where: { $0.name == variable.name }) {
                variables.append(Variable(
                    name: variable.name, value: variable.value, example: variable.example,
                    isSecret: CredentialName.looksSecret(variable.name)
                ))
            }
        }
        // The richest launch wins; among equals, the first one on the page.
        let launch = launches.enumerated().max { lhs, rhs in
            lhs.element.richness != rhs.element.richness ? lhs.element.richness < rhs.element.richness : lhs.offset > rhs.offset
        }?.element ?? .unknown

        return MCPServersOrgPage(
            title: heading.normalizedText, description: description, repositoryURL: repository, categories: categories,
            official: official, sponsored: sponsored, launch: launch, variables: variables
        )
    }

    /// Official and sponsor markers near the heading (the first elements of its parent): a
    /// short leaf element whose text is the word (`Official`, `Sponsored`, `Featured`), or a
    /// class name starting with `official` / `sponsor` (`official-badge`).
    private static func markers(near heading: HTMLNode) -> (official: Bool, sponsored: Bool) {
        var official = false
        var sponsored = false
        for node in (heading.parent ?? heading).descendants(limit: 80) {
            for name in node.classes {
                let lower = name.lowercased()
                if lower.hasPrefix("official") { official = true }
                if lower.hasPrefix("sponsor") { sponsored = true }
            }
            guard !node.hasElementChildren else { continue }
            switch node.normalizedText.lowercased() {
            case "official", "✓ official", "official server": official = true
            case "sponsor", "sponsored", "featured": sponsored = true
            default: break
            }
        }
        return (official, sponsored)
    }

    /// `https://github.com/owner/repo[/tree/…]` → the link, for a repository (not a profile,
    /// sponsors page, topic or the site's own chrome).
    static func repositoryLink(_ href: String) -> String? {
        guard let components = URLComponents(string: href.trimmingCharacters(in: .whitespaces)),
              let host = components.host?.lowercased(), host == "github.com" || host == "www.github.com" else { return nil }
        let parts = components.path.split(separator: "/").map(String.init)
        guard parts.count >= 2 else { return nil }
        let reserved: Set<String> = ["sponsors", "topics", "orgs", "settings", "marketplace", "features", "login", "about", "apps", "collections"]
        guard !reserved.contains(parts[0].lowercased()) else { return nil }
        return href.trimmingCharacters(in: .whitespaces)
    }

    /// `/category/<slug>` (relative or absolute) → the slug.
    static func categorySlug(_ href: String) -> String? {
        guard let components = URLComponents(string: href) else { return nil }
        let parts = components.path.split(separator: "/").map(String.init)
        guard parts.count == 2, parts[0] == "category" else { return nil }
        return parts[1].removingPercentEncoding ?? parts[1]
    }

    /// The catalog entry for this page (`mcpservers/<owner>/<name>`).
    public func entry(sourceID: String, owner: String, name: String, location: String?, listedCategories: [String] = []) -> CatalogEntry {
        let upstream = "\(owner)/\(name)"
        let secrets = variables.filter(\.isSecret).map {
            SecretRequirement(name: "\(name).\($0.name.lowercased())", env: $0.name, example: nil, required: true)
        }
        let env = variables.filter { !$0.isSecret }.map {
            EnvRequirement(name: $0.name, value: $0.value, example: $0.example, required: false)
        }
        var allCategories = categories
        for category in listedCategories where !allCategories.contains(category) { allCategories.append(category) }
        return CatalogEntry(
            id: EntryID.make(sourceID: sourceID, upstream: upstream),
            name: name,
            title: title,
            summary: description ?? "",
            categories: allCategories,
            repositoryURL: repositoryURL,
            provenance: [Provenance(sourceID: sourceID, upstreamID: upstream, location: location)],
            flags: Flags(official: official, featured: sponsored, requiresCredentials: !secrets.isEmpty),
            launch: launch,
            configuration: ConfigurationSpec(secrets: secrets, env: env)
        )
    }
}
