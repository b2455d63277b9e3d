import Foundation

extension SearchIndex {
    // MARK: - Filters

    /// Which entries pass the query's filters; `nil` when it has none (all pass).
    func filterMask(_ query: SearchQuery) -> [Bool]? {
        let categories = categoryFilter.ids(of: query.categories)
        let tags = tagFilter.ids(of: query.tags)
        let sources = sourceFilter.ids(of: query.sources.filter { $0.lowercased() != "all" })
        if categories == nil, tags == nil, sources == nil, !query.officialOnly, query.requiresCredentials == nil, !query.launchableOnly {
            return nil
        }
        var mask = [Bool](repeating: true, count: entries.count)
        for index in entries.indices {
            if let categories, !categoryFilter.row(index, containsAnyOf: categories) { mask[index] = false; continue }
            if let tags, !tagFilter.row(index, containsAnyOf: tags) { mask[index] = false; continue }
            if let sources, !sourceFilter.row(index, containsAnyOf: sources) { mask[index] = false; continue }
            if query.officialOnly, !has(EntryFlag.official, index) { mask[index] = false; continue }
            if let needs = query.requiresCredentials, has(EntryFlag.requiresCredentials, index) != needs { mask[index] = false; continue }
            if query.launchableOnly, !has(EntryFlag.launchable, index) { mask[index] = false; continue }
        }
        return mask
    }

    // MARK: - Term matching

    func bytes(of term: Int) -> ArraySlice<UInt8> {
        termBytes[Int(termStart[term])..<Int(termStart[term + 1])]
    }

    /// Vocabulary terms that match a query term, with a quality in (0, 1].
    func candidateTerms(for queryTerm: String, isLast: Bool) -> [(Int32, Float)] {
        var result: [Int32: Float] = [:]
        let queryBytes = Array(queryTerm.utf8)

        // Exact and prefix matches.
        var low = 0, high = vocabulary.count
        while low < high {
            let mid = (low + high) / 2
            if vocabulary[mid] < queryTerm { low = mid + 1 } else { high = mid }
        }
        let minimumPrefix = isLast ? 2 : 3
        var exactMatch: Int32?
        var index = low
        var prefixCount = 0
        if index < vocabulary.count, vocabulary[index] == queryTerm {
            result[Int32(index)] = 1
            exactMatch = Int32(index)
            index += 1
        }
        let exactIsCommon = exactMatch.map { postingStart[Int($0) + 1] - postingStart[Int($0)] >= Self.typoFreeDocumentCount } ?? false
        // Longer words it starts: for the last word (still being typed), or a word the
        // catalog does not use as written (`local` is not `locale` in the middle of a query).
        // Inflections (`convert` → `converting`, `converts`) always count.
        let expands = isLast || !exactIsCommon
        let scanEnd = min(vocabulary.count, index + 1_024)  // a bounded scan of the words it starts
        while index < scanEnd, prefixCount < 64 {
            let term = vocabulary[index]
            if queryBytes.count >= minimumPrefix, term.hasPrefix(queryTerm) {
                guard expands || Self.inflections.contains(String(term.dropFirst(queryTerm.count))) else {
                    index += 1
                    continue
                }
                let extra = Float(Int(termStart[index + 1] - termStart[index]) - queryBytes.count)
                result[Int32(index)] = max(0.5, 0.85 - 0.03 * extra)
                prefixCount += 1
            } else {
                break
            }
            index += 1
        }

        // Other forms of the same word (`files` → `file`, `searches` → `search`, `database` →
        // `databases`, `scheduling` → `schedule`), looked up in the vocabulary.
        for form in WordForms.forms(of: queryTerm) {
            if let id = termID(form), result[id] ?? 0 < 0.9 { result[id] = 0.9 }
        }

        // Typos: the query term and its deletions against terms and their deletions. A word
        // the catalog uses in several entries is taken as written (`pull` is not `full`).
        let limit = exactIsCommon ? 0 : (queryBytes.count >= 8 ? 2 : (queryBytes.count >= 4 ? 1 : 0))
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

    /// Endings that make another form of the same word.
    static let inflections: Set<String> = ["s", "es", "ed", "d", "ing", "er", "ers"]

    /// Entries a query word must appear in to be taken as written, without typo matches.
    static let typoFreeDocumentCount: Int32 = 5

    /// The id of a vocabulary term, by binary search.
    func termID(_ term: String) -> Int32? {
        var low = 0, high = vocabulary.count
        while low < high {
            let mid = (low + high) / 2
            if vocabulary[mid] < term { low = mid + 1 } else { high = mid }
        }
        return low < vocabulary.count && vocabulary[low] == term ? Int32(low) : nil
    }
}
