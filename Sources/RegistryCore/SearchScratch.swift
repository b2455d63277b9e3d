import Foundation

/// The per-entry working arrays of one text search, kept between searches so a query
/// neither allocates nor clears arrays the size of the catalog: a search takes a set from
/// its index's pool, and puts it back after setting only the slots it touched back to
/// their neutral values (the A/B in `scripts/bench --baseline` showed that allocating and
/// zeroing these per query cost ~35 µs, more than a one-word query itself).
struct SearchScratch {
    /// Summed best score per document (0).
    var scores: [Float]
    /// Query words matched per document (0).
    var matchedCounts: [UInt8]
    /// Best value and term of the current query word per document (0, -1).
    var best: [Float]
    var bestTerm: [Int32]
    /// Summed IDF of the query words matched per document (0).
    var matchedWeight: [Float]
    /// Head of each document's list of matched terms (-1).
    var firstMatch: [Int32]
    /// Per group: its slot among the grouped hits, then on the page (-1).
    var slotOf: [Int32]

    init(count: Int) {
        scores = [Float](repeating: 0, count: count)
        matchedCounts = [UInt8](repeating: 0, count: count)
        best = [Float](repeating: 0, count: count)
        bestTerm = [Int32](repeating: -1, count: count)
        matchedWeight = [Float](repeating: 0, count: count)
        firstMatch = [Int32](repeating: -1, count: count)
        slotOf = [Int32](repeating: -1, count: count)
    }

    /// Puts the touched documents' slots back (`best`/`bestTerm` are reset per word).
    mutating func reset(documents: [Int32]) {
        for document in documents {
            let index = Int(document)
            scores[index] = 0
            matchedCounts[index] = 0
            matchedWeight[index] = 0
            firstMatch[index] = -1
        }
    }
}

/// A few `SearchScratch` sets for concurrent searches on one index. Thread-safe; a set is
/// owned by one search at a time (taken out, then given back).
final class SearchScratchPool: @unchecked Sendable {
    private let lock = NSLock()
    private var free: [SearchScratch] = []
    private let count: Int
    /// Sets kept when given back; more concurrent searches allocate their own.
    private let keep = 4

    init(count: Int) {
        self.count = count
    }

    func take() -> SearchScratch {
        lock.lock()
        let scratch = free.popLast()
        lock.unlock()
        return scratch ?? SearchScratch(count: count)
    }

    func give(_ scratch: consuming SearchScratch) {
        lock.lock()
        defer { lock.unlock() }
        if free.count < keep { free.append(scratch) }
    }
}
