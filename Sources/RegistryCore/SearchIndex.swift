import Foundation

/// An in-memory fuzzy search index over catalog entries.
///
/// Case- and accent-insensitive; typo-tolerant (one edit for words of 4–7 letters, two
/// for longer ones, over names, titles, tags, categories and tool names); prefix matches;
/// field-weighted (name/title above tags/categories above tools above description) with
/// IDF so rare words count more. Filters are applied before ranking. Order is stable:
/// score, then the popularity prior, then id.
///
/// Building it reuses the analysed form of entries that did not change since the
/// previous index, so a refresh of one source re-analyses only that source's entries.
public struct SearchIndex: Sendable {
    /// The entries, in index order.
    public let entries: [CatalogEntry]
    private let documents: [AnalyzedDocument]
    /// Sorted vocabulary; a term's id is its position.
    private let vocabulary: [String]
    private let vocabularyBytes: [[UInt8]]
    /// Postings per term id: (document, weight), documents ascending.
    private let postings: [[Posting]]
    private let inverseDocumentFrequency: [Float]
    /// (hash of a term or one-letter deletion of it, term id), sorted by hash: the typo index.
    private let deletionIndex: [DeletionKey]
    private let priors: [Double]
    private let lowercasedSources: [[String]]
    private let lowercasedCategories: [Set<String>]
    private let lowercasedTags: [Set<String>]

    struct Posting: Sendable {
        var document: Int32
        var weight: Float
    }

    struct DeletionKey: Sendable {
        var hash: UInt64
        var term: Int32
    }

    /// Field weights.
    enum Weight {
        static let name: Float = 10
        static let title: Float = 9
        static let tag: Float = 6
        static let category: Float = 5
        static let toolName: Float = 4
        static let repository: Float = 3
        static let summary: Float = 2
        static let toolDescription: Float = 1
    }

    /// Builds the index, reusing analysed documents from `previous` for unchanged entries.
    public init(entries: [CatalogEntry], reusing previous: SearchIndex? = nil) {
        var reusable: [String: AnalyzedDocument] = [:]
        if let previous {
            reusable.reserveCapacity(previous.entries.count)
            for (index, entry) in previous.entries.enumerated() {
                reusable[entry.id] = previous.documents[index]
            }
        }
        var documents: [AnalyzedDocument] = []
        documents.reserveCapacity(entries.count)
        for entry in entries {
            if let old = reusable[entry.id], old.fingerprint == entry.hashValue {
                documents.append(old)
            } else {
                documents.append(AnalyzedDocument(entry: entry))
            }
        }
        self.entries = entries
        self.documents = documents

        // Vocabulary and postings.
        var termIDs: [String: Int32] = [:]
        var unsortedTerms: [String] = []
        var typoEligible: [Bool] = []
        var rawPostings: [[Posting]] = []
        for (docIndex, document) in documents.enumerated() {
            for (term, weight) in document.terms {
                let id: Int32
                if let existing = termIDs[term] {
                    id = existing
                } else {
                    id = Int32(unsortedTerms.count)
                    termIDs[term] = id
                    unsortedTerms.append(term)
                    typoEligible.append(false)
                    rawPostings.append([])
                }
                rawPostings[Int(id)].append(Posting(document: Int32(docIndex), weight: weight))
                if weight >= Weight.toolName { typoEligible[Int(id)] = true }
            }
        }
        // Sort the vocabulary so prefix lookups are a binary search.
        let order = unsortedTerms.indices.sorted { unsortedTerms[$0] < unsortedTerms[$1] }
        var vocabulary: [String] = []
        var postings: [[Posting]] = []
        var eligible: [Bool] = []
        vocabulary.reserveCapacity(order.count)
        postings.reserveCapacity(order.count)
        for old in order {
            vocabulary.append(unsortedTerms[old])
            postings.append(rawPostings[old])
            eligible.append(typoEligible[old])
        }
        self.vocabulary = vocabulary
        self.vocabularyBytes = vocabulary.map { Array($0.utf8) }
        self.postings = postings
        let count = Float(max(documents.count, 1))
        self.inverseDocumentFrequency = postings.map { log(1 + count / Float(max($0.count, 1))) }

        var deletions: [DeletionKey] = []
        for (termIndex, bytes) in vocabularyBytes.enumerated() where eligible[termIndex] && bytes.count >= 4 && bytes.count <= 32 {
            let id = Int32(termIndex)
            deletions.append(DeletionKey(hash: Self.hash(bytes), term: id))
            for skip in 0..<bytes.count {
                deletions.append(DeletionKey(hash: Self.hash(bytes, skipping: skip), term: id))
            }
        }
        deletions.sort { $0.hash < $1.hash || ($0.hash == $1.hash && $0.term < $1.term) }
        self.deletionIndex = deletions

        self.priors = entries.map(\.popularity.prior)
        self.lowercasedSources = entries.map { $0.provenance.map { $0.sourceID.lowercased() } }
        self.lowercasedCategories = entries.map { Set($0.categories.map { $0.lowercased() }) }
        self.lowercasedTags = entries.map { Set($0.tags.map { $0.lowercased() }) }
    }

    /// Runs a query: filters, then ranking, then the requested page.
    public func search(_ query: SearchQuery) -> SearchResult {
        let allowed = filterMask(query)
        let terms = TextNormalizer.queryTerms(query.text)
        var hits: [SearchHit] = []

        if terms.isEmpty {
            for position in entries.indices where allowed[position] {
                hits.append(SearchHit(position: position, score: 0, matchedTerms: []))
            }
        } else {
            var scores = [Float](repeating: 0, count: entries.count)
            var matchedCounts = [UInt8](repeating: 0, count: entries.count)
            var matched: [Int32: [Int32]] = [:]  // document → matched term ids (for explanations)
            var touched: [Int32] = []
            var best = [Float](repeating: 0, count: entries.count)
            var bestTerm = [Int32](repeating: -1, count: entries.count)
            for (queryIndex, queryTerm) in terms.enumerated() {
                let candidates = candidateTerms(for: queryTerm, isLast: queryIndex == terms.count - 1)
                var touchedThisTerm: [Int32] = []
                for (termID, quality) in candidates {
                    let idf = inverseDocumentFrequency[Int(termID)]
                    for posting in postings[Int(termID)] {
                        let doc = Int(posting.document)
                        guard allowed[doc] else { continue }
                        let value = posting.weight * quality * idf
                        if bestTerm[doc] == -1 {
                            touchedThisTerm.append(posting.document)
                            best[doc] = value
                            bestTerm[doc] = termID
                        } else if value > best[doc] {
                            best[doc] = value
                            bestTerm[doc] = termID
                        }
                    }
                }
                for doc32 in touchedThisTerm {
                    let doc = Int(doc32)
                    if matchedCounts[doc] == 0 { touched.append(doc32) }
                    scores[doc] += best[doc]
                    matchedCounts[doc] &+= 1
                    matched[doc32, default: []].append(bestTerm[doc])
                    best[doc] = 0
                    bestTerm[doc] = -1
                }
            }
            let queryFolded = terms.joined(separator: " ")
            let termCount = Float(terms.count)
            for doc32 in touched {
                let doc = Int(doc32)
                let coverage = Float(matchedCounts[doc]) / termCount
                var score = scores[doc] * coverage * coverage
                if documents[doc].exactNames.contains(queryFolded) { score *= 1.5 }
                hits.append(SearchHit(
                    position: doc,
                    score: Double(score),
                    matchedTerms: (matched[doc32] ?? []).map { vocabulary[Int($0)] }))
            }
        }

        let total = hits.count
        let entries = self.entries
        let priors = self.priors
        let ordered: (SearchHit, SearchHit) -> Bool = { a, b in
            if a.score != b.score { return a.score > b.score }
            if priors[a.position] != priors[b.position] { return priors[a.position] > priors[b.position] }
            return entries[a.position].id < entries[b.position].id
        }
        let end = min(total, query.offset + max(query.limit, 0))
        if query.offset >= total || end <= query.offset { return SearchResult(hits: [], total: total) }
        // Partial selection is enough for the first page; sort all when paging deep.
        if end < total / 4 {
            var top: [SearchHit] = []
            top.reserveCapacity(end + 1)
            for hit in hits {
                if top.count < end {
                    let at = top.firstIndex(where: { ordered(hit, $0) }) ?? top.count
                    top.insert(hit, at: at)
                } else if let last = top.last, ordered(hit, last) {
                    top.removeLast()
                    let at = top.firstIndex(where: { ordered(hit, $0) }) ?? top.count
                    top.insert(hit, at: at)
                }
            }
            return SearchResult(hits: Array(top[query.offset..<end]), total: total)
        }
        hits.sort(by: ordered)
        return SearchResult(hits: Array(hits[query.offset..<end]), total: total)
    }

    // MARK: - Filters

    private func filterMask(_ query: SearchQuery) -> [Bool] {
        let categories = Set(query.categories.map { $0.lowercased() })
        let tags = Set(query.tags.map { $0.lowercased() })
        let sources = Set(query.sources.map { $0.lowercased() }).subtracting(["all"])
        var mask = [Bool](repeating: true, count: entries.count)
        if categories.isEmpty, tags.isEmpty, sources.isEmpty, !query.officialOnly,
            query.requiresCredentials == nil, !query.launchableOnly
        {
            return mask
        }
        for (index, entry) in entries.enumerated() {
            if !categories.isEmpty, lowercasedCategories[index].isDisjoint(with: categories) { mask[index] = false; continue }
            if !tags.isEmpty, lowercasedTags[index].isDisjoint(with: tags) { mask[index] = false; continue }
            if !sources.isEmpty, !lowercasedSources[index].contains(where: sources.contains) { mask[index] = false; continue }
            if query.officialOnly, !entry.flags.official { mask[index] = false; continue }
            if let needs = query.requiresCredentials, entry.requiresCredentials != needs { mask[index] = false; continue }
            if query.launchableOnly, !entry.isLaunchable { mask[index] = false; continue }
        }
        return mask
    }

    // MARK: - Term matching

    /// Vocabulary terms that match a query term, with a quality in (0, 1].
    private func candidateTerms(for queryTerm: String, isLast: Bool) -> [(Int32, Float)] {
        var result: [Int32: Float] = [:]
        let bytes = Array(queryTerm.utf8)

        // Exact and prefix matches.
        var low = 0, high = vocabulary.count
        while low < high {
            let mid = (low + high) / 2
            if vocabulary[mid] < queryTerm { low = mid + 1 } else { high = mid }
        }
        let minimumPrefix = isLast ? 2 : 3
        var index = low
        var prefixCount = 0
        while index < vocabulary.count, prefixCount < 64 {
            let term = vocabulary[index]
            if term == queryTerm {
                result[Int32(index)] = 1
            } else if bytes.count >= minimumPrefix, term.hasPrefix(queryTerm) {
                let extra = Float(vocabularyBytes[index].count - bytes.count)
                result[Int32(index)] = max(0.5, 0.85 - 0.03 * extra)
                prefixCount += 1
            } else {
                break
            }
            index += 1
        }

        // Typos: the query term and its deletions against terms and their deletions.
        let limit = bytes.count >= 8 ? 2 : (bytes.count >= 4 ? 1 : 0)
        if limit > 0 {
            var probes: [UInt64] = [Self.hash(bytes)]
            for skip in 0..<bytes.count {
                probes.append(Self.hash(bytes, skipping: skip))
            }
            if limit >= 2 {
                for first in 0..<bytes.count {
                    var shorter = bytes
                    shorter.remove(at: first)
                    for second in first..<shorter.count {
                        probes.append(Self.hash(shorter, skipping: second))
                    }
                }
            }
            for probe in probes {
                var lo = 0, hi = deletionIndex.count
                while lo < hi {
                    let mid = (lo + hi) / 2
                    if deletionIndex[mid].hash < probe { lo = mid + 1 } else { hi = mid }
                }
                while lo < deletionIndex.count, deletionIndex[lo].hash == probe {
                    let term = deletionIndex[lo].term
                    lo += 1
                    if result[term] != nil { continue }
                    if let distance = EditDistance.distance(bytes, vocabularyBytes[Int(term)], limit: limit), distance > 0 {
                        result[term] = distance == 1 ? 0.7 : 0.45
                    }
                }
            }
        }
        return result.map { ($0.key, $0.value) }
    }

    /// FNV-1a over the bytes, optionally leaving one out.
    @inline(__always)
    static func hash(_ bytes: [UInt8], skipping skip: Int = -1) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for index in bytes.indices where index != skip {
            hash ^= UInt64(bytes[index])
            hash = hash &* 0x100_0000_01b3
        }
        return hash ^ UInt64(bytes.count - (skip >= 0 ? 1 : 0))
    }
}

/// An entry reduced to weighted terms.
struct AnalyzedDocument: Sendable {
    /// Each distinct term with the weight of the best field it appears in.
    var terms: [(String, Float)]
    /// The folded name, title and id tail, for an exact-name bonus.
    var exactNames: Set<String>
    /// The entry's hash when analysed, to tell whether it changed.
    var fingerprint: Int

    init(entry: CatalogEntry) {
        var weights: [String: Float] = [:]
        func add(_ text: String?, _ weight: Float) {
            guard let text, !text.isEmpty else { return }
            for term in TextNormalizer.terms(text) where weights[term, default: 0] < weight {
                weights[term] = weight
            }
        }
        add(entry.name, SearchIndex.Weight.name)
        add(entry.title, SearchIndex.Weight.title)
        for tag in entry.tags { add(tag, SearchIndex.Weight.tag) }
        for category in entry.categories { add(category, SearchIndex.Weight.category) }
        for tool in entry.tools {
            add(tool.name, SearchIndex.Weight.toolName)
            add(tool.description, SearchIndex.Weight.toolDescription)
        }
        if let repository = RepositoryURL.normalized(entry.repositoryURL) {
            add(repository.split(separator: "/").dropFirst().joined(separator: " "), SearchIndex.Weight.repository)
        }
        add(entry.summary, SearchIndex.Weight.summary)
        terms = weights.map { ($0.key, $0.value) }
        var names: Set<String> = []
        for text in [entry.name, entry.title ?? "", String(entry.id.split(separator: "/").last ?? "")] where !text.isEmpty {
            names.insert(TextNormalizer.queryTerms(text).joined(separator: " "))
        }
        exactNames = names
        fingerprint = entry.hashValue
    }
}
