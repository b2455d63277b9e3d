import Foundation
import RegistryCore

/// The official MCP registry API (`registry.modelcontextprotocol.io`) or any registry that
/// serves the same API (a company's subregistry): several can be configured under different ids.
///
/// The first load lists every server version (`GET /v0.1/servers?limit=100`, following
/// `metadata.nextCursor` / `next_cursor` to the end; `/v0` when `/v0.1` is 404). Later loads
/// ask only for what changed (`updated_since=<last sync>`, kept in `SourceSnapshot.revision`):
/// changed servers are replaced, `deleted` ones removed, `deprecated` ones kept and marked.
/// Only `active` (and `deprecated`) servers are kept. A malformed page or item becomes a
/// `SourceProblem`; what was read still loads, and a sync cut short does not move the revision.
///
/// Versions: the API lists each published version of a server as its own item. All versions of
/// one name fold into one entry whose launch spec is the newest by the official ordering
/// (`ServerRelease.isNewer`: `isLatest`, then semver precedence, then `publishedAt`); the others
/// are listed in `release.otherVersions`. A `deleted` (or other inactive) version is dropped
/// from those versions; when it is the version the entry was built from, the entry goes.
///
/// Counters in the snapshot: `pages_fetched`, `incremental` (0/1), `items_seen`,
/// `items_malformed`, `versions_folded`, `servers_added`, `servers_updated` (incremental),
/// `servers_deleted`, `servers_inactive`, `servers_deprecated`.
public struct OfficialRegistrySource: CatalogSource {
    /// The public registry.
    public static let defaultBaseURL = URL(string: "https://registry.modelcontextprotocol.io")!

    public let id: String
    public var kind: String { "official" }
    public let baseURL: URL
    public var location: String { baseURL.absoluteString }
    public let fetcher: HTTPFetcher
    /// Servers per page (`limit`).
    public var pageSize: Int
    /// A guard against a cursor that never ends.
    public var maxPages: Int

    public init(id: String = "official", baseURL: URL = OfficialRegistrySource.defaultBaseURL, fetcher: HTTPFetcher, pageSize: Int = 100, maxPages: Int = 2_000) {
        self.id = id
        self.baseURL = baseURL
        self.fetcher = fetcher
        self.pageSize = pageSize
        self.maxPages = maxPages
    }

    public func load(previous: SourceSnapshot?) async throws -> SourceSnapshot {
        let started = Date()
        let since = previous.flatMap { $0.revision }.flatMap(Self.parseDate)
        var sync = Sync(sourceID: id, incremental: since != nil, previous: since != nil ? previous?.entries ?? [] : [])
        var apiVersion = "v0.1"
        var cursor: String?
        var seenCursors: Set<String> = []
        var serverDate: Date?
        var complete = false

        pages: while sync.pages < maxPages {
            let url = pageURL(apiVersion: apiVersion, since: since, cursor: cursor)
            let response: HTTPResponse
            do {
                response = try await fetcher.fetch(HTTPRequest(url: url, headers: ["Accept": "application/json"], cachePolicy: .noCache))
            } catch {
                if sync.pages == 0 { throw error }
                sync.problem(url, "\(error)")
                break pages
            }
            if response.status == 404, sync.pages == 0, apiVersion == "v0.1" {
                apiVersion = "v0"
                continue
            }
            guard response.isSuccess else {
                let failure = HTTPFetchError.unexpectedStatus(url: url.absoluteString, status: response.status)
                if sync.pages == 0 { throw failure }
                sync.problem(url, failure.description)
                break pages
            }
            if sync.pages == 0 { serverDate = response.header("date").flatMap(RetryAfter.httpDate) }
            sync.pages += 1

            let page: JSONValue
            do {
                page = try OfficialServerParser.decode(response.body, location: url.absoluteString)
            } catch {
                sync.problem(url, "malformed page: \(error)")
                break pages
            }
            guard let items = (page["servers"] ?? page["items"])?.arrayValue else {
                sync.problem(url, "malformed page: no `servers` array")
                break pages
            }
            for item in items { sync.apply(item, location: { detailLocation(apiVersion: apiVersion, name: $0) }) }

            let metadata = page["metadata"] ?? page["meta"]
            guard let next = metadata?.text("nextCursor"), !next.isEmpty else {
                complete = true
                break pages
            }
            guard seenCursors.insert(next).inserted else {
                sync.problem(url, "the cursor \(next) came back twice; stopped paging")
                break pages
            }
            cursor = next
        }
        if !complete, sync.pages >= maxPages {
            sync.problem(baseURL, "stopped after \(maxPages) pages")
        }

        // A sync cut short keeps the previous revision, so the next one asks again from there.
        let revision = complete ? Self.formatDate(serverDate ?? started) : previous?.revision
        if !complete, !sync.incremental, let previous {
            sync.keepUnseen(from: previous.entries)
        }
        sync.counters["pages_fetched"] = sync.pages
        return SourceSnapshot(
            sourceID: id, entries: sync.entries, revision: revision, problems: sync.problems,
            counters: sync.counters, loadedAt: Date()
        ).boundingText()  // EntryTextLimits: long text cut, one problem per source
    }

    // MARK: - URLs

    func pageURL(apiVersion: String, since: Date?, cursor: String?) -> URL {
        var components = URLComponents(url: baseURL.appendingPathComponent(apiVersion).appendingPathComponent("servers"), resolvingAgainstBaseURL: false)!
        // Every version, not `version=latest`: the older ones are listed as the entry's versions.
        var query = [URLQueryItem(name: "limit", value: String(pageSize))]
        if let since { query.append(URLQueryItem(name: "updated_since", value: Self.formatDate(since))) }
        if let cursor { query.append(URLQueryItem(name: "cursor", value: cursor)) }
        components.queryItems = (components.queryItems ?? []) + query
        // `+` in a timestamp or cursor would read as a space.
        components.percentEncodedQuery = components.percentEncodedQuery?.replacingOccurrences(of: "+", with: "%2B")
        return components.url!
    }

    private func detailLocation(apiVersion: String, name: String) -> String {
        let escaped = name.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed.subtracting(CharacterSet(charactersIn: "/"))) ?? name
        return baseURL.appendingPathComponent(apiVersion).appendingPathComponent("servers").absoluteString + "/" + escaped + "/versions/latest"
    }

    // MARK: - Dates

    static func parseDate(_ text: String) -> Date? {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let date = formatter.date(from: text) { return date }
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.date(from: text)
    }

    static func formatDate(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: date)
    }
}

/// The state of one sync: entries by id in listing order, counters and problems.
private struct Sync {
    let sourceID: String
    let incremental: Bool
    var order: [String] = []
    var byID: [String: CatalogEntry] = [:]
    var problems: [SourceProblem] = []
    var counters: [String: Int] = [:]
    var pages = 0

    init(sourceID: String, incremental: Bool, previous: [CatalogEntry]) {
        self.sourceID = sourceID
        self.incremental = incremental
        for entry in previous where byID.updateValue(entry, forKey: entry.id) == nil {
            order.append(entry.id)
        }
        counters["incremental"] = incremental ? 1 : 0
    }

    var entries: [CatalogEntry] { order.compactMap { byID[$0] } }

    mutating func problem(_ url: URL, _ message: String) {
        problems.append(SourceProblem(location: url.absoluteString, message: message))
    }

    mutating func count(_ key: String) { counters[key, default: 0] += 1 }

    /// Applies one API item: add, fold in as another version, replace, mark deprecated or remove.
    mutating func apply(_ item: JSONValue, location: (String) -> String) {
        count("items_seen")
        let (server, meta) = OfficialServerParser.split(item: item)
        let name = server.text("name")
        let status = OfficialServerParser.status(of: item) ?? "active"
        guard status == "active" || status == "deprecated" else {
            if let name { removeVersion(server.text("version"), of: EntryID.make(sourceID: sourceID, upstream: name)) }
            count(status == "deleted" ? "servers_deleted" : "servers_inactive")
            return
        }
        let here = name.map { CatalogPath.display(location($0)) }
        do {
            var entry = try OfficialServerParser.entry(from: server, meta: meta, sourceID: sourceID, location: here)
            if status == "deprecated" {
                entry.flags.deprecated = true
                count("servers_deprecated")
            }
            guard let existing = byID[entry.id] else {
                byID[entry.id] = entry
                order.append(entry.id)
                if incremental { count("servers_added") }
                return
            }
            byID[entry.id] = Self.merge(existing, entry)
            if existing.release?.version != entry.release?.version, existing.release != nil, entry.release != nil {
                count("versions_folded")
            } else if incremental {
                count("servers_updated")
            }
        } catch {
            count("items_malformed")
            problems.append(SourceProblem(location: here ?? "item \(counters["items_seen"] ?? 0)", message: "\(error)"))
        }
    }

    /// Another item of an entry already held: another version folds in (the newer one keeps
    /// the entry); the same version (or one without a version) replaces it, keeping the list
    /// of other versions.
    static func merge(_ existing: CatalogEntry, _ incoming: CatalogEntry) -> CatalogEntry {
        guard let old = existing.release, let new = incoming.release, old.version != new.version else {
            var replaced = incoming
            if let versions = existing.release?.otherVersions, replaced.release != nil, replaced.release!.otherVersions.isEmpty {
                replaced.release!.otherVersions = versions
            }
            return replaced
        }
        return existing.keepingNewerRelease(incoming)
    }

    /// A version that is no longer active: dropped from the entry's other versions, or the
    /// whole entry when it is the version the entry was built from (or no version is named).
    mutating func removeVersion(_ version: String?, of id: String) {
        guard let entry = byID[id] else { return }
        guard let version, let release = entry.release, release.version != version else {
            remove(id)
            return
        }
        byID[id]?.release?.otherVersions = release.otherVersions.filter { $0 != version }
    }

    mutating func remove(_ id: String) {
        if byID.removeValue(forKey: id) != nil {
            order.removeAll { $0 == id }
        }
    }

    /// After a full sync cut short: previous entries not seen again are kept (last good copy).
    mutating func keepUnseen(from previous: [CatalogEntry]) {
        for entry in previous where byID[entry.id] == nil {
            byID[entry.id] = entry
            order.append(entry.id)
        }
    }
}
