import Foundation

extension SearchIndex {
    // MARK: - Analysis

    /// Each distinct term of an entry with the weight of the best field it appears in.
    static func analyze(_ entry: CatalogEntry) -> [(String, UInt8)] {
        var weights: [String: UInt8] = [:]
        func add(_ text: String?, _ weight: UInt8) {
            guard let text, !text.isEmpty else { return }
            for term in TextNormalizer.terms(text) where weights[term, default: 0] < weight {
                weights[term] = weight
            }
        }
        add(entry.name, Weight.name)
        add(entry.title, Weight.title)
        for tag in entry.tags { add(tag, Weight.tag) }
        for category in entry.categories { add(category, Weight.category) }
        for tool in entry.tools {
            add(tool.name, Weight.toolName)
            add(tool.description, Weight.toolDescription)
        }
        if let repository = RepositoryURL.normalized(entry.repositoryURL) {
            add(repository.split(separator: "/").dropFirst().joined(separator: " "), Weight.repository)
        }
        add(entry.summary, Weight.summary)
        return weights.map { ($0.key, $0.value) }
    }

    /// Hashes of the folded name, title and id tail as query terms (generic words such as
    /// `mcp` and `server` dropped, a title's trailing `(Archived)`-like remark too), for the
    /// exact-name bonus: `notion-mcp-server` and `Notion` both answer the query `notion`.
    static func exactNames(_ entry: CatalogEntry) -> [UInt64] {
        var title = entry.title ?? ""
        if title.hasSuffix(")"), let open = title.lastIndex(of: "("), open > title.startIndex {
            title = String(title[..<open])
        }
        let texts = [entry.name, title, String(entry.id.split(separator: "/").last ?? "")]
        return texts.map { text in
            text.isEmpty ? 0 : hash(Array(TextNormalizer.queryTerms(text).joined(separator: " ").utf8))
        }
    }

    /// A typo-index key: the top 40 bits of `hash`, then the term id in the low 24 bits.
    @inline(__always)
    static func deletionKey(_ hash: UInt64, term: Int) -> UInt64 {
        (hash >> 24) << 24 | UInt64(term & 0xFF_FFFF)
    }

    /// FNV-1a over the bytes, optionally leaving one out.
    @inline(__always)
    static func hash<Bytes: RandomAccessCollection>(_ bytes: Bytes, skipping skip: Int = -1) -> UInt64 where Bytes.Element == UInt8, Bytes.Index == Int {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        var position = 0
        for byte in bytes {
            if position != skip {
                hash ^= UInt64(byte)
                hash = hash &* 0x100_0000_01b3
            }
            position += 1
        }
        return hash ^ UInt64(bytes.count - (skip >= 0 ? 1 : 0))
    }
}
