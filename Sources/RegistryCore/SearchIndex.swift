import Foundation

/// An in-memory fuzzy search index over catalog entries.
///
/// Case- and accent-insensitive; typo-tolerant (one edit for words of 4–7 letters, two
/// for longer ones, over names, titles, tags, categories and tool names); prefix matches;
/// field-weighted (name/title above tags/categories above tools above description) with
/// IDF so rare words count more. Filters are applied before ranking. Order is stable:
/// score, then the popularity prior, then id.
///
/// Storage is flat (a few large arrays with offsets, not an array per term or entry), so
/// 10,000 entries cost a few megabytes. Building it reuses the analysed form of entries
/// that did not change since the previous index, so a refresh of one source re-analyses
/// only that source's entries.
public struct SearchIndex: Sendable {
    /// The entries, in index order.
    public let entries: [CatalogEntry]

    /// Sorted vocabulary; a term's id is its position.
    private let vocabulary: [String]
    /// The vocabulary's UTF-8 bytes, back to back; term `t` is `termBytes[termStart[t]..<termStart[t+1]]`.
    private let termBytes: [UInt8]
    private let termStart: [Int32]
    /// Postings of term `t`: `postingDocument/Weight[postingStart[t]..<postingStart[t+1]]`.
    private let postingStart: [Int32]
    private let postingDocument: [Int32]
    private let postingWeight: [UInt8]
    private let inverseDocumentFrequency: [Float]
    /// The typo index: for every typo-eligible term and each of its one-letter deletions,
    /// `hash << 24 | term id` (the top 40 bits of the hash), sorted. A hash collision only
    /// costs an edit-distance check that fails.
    private let deletionKeys: [UInt64]
    /// Each entry's analysed terms (term id, weight), for reuse by the next build.
    private let documentStart: [Int32]
    private let documentTerm: [Int32]
    private let documentWeight: [UInt8]
    private let fingerprints: [Int]
    /// Hashes of each entry's folded name, title and id tail (3 per entry; 0 = none).
    private let exactNameHashes: [UInt64]
    private let priors: [Double]
    private let sourceFilter: FilterColumn
    private let categoryFilter: FilterColumn
    private let tagFilter: FilterColumn

    /// Field weights (stored as small integers).
    enum Weight {
        static let name: UInt8 = 10
        static let title: UInt8 = 9
        static let tag: UInt8 = 6
        static let category: UInt8 = 5
        static let toolName: UInt8 = 4
        static let repository: UInt8 = 3
        static let summary: UInt8 = 2
        static let toolDescription: UInt8 = 1
    }

    /// Builds the index, reusing analysed documents from `previous` for unchanged entries.
    public init(entries: [CatalogEntry], reusing previous: SearchIndex? = nil) {
        var reusable: [String: Int] = [:]
        if let previous {
            reusable.reserveCapacity(previous.entries.count)
            for (index, entry) in previous.entries.enumerated() { reusable[entry.id] = index }
        }

        // 1. Analyse (or reuse) every entry into (term, weight) pairs with local term ids.
        var termIDs: [String: Int32] = [:]
        var terms: [String] = []
        var typoEligible: [Bool] = []
        var documentStart: [Int32] = [0]
        var documentTerm: [Int32] = []
        var documentWeight: [UInt8] = []
        var fingerprints: [Int] = []
        var exactNameHashes: [UInt64] = []
        documentStart.reserveCapacity(entries.count + 1)
        fingerprints.reserveCapacity(entries.count)
        exactNameHashes.reserveCapacity(entries.count * 3)

        func intern(_ term: String, weight: UInt8) {
            let id: Int32
            if let existing = termIDs[term] {
                id = existing
            } else {
                id = Int32(terms.count)
                termIDs[term] = id
                terms.append(term)
                typoEligible.append(false)
            }
            if weight >= Weight.toolName { typoEligible[Int(id)] = true }
            documentTerm.append(id)
            documentWeight.append(weight)
        }

        for entry in entries {
            let fingerprint = entry.hashValue
            if let previous, let old = reusable[entry.id], previous.fingerprints[old] == fingerprint {
                let range = Int(previous.documentStart[old])..<Int(previous.documentStart[old + 1])
                for position in range {
                    intern(previous.vocabulary[Int(previous.documentTerm[position])], weight: previous.documentWeight[position])
                }
                exactNameHashes.append(contentsOf: previous.exactNameHashes[(old * 3)..<(old * 3 + 3)])
            } else {
                for (term, weight) in Self.analyze(entry) { intern(term, weight: weight) }
                exactNameHashes.append(contentsOf: Self.exactNames(entry))
            }
            fingerprints.append(fingerprint)
            documentStart.append(Int32(documentTerm.count))
        }

        // 2. Sort the vocabulary (prefix lookups are a binary search) and renumber.
        let order = terms.indices.sorted { terms[$0] < terms[$1] }
        var renumber = [Int32](repeating: 0, count: terms.count)
        for (newID, oldID) in order.enumerated() { renumber[oldID] = Int32(newID) }
        let vocabulary = order.map { terms[$0] }
        for index in documentTerm.indices { documentTerm[index] = renumber[Int(documentTerm[index])] }

        var termBytes: [UInt8] = []
        var termStart: [Int32] = [0]
        termStart.reserveCapacity(vocabulary.count + 1)
        for term in vocabulary {
            termBytes.append(contentsOf: term.utf8)
            termStart.append(Int32(termBytes.count))
        }

        // 3. Postings by counting sort over term ids (documents stay ascending).
        var counts = [Int32](repeating: 0, count: vocabulary.count + 1)
        for term in documentTerm { counts[Int(term) + 1] += 1 }
        for index in 1..<counts.count { counts[index] += counts[index - 1] }
        let postingStart = counts
        var cursor = counts
        var postingDocument = [Int32](repeating: 0, count: documentTerm.count)
        var postingWeight = [UInt8](repeating: 0, count: documentTerm.count)
        for document in 0..<entries.count {
            for position in Int(documentStart[document])..<Int(documentStart[document + 1]) {
                let term = Int(documentTerm[position])
                let slot = Int(cursor[term])
                postingDocument[slot] = Int32(document)
                postingWeight[slot] = documentWeight[position]
                cursor[term] += 1
            }
        }
        let documentCount = Float(max(entries.count, 1))
        var inverseDocumentFrequency = [Float](repeating: 0, count: vocabulary.count)
        for term in vocabulary.indices {
            let frequency = Float(max(postingStart[term + 1] - postingStart[term], 1))
            inverseDocumentFrequency[term] = log(1 + documentCount / frequency)
        }

        // 4. The typo index over names, titles, tags, categories and tool names.
        var deletions: [UInt64] = []
        for newID in vocabulary.indices where typoEligible[order[newID]] {
            let bytes = termBytes[Int(termStart[newID])..<Int(termStart[newID + 1])]
            guard bytes.count >= 4, bytes.count <= 32 else { continue }
            deletions.append(Self.deletionKey(Self.hash(bytes), term: newID))
            for skip in 0..<bytes.count { deletions.append(Self.deletionKey(Self.hash(bytes, skipping: skip), term: newID)) }
        }
        deletions.sort()

        self.entries = entries
        self.vocabulary = vocabulary
        self.termBytes = termBytes
        self.termStart = termStart
        self.postingStart = postingStart
        self.postingDocument = postingDocument
        self.postingWeight = postingWeight
        self.inverseDocumentFrequency = inverseDocumentFrequency
        self.deletionKeys = deletions
        self.documentStart = documentStart
        self.documentTerm = documentTerm
        self.documentWeight = documentWeight
        self.fingerprints = fingerprints
        self.exactNameHashes = exactNameHashes
        self.priors = entries.map(\.popularity.prior)
        self.sourceFilter = FilterColumn(entries.map { $0.provenance.map(\.sourceID) })
        self.categoryFilter = FilterColumn(entries.map(\.categories))
        self.tagFilter = FilterColumn(entries.map(\.tags))
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
                    for slot in Int(postingStart[Int(termID)])..<Int(postingStart[Int(termID) + 1]) {
                        let doc = Int(postingDocument[slot])
                        guard allowed[doc] else { continue }
                        let value = Float(postingWeight[slot]) * quality * idf
                        if bestTerm[doc] == -1 {
                            touchedThisTerm.append(Int32(doc))
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
            let queryHash = Self.hash(Array(terms.joined(separator: " ").utf8))
            let termCount = Float(terms.count)
            for doc32 in touched {
                let doc = Int(doc32)
                let coverage = Float(matchedCounts[doc]) / termCount
                var score = scores[doc] * coverage * coverage
                if exactNameHashes[doc * 3] == queryHash || exactNameHashes[doc * 3 + 1] == queryHash || exactNameHashes[doc * 3 + 2] == queryHash {
                    score *= 1.5
                }
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
        // Partial selection is enough for the first pages; sort all when paging deep.
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
        let categories = categoryFilter.ids(of: query.categories)
        let tags = tagFilter.ids(of: query.tags)
        let sources = sourceFilter.ids(of: query.sources.filter { $0.lowercased() != "all" })
        var mask = [Bool](repeating: true, count: entries.count)
        if categories == nil, tags == nil, sources == nil, !query.officialOnly, query.requiresCredentials == nil, !query.launchableOnly {
            return mask
        }
        for (index, entry) in entries.enumerated() {
            if let categories, !categoryFilter.row(index, containsAnyOf: categories) { mask[index] = false; continue }
            if let tags, !tagFilter.row(index, containsAnyOf: tags) { mask[index] = false; continue }
            if let sources, !sourceFilter.row(index, containsAnyOf: sources) { mask[index] = false; continue }
            if query.officialOnly, !entry.flags.official { mask[index] = false; continue }
            if let needs = query.requiresCredentials, entry.requiresCredentials != needs { mask[index] = false; continue }
            if query.launchableOnly, !entry.isLaunchable { mask[index] = false; continue }
        }
        return mask
    }

    // MARK: - Term matching

    private func bytes(of term: Int) -> ArraySlice<UInt8> {
        termBytes[Int(termStart[term])..<Int(termStart[term + 1])]
    }

    /// Vocabulary terms that match a query term, with a quality in (0, 1].
    private func candidateTerms(for queryTerm: String, isLast: Bool) -> [(Int32, Float)] {
        var result: [Int32: Float] = [:]
        let queryBytes = Array(queryTerm.utf8)

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
            } else if queryBytes.count >= minimumPrefix, term.hasPrefix(queryTerm) {
                let extra = Float(Int(termStart[index + 1] - termStart[index]) - queryBytes.count)
                result[Int32(index)] = max(0.5, 0.85 - 0.03 * extra)
                prefixCount += 1
            } else {
                break
            }
            index += 1
        }

        // Typos: the query term and its deletions against terms and their deletions.
        let limit = queryBytes.count >= 8 ? 2 : (queryBytes.count >= 4 ? 1 : 0)
        if limit > 0 {
            var probes: [UInt64] = [Self.hash(queryBytes)]
            for skip in 0..<queryBytes.count { probes.append(Self.hash(queryBytes, skipping: skip)) }
            if limit >= 2 {
                for first in 0..<queryBytes.count {
                    var shorter = queryBytes
                    shorter.remove(at: first)
                    for second in first..<shorter.count { probes.append(Self.hash(shorter, skipping: second)) }
                }
            }
            for probe in probes {
                let first = Self.deletionKey(probe, term: 0)
                let last = first | 0xFF_FFFF
                var lo = 0, hi = deletionKeys.count
                while lo < hi {
                    let mid = (lo + hi) / 2
                    if deletionKeys[mid] < first { lo = mid + 1 } else { hi = mid }
                }
                while lo < deletionKeys.count, deletionKeys[lo] <= last {
                    let term = Int32(truncatingIfNeeded: deletionKeys[lo] & 0xFF_FFFF)
                    lo += 1
                    if result[term] != nil { continue }
                    if let distance = EditDistance.distance(queryBytes, Array(bytes(of: Int(term))), limit: limit), distance > 0 {
                        result[term] = distance == 1 ? 0.7 : 0.45
                    }
                }
            }
        }
        return result.map { ($0.key, $0.value) }
    }
}
