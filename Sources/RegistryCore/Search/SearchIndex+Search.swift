import Foundation

extension SearchIndex {
    /// Runs a query: filters, then ranking, then the requested page.
    ///
    /// A text query scores each entry (field weight × match quality × IDF, coverage of the
    /// query's words weighted by IDF, doubled for an exact name), multiplies by
    /// `1 + priorWeight × EntryQuality.prior`, groups entries of the same server
    /// (`DuplicateGroups`: one hit, headed by its most curated member, the others as
    /// `alternatives`) and, when `linkOnlyLimit` is set and launchable servers match, puts
    /// launchable results within `comparableFraction` of the best score first, then at most
    /// `linkOnlyLimit` link-only ones. A filter-only query (no words) lists every entry that
    /// passes, in id order, ungrouped.
    public func search(_ query: SearchQuery) -> SearchResult {
        let allowed = filterMask(query)
        let terms = TextNormalizer.queryTerms(query.text)
        var hits: [SearchHit] = []

        if terms.isEmpty {
            for position in entries.indices where allowed?[position] ?? true {
                hits.append(SearchHit(position: position, score: 0, matchedTerms: []))
            }
        } else {
            // Per-entry working arrays, reused (`SearchScratch`), and the matched term ids
            // per document, for explaining the hits on the page only.
            var scratch = scratchPool.take()
            var matches = MatchList()
            var touched: [Int32] = []
            // A query term's informativeness: the IDF of the word itself when the catalog has
            // it (so a rare longer word it prefixes, `timestream` for `time`, never outweighs
            // the word), else of its best typo or prefix match. Coverage is weighted by it,
            // so missing a generic word (`send`) costs less than missing the service (`slack`).
            var termWeights = [Float](repeating: 0, count: terms.count)
            for (queryIndex, queryTerm) in terms.enumerated() {
                let candidates = candidateTerms(for: queryTerm, isLast: queryIndex == terms.count - 1)
                let exact = candidates.first { $0.1 == 1 && vocabulary[Int($0.0)] == queryTerm }
                let reference = exact.map { inverseDocumentFrequency[Int($0.0)] }
                let termWeight = reference ?? candidates.map { inverseDocumentFrequency[Int($0.0)] }.max() ?? 0
                termWeights[queryIndex] = termWeight
                var touchedThisTerm: [Int32] = []
                for (termID, quality) in candidates {
                    let idf = reference ?? inverseDocumentFrequency[Int(termID)]
                    for slot in Int(postingStart[Int(termID)])..<Int(postingStart[Int(termID) + 1]) {
                        let doc = Int(postingDocument[slot])
                        if let allowed, !allowed[doc] { continue }
                        let weight = postingWeight[slot]
                        let value = Float(weight) * quality * idf * (weight <= Weight.toolName ? lengthNorms[doc] : 1)
                        if scratch.bestTerm[doc] == -1 {
                            touchedThisTerm.append(Int32(doc))
                            scratch.best[doc] = value
                            scratch.bestTerm[doc] = termID
                        } else if value > scratch.best[doc] {
                            scratch.best[doc] = value
                            scratch.bestTerm[doc] = termID
                        }
                    }
                }
                for doc32 in touchedThisTerm {
                    let doc = Int(doc32)
                    if scratch.matchedCounts[doc] == 0 { touched.append(doc32) }
                    scratch.scores[doc] += scratch.best[doc]
                    scratch.matchedCounts[doc] &+= 1
                    scratch.matchedWeight[doc] += termWeight
                    matches.append(document: doc, term: scratch.bestTerm[doc], first: &scratch.firstMatch)
                    scratch.best[doc] = 0
                    scratch.bestTerm[doc] = -1
                }
            }
            let queryHash = Self.hash(Array(terms.joined(separator: " ").utf8))
            let totalWeight = max(termWeights.reduce(0, +), .leastNonzeroMagnitude)
            for doc32 in touched {
                let doc = Int(doc32)
                let coverage = scratch.matchedWeight[doc] / totalWeight
                var score = scratch.scores[doc] * coverage * coverage
                if exactNameHashes[doc * 3] == queryHash || exactNameHashes[doc * 3 + 1] == queryHash || exactNameHashes[doc * 3 + 2] == queryHash {
                    score *= Self.exactNameBonus
                }
                hits.append(SearchHit(position: doc, score: Double(score) * (1 + Self.priorWeight * priors[doc]), matchedTerms: []))
            }
            var result = page(of: hits, for: query, slotOf: &scratch.slotOf)
            for slot in result.hits.indices {  // only the shown hits pay for their words as strings
                result.hits[slot].matchedTerms = matches.terms(of: result.hits[slot].position, first: scratch.firstMatch)
                    .map { vocabulary[Int($0)] }
            }
            scratch.reset(documents: touched)
            scratchPool.give(scratch)
            return result
        }
        let top = best(query.offset + max(query.limit, 0), of: hits, byID: true)
        return SearchResult(hits: query.offset < top.count ? Array(top[query.offset...]) : [], total: hits.count)
    }

    /// How much the prior (0…1) can multiply a text score by: `1 + priorWeight`.
    static let priorWeight = 1.5
    /// A launchable result scoring at least this fraction of the best result is a
    /// comparable match, shown before link-only results (`SearchQuery.linkOnlyLimit`).
    static let comparableFraction = 0.25
    /// The factor for an exact match of the name or title.
    static let exactNameBonus: Float = 2

    /// Whether `a` ranks before `b`: score, then prior, then a stable hash of the id; a
    /// filter-only listing (`byID`, all scores 0) is in id order, as `registry-list` pages it.
    @inline(__always)
    func ranks(_ a: SearchHit, before b: SearchHit, byID: Bool) -> Bool {
        if a.score != b.score { return a.score > b.score }
        if byID { return entryIDs[a.position] < entryIDs[b.position] }
        if priors[a.position] != priors[b.position] { return priors[a.position] > priors[b.position] }
        if tieBreaks[a.position] != tieBreaks[b.position] { return tieBreaks[a.position] < tieBreaks[b.position] }
        return a.position < b.position
    }

    /// The best `count` hits in rank order (partial selection when `count` is small).
    func best(_ count: Int, of hits: [SearchHit], byID: Bool) -> [SearchHit] {
        guard count > 0 else { return [] }
        if count >= hits.count / 4 {
            return Array(hits.sorted { ranks($0, before: $1, byID: byID) }.prefix(count))
        }
        var top: [SearchHit] = []
        top.reserveCapacity(count + 1)
        for hit in hits {
            if top.count == count {
                guard let last = top.last, ranks(hit, before: last, byID: byID) else { continue }
                top.removeLast()
            }
            let at = top.firstIndex(where: { ranks(hit, before: $0, byID: byID) }) ?? top.count
            top.insert(hit, at: at)
        }
        return top
    }

    /// Groups the hits of a text query by server, holds back link-only groups beyond the
    /// query's allowance, and cuts the requested page.
    /// - Parameter slotOf: one -1 per entry (`SearchScratch.slotOf`), left as it was found.
    func page(of hits: [SearchHit], for query: SearchQuery, slotOf: inout [Int32]) -> SearchResult {
        let end = query.offset + max(query.limit, 0)
        // A group ranks by its best text-and-prior score; its most curated member (highest
        // prior, then score) heads it: a link-list copy that matched more words does not
        // hide the launchable server of the same name.
        var heads: [SearchHit] = []  // per slot: the group's head
        var groupScores: [Double] = []  // per slot: the group's best score
        var groupOfSlot: [Int32] = []
        for hit in hits {
            let group = Int(groups[hit.position])
            let slot = Int(slotOf[group])
            if slot < 0 {
                slotOf[group] = Int32(heads.count)
                heads.append(hit)
                groupScores.append(hit.score)
                groupOfSlot.append(Int32(group))
                continue
            }
            groupScores[slot] = max(groupScores[slot], hit.score)
            let incumbent = heads[slot]
            let (p, q) = (priors[hit.position], priors[incumbent.position])
            if p > q || (p == q && ranks(hit, before: incumbent, byID: false)) { heads[slot] = hit }
        }
        var launchableHeads: [SearchHit] = []
        var linkOnly: [SearchHit] = []
        var bestScore = 0.0
        for (slot, var head) in heads.enumerated() {
            head.score = groupScores[slot]
            bestScore = max(bestScore, head.score)
            if has(EntryFlag.launchable, head.position) { launchableHeads.append(head) } else { linkOnly.append(head) }
        }
        var heldBack = 0
        var top: [SearchHit]
        let total: Int
        if let allowance = query.linkOnlyLimit, !launchableHeads.isEmpty {
            // Runnable first among comparable matches: launchable results within
            // `comparableFraction` of the best score, then the best link-only ones (at most
            // `allowance`), then the weaker launchable ones.
            heldBack = max(linkOnly.count - allowance, 0)
            let strong = launchableHeads.filter { $0.score >= Self.comparableFraction * bestScore }
            let weak = launchableHeads.filter { $0.score < Self.comparableFraction * bestScore }
            total = launchableHeads.count + min(linkOnly.count, allowance)
            top = best(end, of: strong, byID: false)
            top += best(min(allowance, max(end - top.count, 0)), of: linkOnly, byID: false)
            top += best(max(end - top.count, 0), of: weak, byID: false)
        } else {
            total = launchableHeads.count + linkOnly.count
            top = best(end, of: launchableHeads + linkOnly, byID: false)
        }
        top = query.offset < top.count ? Array(top[query.offset...]) : []
        for group in groupOfSlot { slotOf[Int(group)] = -1 }
        guard !top.isEmpty else { return SearchResult(hits: [], total: total, heldBackLinkOnly: heldBack) }

        // Alternatives: the other matching members of the groups on the page, best first
        // (`slotOf` now maps a group to its place on the page).
        for (index, hit) in top.enumerated() { slotOf[Int(groups[hit.position])] = Int32(index) }
        var alternatives = [[SearchHit]](repeating: [], count: top.count)
        for hit in hits {
            let index = Int(slotOf[Int(groups[hit.position])])
            guard index >= 0, hit.position != top[index].position else { continue }
            alternatives[index].append(hit)
        }
        for hit in top { slotOf[Int(groups[hit.position])] = -1 }
        for index in top.indices where !alternatives[index].isEmpty {
            top[index].alternatives = alternatives[index].sorted { ranks($0, before: $1, byID: false) }.map(\.position)
        }
        return SearchResult(hits: top, total: total, heldBackLinkOnly: heldBack)
    }
}

/// The term ids each document matched, in query order: one linked list per document
/// (newest first; the heads are `SearchScratch.firstMatch`), in two flat arrays, so the
/// scoring pass allocates nothing per document.
struct MatchList {
    private var term: [Int32] = []
    private var next: [Int32] = []

    mutating func append(document: Int, term id: Int32, first: inout [Int32]) {
        term.append(id)
        next.append(first[document])
        first[document] = Int32(term.count - 1)
    }

    func terms(of document: Int, first: [Int32]) -> [Int32] {
        var result: [Int32] = []
        var index = first[document]
        while index >= 0 {
            result.append(term[Int(index)])
            index = next[Int(index)]
        }
        return result.reversed()
    }
}
