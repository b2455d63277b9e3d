/// The most text one catalog entry may carry in each free-text field, so a hostile or
/// careless catalog cannot put megabytes into the cache, the search index or a tool result
/// through a file that is under its size cap.
///
/// Sizes are in characters (Swift `Character`s: grapheme clusters, so a cut never splits an
/// accented letter or an emoji). A longer text is cut at a character boundary and ends with
/// `…`, so it has exactly the limit's number of characters. The official `server.json`
/// schema caps `title` and `description` at 100 characters; these limits are far above
/// what any real catalog writes and only stop abuse.
public struct EntryTextLimits: Sendable, Hashable {
    /// `title`: 200 characters.
    public var title = 200
    /// `summary` (the description, or the readme excerpt that stands in for it): 2,000.
    public var summary = 2_000
    /// Each tool's description (`tools.json`, a listing): 10,000 (real ones reach 3,000:
    /// they are written for the model and often carry usage notes).
    public var toolDescription = 10_000
    /// The configuration's description and each secret's or env var's description and
    /// example: 1,000.
    public var configurationText = 1_000
    /// Each category and tag: 64.
    public var label = 64

    public init() {}

    /// The registry's limits.
    public static let standard = EntryTextLimits()

    /// Cuts every field of `entry` over its limit; returns the names of the fields cut
    /// (`description`, `title`, `tools[].description`, `configuration`, `tags`).
    public func bound(_ entry: inout CatalogEntry) -> Set<String> {
        var cut: Set<String> = []
        func clip(_ text: inout String, _ limit: Int, _ field: String) {
            if let shorter = Self.clipped(text, to: limit) {
                text = shorter
                cut.insert(field)
            }
        }
        func clip(_ text: inout String?, _ limit: Int, _ field: String) {
            guard var value = text else { return }
            clip(&value, limit, field)
            text = value
        }
        clip(&entry.title, title, "title")
        clip(&entry.summary, summary, "description")
        for index in entry.tools.indices { clip(&entry.tools[index].description, toolDescription, "tools[].description") }
        clip(&entry.configuration.description, configurationText, "configuration")
        for index in entry.configuration.secrets.indices {
            clip(&entry.configuration.secrets[index].description, configurationText, "configuration")
            clip(&entry.configuration.secrets[index].example, configurationText, "configuration")
        }
        for index in entry.configuration.env.indices {
            clip(&entry.configuration.env[index].description, configurationText, "configuration")
            clip(&entry.configuration.env[index].example, configurationText, "configuration")
        }
        for index in entry.categories.indices { clip(&entry.categories[index], label, "categories") }
        for index in entry.tags.indices { clip(&entry.tags[index], label, "tags") }
        return cut
    }

    /// `text` cut to `limit` characters ending in `…`, or `nil` when it already fits.
    public static func clipped(_ text: String, to limit: Int) -> String? {
        // Most text is short: a byte count at most the limit means as many characters at most.
        guard text.utf8.count > limit, limit > 0 else { return nil }
        var end = text.startIndex
        var count = 0
        while end < text.endIndex, count < limit - 1 {
            end = text.index(after: end)
            count += 1
        }
        guard end < text.endIndex else { return nil }
        // Exactly `limit` characters: nothing to cut.
        if text.index(after: end) == text.endIndex { return nil }
        return String(text[..<end]) + "…"
    }
}

extension SourceSnapshot {
    /// The snapshot with every entry's text cut to `limits`, and one problem for the whole
    /// source (not one per entry) saying which fields were cut in how many entries and the
    /// first entry's id; no text of the entries is quoted.
    public func boundingText(_ limits: EntryTextLimits = .standard) -> SourceSnapshot {
        var copy = self
        var fields: [String: Int] = [:]
        var first: String?
        var entriesCut = 0
        for index in copy.entries.indices {
            let cut = limits.bound(&copy.entries[index])
            guard !cut.isEmpty else { continue }
            entriesCut += 1
            if first == nil { first = copy.entries[index].id }
            for field in cut { fields[field, default: 0] += 1 }
        }
        guard entriesCut > 0, let first else { return self }
        let detail = fields.sorted { $0.key < $1.key }.map { "\($0.key) in \($0.value)" }.joined(separator: ", ")
        copy.problems.append(SourceProblem(
            location: first,
            message: "text over the registry's limits was cut in \(entriesCut) \(entriesCut == 1 ? "entry" : "entries") (\(detail)); "
                + "limits: title \(limits.title), description \(limits.summary), tool description \(limits.toolDescription), "
                + "configuration text \(limits.configurationText), category or tag \(limits.label) characters"))
        copy.counters["entries_text_cut"] = entriesCut
        return copy
    }
}
