import Foundation
import RegistryCore

/// Parses the list lines of "awesome" markdown lists (such as TensorBlock/awesome-mcp-servers)
/// into bare-link catalog entries.
///
/// Handles `- [owner/repo](url): desc`, `- [Name](url) - desc`, `- **[Name](url)** — desc`,
/// `* [..](..) : desc`, non-GitHub URLs, `/tree/<branch>/<path>` sub-folders, dotted repo
/// names, badges, images and HTML in descriptions (stripped), and leading emoji markers
/// (🎖️ official, 📇 TypeScript, ☁️ cloud…, turned into flags and tags). Lines inside fenced code
/// blocks, prose list items and relative links (a table of contents) are skipped and counted.
public enum AwesomeListParser {
    /// Parses one markdown document.
    ///
    /// - Parameters:
    ///   - markdown: the file's text.
    ///   - category: the category used for lines above the first heading (e.g. the file's title).
    ///   - sourceID: the source's id, the first segment of every entry id.
    ///   - location: the file's path inside the source, for provenance and problems.
    public static func entries(markdown: String, category: String?, sourceID: String, location: String?) -> (entries: [CatalogEntry], problems: [SourceProblem]) {
        var accumulator = AwesomeListAccumulator(sourceID: sourceID)
        accumulator.add(markdown: markdown, category: category, location: location)
        let result = accumulator.finish()
        return (result.entries, result.problems)
    }

    /// Parses several documents of one source, deduplicating across them, with counters.
    public static func parse(documents: [AwesomeListDocument], sourceID: String) -> AwesomeListResult {
        var accumulator = AwesomeListAccumulator(sourceID: sourceID)
        for document in documents {
            accumulator.add(markdown: document.markdown, category: document.category, location: document.location)
        }
        return accumulator.finish()
    }
}

/// One markdown file handed to `AwesomeListParser.parse(documents:sourceID:)`.
public struct AwesomeListDocument: Sendable {
    public var markdown: String
    /// Category for lines above the first heading.
    public var category: String?
    /// The file's path inside the source.
    public var location: String?

    public init(markdown: String, category: String? = nil, location: String? = nil) {
        self.markdown = markdown
        self.category = category
        self.location = location
    }
}

/// What parsing one or more awesome-list documents produced.
public struct AwesomeListResult: Sendable {
    /// Unique entries, in the order first seen.
    public var entries: [CatalogEntry]
    /// Lines that looked like entries but could not be read.
    public var problems: [SourceProblem]
    /// Why lines were skipped: `list_lines`, `duplicates`, `skipped_prose_items`,
    /// `skipped_relative_links`, `skipped_code_block_lines`, `malformed_lines`.
    public var counters: [String: Int]
}

/// Accumulates entries over several documents, merging duplicates (same id, ignoring case).
struct AwesomeListAccumulator {
    let sourceID: String
    private(set) var entries: [CatalogEntry] = []
    private(set) var problems: [SourceProblem] = []
    private(set) var counters: [String: Int] = [:]
    private var indexByKey: [String: Int] = [:]

    init(sourceID: String) {
        self.sourceID = sourceID
    }

    func finish() -> AwesomeListResult {
        AwesomeListResult(entries: entries, problems: problems, counters: counters)
    }

    private mutating func count(_ key: String) {
        counters[key, default: 0] += 1
    }

    mutating func add(markdown: String, category: String?, location: String?) {
        var text = markdown
        text.withUTF8 { buffer in
            addLines(buffer, fallbackCategory: category, location: location)
        }
    }

    private mutating func addLines(_ bytes: UnsafeBufferPointer<UInt8>, fallbackCategory: String?, location: String?) {
        var heading: String? = nil
        var inFence = false
        var lineNumber = 0
        var start = 0
        let count = bytes.count
        while start < count {
            var end = start
            while end < count, bytes[end] != UInt8(ascii: "\n") { end += 1 }
            lineNumber += 1
            var lineEnd = end
            if lineEnd > start, bytes[lineEnd - 1] == UInt8(ascii: "\r") { lineEnd -= 1 }
            let line = UnsafeBufferPointer(rebasing: bytes[start..<lineEnd])
            start = end + 1

            var i = 0
            while i < line.count, line[i] == UInt8(ascii: " ") || line[i] == UInt8(ascii: "\t") { i += 1 }
            if i >= line.count { continue }
            if Markdown.startsFence(line, at: i) {
                inFence.toggle()
                continue
            }
            if inFence {
                if Markdown.listMarkerEnd(line, at: i) != nil { self.count("skipped_code_block_lines") }
                continue
            }
            if line[i] == UInt8(ascii: "#") {
                if let title = Markdown.headingText(line, at: i) { heading = title }
                continue
            }
            guard var j = Markdown.listMarkerEnd(line, at: i) else { continue }
            self.count("list_lines")
            // A second marker (`- * [x](y)`), then optional emphasis around the link.
            if let again = Markdown.listMarkerEnd(line, at: j), again < line.count, line[again] == UInt8(ascii: "[") || line[again] == UInt8(ascii: "*") {
                j = again
            }
            var emphasis = 0
            while j < line.count, emphasis < 3, line[j] == UInt8(ascii: "*") || line[j] == UInt8(ascii: "_") {
                j += 1
                emphasis += 1
            }
            guard j < line.count, line[j] == UInt8(ascii: "[") else {
                self.count("skipped_prose_items")
                continue
            }
            let lineLocation = location.map { "\($0):\(lineNumber)" } ?? "line \(lineNumber)"
            guard let link = Markdown.link(line, at: j) else {
                self.count("malformed_lines")
                problems.append(SourceProblem(location: lineLocation, message: "list item starts with a link that has no (url)"))
                continue
            }
            let url = link.destination
            let lowered = url.lowercased()
            guard lowered.hasPrefix("https://") || lowered.hasPrefix("http://") else {
                self.count("skipped_relative_links")
                continue
            }
            guard let target = AwesomeLinkTarget(url: url) else {
                self.count("malformed_lines")
                problems.append(SourceProblem(location: lineLocation, message: "list item link is not a usable URL"))
                continue
            }
            if let violation = UpstreamName.violation(in: target.path, format: target.isGitHub ? .ownerRepository : .slug) {
                self.count("names_refused")
                problems.append(SourceProblem(location: lineLocation, message: "refused: the link's name breaks the owner/repo name rules (\(violation.rawValue))"))
                continue
            }
            var k = link.end
            while k < line.count, emphasis > 0, line[k] == UInt8(ascii: "*") || line[k] == UInt8(ascii: "_") {
                k += 1
                emphasis -= 1
            }
            let rawDescription = UnsafeBufferPointer(rebasing: line[k...])
            let description = MarkdownText.plain(rawDescription)
            let lead = AwesomeMarkers.strip(description)
            let label = MarkdownText.plain(UnsafeBufferPointer(rebasing: line[(j + 1)..<link.labelEnd]))
            let category = heading ?? fallbackCategory
            add(target: target, url: url, label: label, summary: lead.text, markers: lead.markers,
                category: category, location: location)
        }
    }

    private mutating func add(target: AwesomeLinkTarget, url: String, label: String, summary: String,
                              markers: AwesomeMarkers.Found, category: String?, location: String?) {
        let id = EntryID.make(sourceID: sourceID, upstream: target.path)
        let key = EntryID.lookupKey(id)
        if let index = indexByKey[key] {
            count("duplicates")
            var existing = entries[index]
            if let category, !existing.categories.contains(category) { existing.categories.append(category) }
            if existing.summary.isEmpty { existing.summary = summary }
            for tag in markers.tags where !existing.tags.contains(tag) { existing.tags.append(tag) }
            if markers.official { existing.flags.official = true }
            if let location, !existing.provenance.contains(where: { $0.location == location }) {
                existing.provenance.append(Provenance(sourceID: sourceID, upstreamID: target.path, location: location))
            }
            entries[index] = existing
            return
        }
        let title: String?
        let loweredLabel = label.lowercased()
        if label.isEmpty || loweredLabel == target.path.lowercased() || loweredLabel == target.name.lowercased() {
            title = nil
        } else {
            title = label
        }
        let entry = CatalogEntry(
            id: id,
            name: target.name,
            title: title,
            summary: summary,
            categories: category.map { [$0] } ?? [],
            tags: markers.tags,
            repositoryURL: url,
            homepageURL: target.isCodeHost ? nil : url,
            provenance: [Provenance(sourceID: sourceID, upstreamID: target.path, location: location)],
            flags: Flags(official: markers.official),
            launch: .unknown
        )
        indexByKey[key] = entries.count
        entries.append(entry)
    }
}

/// What an awesome-list link points at, and the id path derived from it.
struct AwesomeLinkTarget: Equatable {
    /// `owner/repo`, `owner/repo/sub/folder`, or `host/path` for other sites.
    var path: String
    /// The short name: the repository, the sub-folder, or the last path component.
    var name: String
    /// Whether the host is a source-code host (the URL is a repository, not a homepage).
    var isCodeHost: Bool
    /// Whether it is a github.com repository (`path` is then `owner/repo[/sub/folder]`).
    var isGitHub: Bool

    init?(url raw: String) {
        // Byte-level: this runs once per list line.
        var bytes = Array(raw.utf8)
        while let last = bytes.last, last == 0x20 || last == 0x09 { bytes.removeLast() }
        var start = 0
        while start < bytes.count, bytes[start] == 0x20 || bytes[start] == 0x09 { start += 1 }
        // Skip `scheme://`.
        var i = start
        while i + 2 < bytes.count, !(bytes[i] == UInt8(ascii: ":") && bytes[i + 1] == UInt8(ascii: "/") && bytes[i + 2] == UInt8(ascii: "/")) { i += 1 }
        guard i + 2 < bytes.count else { return nil }
        var end = i + 3
        while end < bytes.count, bytes[end] != UInt8(ascii: "?"), bytes[end] != UInt8(ascii: "#") { end += 1 }
        var parts: [String] = []
        var partStart = i + 3
        for k in (i + 3)...end where k == end || bytes[k] == UInt8(ascii: "/") {
            if k > partStart { parts.append(String(decoding: bytes[partStart..<k], as: UTF8.self)) }
            partStart = k + 1
        }
        guard !parts.isEmpty else { return nil }
        var host = parts[0].lowercased()
        if let at = host.lastIndex(of: "@") { host = String(host[host.index(after: at)...]) }
        if let colon = host.firstIndex(of: ":") { host = String(host[..<colon]) }
        if host.hasPrefix("www.") { host.removeFirst(4) }
        guard host.contains("."), !host.hasPrefix("."), !host.hasSuffix("."),
              host.utf8.allSatisfy({ ($0 >= 0x61 && $0 <= 0x7A) || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2E || $0 == 0x2D || $0 >= 0x80 })
        else { return nil }
        parts[0] = host
        isCodeHost = Self.codeHosts.contains(host)
        isGitHub = host == "github.com" && parts.count >= 3
        if host == "github.com", parts.count >= 3 {
            let owner = parts[1]
            var repo = parts[2]
            if repo.utf8.count > 4, repo.lowercased().hasSuffix(".git") { repo.removeLast(4) }
            var sub: [String] = []
            if parts.count >= 6, parts[3] == "tree" || parts[3] == "blob" {
                sub = Array(parts[5...])
                // A blob points at a file: the entry is the folder holding it.
                if parts[3] == "blob", let last = sub.last, last.contains(".") { sub.removeLast() }
            }
            path = ([owner, repo] + sub).joined(separator: "/")
            name = sub.last ?? repo
        } else {
            path = parts.joined(separator: "/")
            name = parts.count > 1 ? parts[parts.count - 1] : host
        }
    }

    private static let codeHosts: Set<String> = ["github.com", "gitlab.com", "bitbucket.org", "codeberg.org", "gitee.com", "sr.ht", "git.sr.ht"]
}
