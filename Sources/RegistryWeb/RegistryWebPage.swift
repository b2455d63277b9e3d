import Foundation
import Hummingbird
import Logging
import RegistryAPI
import RegistryCore

/// The registry's web page, served by the same process as the API: `/` (newest and most
/// downloaded), `/search?q=` (RegistryCore's `SearchIndex`, as `registry-find` ranks),
/// `/servers/{name}` (one server, `?version=` for another version), `/publish` (a form that
/// publishes through `POST /v0.1/publish`) and `/static/…` (its own style sheet and
/// script). Server-rendered HTML: browsing works without JavaScript. Every response carries
/// `WebResponses.contentSecurityPolicy`; everything from the store is escaped.
public enum RegistryWebPage {
    /// The routes, for `RegistryHTTPService(extra:)`.
    /// - Parameter publishing: whether the registry accepts publications (the form is shown).
    /// - Parameter catalog: the search catalog to share with the API's own search
    ///   (`RegistryHTTPService.searchCatalog`); nil builds one over `store`.
    public static func routes(
        store: any RegistryStore, catalog: ServerSearchCatalog? = nil, options: WebPageOptions = WebPageOptions(), publishing: Bool = true, logger: Logger
    ) -> RegistryRouter.RouteGroup {
        let catalog = catalog ?? ServerSearchCatalog(store: store, sourceID: options.sourceID)
        return { router in
            router.get("/") { _, _ in
                await page(options, logger) {
                    let popular = await mostDownloaded(in: store)
                    return WebPages.home(try await catalog.current(), popular: popular, options: options)
                }
            }
            router.get("search") { request, _ in
                await page(options, logger) {
                    let query = String((request.uri.queryParameters["q"] ?? "").prefix(200)).trimmingCharacters(in: .whitespacesAndNewlines)
                    guard !query.isEmpty else { return WebPages.search("", hits: [], total: 0, options: options) }
                    let found = try await catalog.current().summaries(matching: query, limit: 50)
                    return WebPages.search(query, hits: found.hits, total: found.total, options: options)
                }
            }
            router.get("servers/**") { request, context in
                await serverPage(request, segments: context.parameters.getCatchAll(), store: store, catalog: catalog, options: options, logger: logger)
            }
            router.get("publish") { _, _ in WebResponses.html(WebPages.publish(options: options, publishing: publishing)) }
            router.post("publish") { _, _ in WebResponses.html(WebPages.publishNeedsScript(options: options), status: .badRequest) }
            router.get("static/web.css") { _, _ in WebResponses.asset(WebAssets.css, type: "text/css; charset=utf-8") }
            router.get("static/web.js") { _, _ in WebResponses.asset(WebAssets.script, type: "text/javascript; charset=utf-8") }
            router.get("static/icon.svg") { _, _ in WebResponses.asset(WebAssets.icon, type: "image/svg+xml") }
            router.get("favicon.ico") { _, _ in WebResponses.asset(WebAssets.icon, type: "image/svg+xml") }
        }
    }

    /// Renders a page, turning a store failure into a logged 500 page.
    static func page(_ options: WebPageOptions, _ logger: Logger, _ body: () async throws -> String) async -> Response {
        do {
            return WebResponses.html(try await body())
        } catch let missing as PageNotFound {
            return WebResponses.html(WebPages.notFound(options: options, what: missing.what), status: .notFound)
        } catch {
            logger.error("web page failed", metadata: ["error": "\(error)"])
            return WebResponses.html(WebPages.failure(options: options), status: .internalServerError)
        }
    }

    struct PageNotFound: Error {
        var what: String
    }

    static func serverPage(
        _ request: Request, segments: [Substring], store: any RegistryStore, catalog: ServerSearchCatalog, options: WebPageOptions, logger: Logger
    ) async -> Response {
        await page(options, logger) {
            guard let name = segments.joined(separator: "/").removingPercentEncoding, ServerNameRules.problem(name) == nil else {
                throw PageNotFound(what: "server")
            }
            let versions = try await store.versions(of: name, includeDeleted: false)
            guard let latest = versions.first(where: \.isLatest) ?? versions.first else { throw PageNotFound(what: "server") }
            var shown = latest
            if let wanted = request.uri.queryParameters["version"].map(String.init), !wanted.isEmpty {
                guard let match = versions.first(where: { $0.version == wanted }) else { throw PageNotFound(what: "version") }
                shown = match
            }
            let entry = catalog.entry(for: shown)
            let document = try? JSONDecoder().decode(JSONValue.self, from: Data(shown.document.utf8))
            let model = ServerPageModel(
                name: name, shown: shown, versions: versions, entry: entry,
                addID: EntryID.make(sourceID: options.sourceID, upstream: name),
                readme: document.flatMap(ServerPageModel.readme(of:)),
                clientEntries: entry.map { ClientConfigSnippets.make(for: $0) } ?? .unavailable(launchKind: "unknown", problem: "its server.json could not be read"),
                downloads: await downloads(of: name, in: store)
            )
            return WebPages.server(model, baseURL: baseURL(request, options), options: options)
        }
    }

    /// The downloads of `name`'s hosted packages, per version; nil when it has none counted
    /// (or the store keeps no counts).
    static func downloads(of name: String, in store: any RegistryStore) async -> DownloadCounts? {
        guard let counts = try? await RegistryHTTPService.hostedStore(in: store)?.downloadCounts(name: name),
              !counts.byVersion.isEmpty else { return nil }
        return counts
    }

    /// The most downloaded servers, by name, with their counts (empty when nothing is counted).
    static func mostDownloaded(in store: any RegistryStore, limit: Int = 10) async -> [(name: String, downloads: Int)] {
        guard let statistics = try? await RegistryHTTPService.hostedStore(in: store)?.hostedStatistics(limit: limit) else { return [] }
        return statistics.mostDownloaded.filter { $0.downloads > 0 }.map { ($0.name, Int($0.downloads)) }
    }

    /// The registry's base URL for the commands the page prints: the configured public URL,
    /// else `http://` and the request's host when it looks like a host, else a placeholder.
    static func baseURL(_ request: Request, _ options: WebPageOptions) -> String {
        if let url = options.publicURL { return url }
        let host = request.head.authority ?? ""
        let allowed = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-:[]")
        guard !host.isEmpty, host.count <= 255, host.unicodeScalars.allSatisfy(allowed.contains) else { return "<registry URL>" }
        return "http://" + host
    }
}
