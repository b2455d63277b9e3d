import Foundation
import Logging
import RegistryCore

/// mcpservers.org (or a site built like it): server pages discovered from the listings
/// (`/all`, `/category/<slug>`, `?page=N`, and `/sitemap.xml` when present), then each detail
/// page `/servers/<owner>/<name>` parsed by `MCPServersOrgPage` into `mcpservers/<owner>/<name>`.
///
/// Polite: the fetcher caps requests per host, and one refresh fetches at most `pageBudget`
/// detail pages, most recently listed first (never-fetched pages before stale ones). It
/// resumes: a page validated within `detailFreshness` is read from the HTTP cache without a
/// request, a stale one is revalidated (a `304` costs no download), and the known pages are
/// kept in a state file so the next refresh continues where this one stopped. Pages that
/// cannot be fetched keep their cached copy or last entry; a 404/410 removes the page.
///
/// Counters in the snapshot: `pages_known`, `pages_pending` (never fetched, over the budget),
/// `pages_fetched`, `pages_not_modified` (304), `pages_from_cache`, `pages_skipped_no_h1`,
/// `pages_too_large`, `pages_timed_out`, `pages_failed` (all failures, the two before
/// included), `pages_gone`, `listing_pages_fetched`, `listing_pages_not_modified`,
/// `listing_pages_failed`, `listing_pages_deferred`, `sitemaps_read`, `entries`.
public struct MCPServersOrgSource: CatalogSource {
    /// The public site.
    public static let defaultBaseURL = URL(string: "https://mcpservers.org")!

    public let id: String
    public var kind: String { "mcpservers" }
    public let baseURL: URL
    public var location: String { baseURL.absoluteString }
    public let fetcher: HTTPFetcher
    /// Where the known pages are kept between refreshes (`nil`: only in memory).
    public var stateFile: URL?
    /// Detail pages fetched from the network per refresh at most.
    public var pageBudget: Int
    /// Listing pages (including category pages and their pagination) fetched per refresh at most.
    public var maxListingPages: Int
    /// Detail pages fetched at the same time (the fetcher's per-host cap applies too).
    public var maxConcurrentPages: Int
    /// A detail page validated less than this many seconds ago is used from the cache as is.
    public var detailFreshness: TimeInterval

    private static let logger = Logger(label: "mcp-registry.mcpservers")

    public init(
        id: String = "mcpservers",
        baseURL: URL = MCPServersOrgSource.defaultBaseURL,
        fetcher: HTTPFetcher,
        stateFile: URL? = nil,
        pageBudget: Int = 1_000,
        maxListingPages: Int = 300,
        maxConcurrentPages: Int = 4,
        detailFreshness: TimeInterval = 3 * 24 * 3600
    ) {
        self.id = id
        self.baseURL = baseURL
        self.fetcher = fetcher
        self.stateFile = stateFile
        self.pageBudget = pageBudget
        self.maxListingPages = maxListingPages
        self.maxConcurrentPages = maxConcurrentPages
        self.detailFreshness = detailFreshness
    }

    /// The state file for source `id` under the registry's cache (`cache/mcpservers/<id>.json`).
    public static func stateFile(paths: RegistryPaths, id: String) -> URL {
        paths.cacheDirectory.appendingPathComponent("mcpservers", isDirectory: true).appendingPathComponent("\(id).json")
    }

    public func load(previous: SourceSnapshot?) async throws -> SourceSnapshot {
        var report = Report()
        let state = MCPServersOrgState.read(stateFile)

        // 1. Discovery: listings, then the sitemap; known pages from before are kept.
        let discovery = await discover(&report)
        var ranked = OrderedPaths()
        ranked.append(contentsOf: discovery.listed)
        ranked.append(contentsOf: discovery.sitemap)
        ranked.append(contentsOf: state.pages)
        let previousByID = Dictionary((previous?.entries ?? []).map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        for entry in previous?.entries ?? [] {
            if let location = entry.provenance.first(where: { $0.sourceID == id })?.location, let url = URL(string: location),
               let path = MCPServersOrgListing.serverPath(url) {
                ranked.append(path)
            }
        }
        var categories = state.categories
        for (path, slugs) in discovery.categories { categories[path] = slugs }

        // 2. Which pages need the network: never fetched first, then stale, in listing order.
        //    Fresh pages are parsed from the cache right away (one read each).
        var outcomes: [String: PageOutcome] = [:]
        var neverFetched: [String] = []
        var stale: [String] = []
        let now = Date()
        for path in ranked.items {
            guard let cached = fetcher.cache?.metadata(for: url(path)) else {
                neverFetched.append(path)
                continue
            }
            guard now.timeIntervalSince(cached.validatedAt) < detailFreshness else {
                stale.append(path)
                continue
            }
            // Unchanged since the last load parsed it: its entry stands as it was.
            if let previous, cached.storedAt <= previous.loadedAt, let (owner, name) = Self.ownerAndName(path),
               let entry = previousByID[EntryID.make(sourceID: id, upstream: "\(owner)/\(name)")] {
                outcomes[path] = .entry(entry, .cache)
            } else if let body = fetcher.cache?.entry(for: url(path))?.body {
                outcomes[path] = parse(body, path: path, categories: categories[path] ?? [], origin: .cache)
            } else {
                neverFetched.append(path)
            }
        }
        let budget = max(0, pageBudget)
        let toFetch = Array((neverFetched + stale).prefix(budget))
        let deferredStale = Array(stale.dropFirst(max(0, budget - neverFetched.count)))
        report.counters["pages_known"] = ranked.items.count
        report.counters["pages_pending"] = max(0, neverFetched.count - budget)
        if neverFetched.count + stale.count > budget {
            Self.logger.info("page budget reached; the rest waits for the next refresh", metadata: [
                "source": "\(id)", "budget": "\(budget)", "waiting": "\(neverFetched.count + stale.count - budget)",
            ])
        }

        // 3. Stale pages beyond the budget are read from their cached copy; the rest are fetched.
        for path in deferredStale {
            if let cached = fetcher.cache?.entry(for: url(path)) {
                outcomes[path] = parse(cached.body, path: path, categories: categories[path] ?? [], origin: .cache)
            }
        }
        for (path, outcome) in await fetchAll(toFetch, categories: categories) { outcomes[path] = outcome }

        // 4. Entries in listing order; failures keep the last good copy.
        var entries: [CatalogEntry] = []
        var gone: Set<String> = []
        var seen: Set<String> = []
        for path in ranked.items {
            let outcome = outcomes[path]
            switch outcome {
            case .entry(let entry, let origin):
                report.count(origin)
                if seen.insert(entry.id).inserted { entries.append(entry) }
                continue
            case .noHeading:
                report.counters["pages_skipped_no_h1", default: 0] += 1
                continue
            case .gone:
                report.counters["pages_gone", default: 0] += 1
                gone.insert(path)
                continue
            case .failed(let kind, let message):
                report.counters[kind, default: 0] += 1
                if kind != "pages_failed" { report.counters["pages_failed", default: 0] += 1 }
                report.problems.append(SourceProblem(location: url(path).absoluteString, message: message))
            case nil:
                break
            }
            // Not read this time: the stale cached copy, else the last entry.
            if outcome != nil, let cached = fetcher.cache?.entry(for: url(path)),
               case .entry(let entry, _) = parse(cached.body, path: path, categories: categories[path] ?? [], origin: .cache) {
                if seen.insert(entry.id).inserted { entries.append(entry) }
            } else if let (owner, name) = Self.ownerAndName(path), let entry = previousByID[EntryID.make(sourceID: id, upstream: "\(owner)/\(name)")] {
                if seen.insert(entry.id).inserted { entries.append(entry) }
            }
        }

        let known = ranked.items.filter { !gone.contains($0) }
        if discovery.reachable || !outcomes.isEmpty {
            MCPServersOrgState(pages: known, categories: categories.filter { !gone.contains($0.key) }).write(stateFile)
        }
        let attempted = toFetch.count
        let fetchedAny = outcomes.values.contains { if case .failed = $0 { return false } else { return true } }
        if !discovery.reachable, attempted > 0 || ranked.items.isEmpty, !fetchedAny {
            throw discovery.error ?? HTTPFetchError.transport(url: baseURL.absoluteString, message: "the site could not be read")
        }
        report.counters["entries"] = entries.count
        return SourceSnapshot(
            sourceID: id, entries: entries, revision: Self.revision(entries), problems: report.problems,
            counters: report.counters, loadedAt: Date()
        ).boundingText()  // EntryTextLimits: long text cut, one problem per source
    }

    // MARK: - Discovery

    private struct Discovery {
        /// Detail pages in listing order (`/all` first, then categories).
        var listed: [String] = []
        /// Detail pages only the sitemap names (newest first).
        var sitemap: [String] = []
        /// Category slugs per detail page, from the category listings.
        var categories: [String: [String]] = [:]
        /// At least one listing or sitemap answered.
        var reachable = false
        var error: (any Error)?
    }

    private func discover(_ report: inout Report) async -> Discovery {
        var discovery = Discovery()
        var allPages = ["/all"]
        var categoryPages: [String] = []
        var visited: Set<String> = []
        var listed = OrderedPaths()
        var fetchedListings = 0

        while fetchedListings < maxListingPages, let path = allPages.first ?? categoryPages.first {
            if allPages.isEmpty { categoryPages.removeFirst() } else { allPages.removeFirst() }
            guard visited.insert(path).inserted else { continue }
            fetchedListings += 1
            let pageURL = url(path)
            do {
                let response = try await fetcher.fetch(HTTPRequest(url: pageURL, headers: ["Accept": "text/html"]))
                guard response.isSuccess else {
                    throw HTTPFetchError.unexpectedStatus(url: pageURL.absoluteString, status: response.status)
                }
                report.counters[response.origin == .revalidated ? "listing_pages_not_modified" : "listing_pages_fetched", default: 0] += 1
                discovery.reachable = true
                let listing = try MCPServersOrgListing.parse(html: response.body, pageURL: pageURL)
                listed.append(contentsOf: listing.serverPaths)
                if let slug = MCPServersOrgPage.categorySlug(pageURL.path) {
                    for server in listing.serverPaths where !(discovery.categories[server] ?? []).contains(slug) {
                        discovery.categories[server, default: []].append(slug)
                    }
                }
                let isCategory = path.hasPrefix("/category/")
                for page in listing.pagePaths where !visited.contains(page) {
                    if isCategory { categoryPages.insert(page, at: 0) } else { allPages.append(page) }
                }
                categoryPages += listing.categoryPaths.filter { !visited.contains($0) && !categoryPages.contains($0) }
            } catch {
                report.counters["listing_pages_failed", default: 0] += 1
                report.problems.append(SourceProblem(location: pageURL.absoluteString, message: "\(error)"))
                discovery.error = discovery.error ?? error
            }
        }
        if !allPages.isEmpty || !categoryPages.isEmpty {
            report.counters["listing_pages_deferred"] = allPages.count + categoryPages.count
        }

        // The sitemap, when the site has one (a 404 is normal).
        var sitemaps = [url("/sitemap.xml")]
        var sitemapPaths = OrderedPaths()
        var readSitemaps = 0
        while let sitemapURL = sitemaps.first, readSitemaps < 20 {
            sitemaps.removeFirst()
            readSitemaps += 1
            guard let response = try? await fetcher.fetch(HTTPRequest(url: sitemapURL, headers: ["Accept": "application/xml"])),
                  response.isSuccess, let listing = try? MCPServersOrgListing.parse(sitemap: response.body, siteURL: baseURL)
            else { continue }
            discovery.reachable = true
            report.counters["sitemaps_read", default: 0] += 1
            sitemapPaths.append(contentsOf: listing.serverPaths)
            sitemaps += listing.sitemapURLs
        }
        discovery.listed = listed.items
        let listedSet = Set(listed.items)
        discovery.sitemap = sitemapPaths.items.filter { !listedSet.contains($0) }
        return discovery
    }

    // MARK: - Detail pages

    private func fetchAll(_ paths: [String], categories: [String: [String]]) async -> [(String, PageOutcome)] {
        await withTaskGroup(of: (String, PageOutcome).self) { group in
            var results: [(String, PageOutcome)] = []
            var next = 0
            func addTask() {
                let path = paths[next]
                let listed = categories[path] ?? []
                next += 1
                group.addTask { (path, await fetchPage(path, categories: listed)) }
            }
            while next < paths.count, next < max(1, maxConcurrentPages) { addTask() }
            while let result = await group.next() {
                results.append(result)
                if next < paths.count { addTask() }
            }
            return results
        }
    }

    private func fetchPage(_ path: String, categories: [String]) async -> PageOutcome {
        let pageURL = url(path)
        do {
            let response = try await fetcher.fetch(HTTPRequest(url: pageURL, headers: ["Accept": "text/html"]))
            if response.status == 404 || response.status == 410 {
                fetcher.cache?.remove(pageURL)
                return .gone
            }
            guard response.isSuccess else {
                return .failed("pages_failed", "HTTP \(response.status)")
            }
            return parse(response.body, path: path, categories: categories, origin: response.origin)
        } catch let error as HTTPFetchError {
            switch error {
            case .tooLarge: return .failed("pages_too_large", error.description)
            case .timedOut: return .failed("pages_timed_out", error.description)
            default: return .failed("pages_failed", error.description)
            }
        } catch {
            return .failed("pages_failed", "\(error)")
        }
    }

    private func parse(_ body: Data, path: String, categories: [String], origin: HTTPResponse.Origin) -> PageOutcome {
        guard let (owner, name) = Self.ownerAndName(path) else { return .failed("pages_failed", "not a server page") }
        do {
            let page = try MCPServersOrgPage.parse(html: body, url: url(path))
            return .entry(page.entry(sourceID: id, owner: owner, name: name, location: url(path).absoluteString, listedCategories: categories), origin)
        } catch MCPServersOrgPage.ParseError.noHeading {
            return .noHeading
        } catch {
            return .failed("pages_failed", "unreadable HTML: \(error)")
        }
    }

    // MARK: - Helpers

    private func url(_ path: String) -> URL {
        var base = baseURL.absoluteString
        while base.hasSuffix("/") { base.removeLast() }
        return URL(string: base + path)!
    }

    static func ownerAndName(_ path: String) -> (String, String)? {
        let parts = path.split(separator: "/").map(String.init)
        guard parts.count == 3, parts[0] == "servers" else { return nil }
        let owner = parts[1].removingPercentEncoding ?? parts[1]
        let name = parts[2].removingPercentEncoding ?? parts[2]
        // The slug becomes an entry id: `..`, flags, control and shell characters are refused.
        guard UpstreamName.violation(in: "\(owner)/\(name)", format: .ownerRepository) == nil else { return nil }
        return (owner, name)
    }

    /// A marker that changes when any entry does.
    private static func revision(_ entries: [CatalogEntry]) -> String? {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        guard !entries.isEmpty, let data = try? encoder.encode(entries) else { return nil }
        return StableHash.hex(data)
    }
}

/// What became of one detail page.
private enum PageOutcome: Sendable, Equatable {
    case entry(CatalogEntry, HTTPResponse.Origin)
    case noHeading
    /// 404 / 410: removed from the site.
    case gone
    /// The counter to raise, and why.
    case failed(String, String)
}

/// Counters and problems of one refresh.
private struct Report {
    var counters: [String: Int] = [
        "pages_fetched": 0, "pages_not_modified": 0, "pages_from_cache": 0,
        "pages_skipped_no_h1": 0, "pages_too_large": 0, "pages_failed": 0,
    ]
    var problems: [SourceProblem] = []

    mutating func count(_ origin: HTTPResponse.Origin) {
        switch origin {
        case .network: counters["pages_fetched", default: 0] += 1
        case .revalidated: counters["pages_not_modified", default: 0] += 1
        case .cache: counters["pages_from_cache", default: 0] += 1
        }
    }
}

/// Paths in first-seen order, without repeats.
private struct OrderedPaths {
    private(set) var items: [String] = []
    private var seen: Set<String> = []

    mutating func append(_ path: String) {
        if seen.insert(path).inserted { items.append(path) }
    }

    mutating func append(contentsOf paths: [String]) {
        for path in paths { append(path) }
    }
}
