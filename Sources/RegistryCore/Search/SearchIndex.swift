import Foundation

/// An in-memory fuzzy search index over catalog entries.
///
/// Case- and accent-insensitive; typo-tolerant (one edit for words of 4–7 letters, two
/// for longer ones, over names, titles, tags, categories and tool names); prefix matches;
/// field-weighted (name/title above tags/categories above tools above description) with
/// IDF so rare words count more. Filters are applied before ranking.
///
/// Ranking (issue 10): the text score decides what matches; it is multiplied by
/// `1 + EntryQuality.prior` (launchability, curation of the sources, independent sources,
/// official marks, popularity), so the prior decides among comparable matches; an exact
/// match of the name or title (generic words like `mcp` and `server` aside) doubles the
/// text score, so it beats a name that merely contains the word. Ties fall to the prior,
/// then to a stable hash of the id (never alphabetical by owner). Text results group
/// entries that are the same server (`DuplicateGroups`) into one hit with alternatives.
///
/// Storage is flat (a few large arrays with offsets, not an array per term or entry), so
/// 10,000 entries cost a few megabytes. Building it reuses the analysed form of entries
/// that did not change since the previous index, so a refresh of one source re-analyses
/// only that source's entries.
public struct SearchIndex: Sendable {
    /// The entries, in index order (in memory, or decoded on first use from a stored index).
    public let entries: EntryList
    /// Each entry's id, in index order (ranking by id and reuse never decode an entry).
    let entryIDs: [String]
    /// Each entry's filter flags (`EntryFlag`), so filters never decode an entry.
    let entryFlags: [UInt8]

    /// Sorted vocabulary; a term's id is its position.
    let vocabulary: [String]
    /// The vocabulary's UTF-8 bytes, back to back; term `t` is `termBytes[termStart[t]..<termStart[t+1]]`.
    let termBytes: [UInt8]
    let termStart: [Int32]
    /// Postings of term `t`: `postingDocument/Weight[postingStart[t]..<postingStart[t+1]]`.
    let postingStart: [Int32]
    let postingDocument: [Int32]
    let postingWeight: [UInt8]
    let inverseDocumentFrequency: [Float]
    /// The typo index: for every typo-eligible term and each of its one-letter deletions,
    /// `hash << 24 | term id` (the top 40 bits of the hash), sorted. A hash collision only
    /// costs an edit-distance check that fails.
    let deletionKeys: [UInt64]
    /// Each entry's analysed terms (term id, weight), for reuse by the next build.
    let documentStart: [Int32]
    let documentTerm: [Int32]
    let documentWeight: [UInt8]
    /// Each entry's `hashValue` (this process only); empty for an index read from disk,
    /// whose entries are then compared by value when reused.
    let fingerprints: [Int]
    /// Hashes of each entry's folded name, title and id tail (3 per entry; 0 = none).
    let exactNameHashes: [UInt64]
    /// `EntryQuality.prior` of each entry (computed here, once, not per query).
    let priors: [Double]
    /// Each entry's group of same-server entries (`DuplicateGroups`).
    let groups: [Int32]
    /// Each entry's length norm for its long fields (tools, description): an entry with
    /// hundreds of tool words matches any common word, so those words count less in it.
    let lengthNorms: [Float]
    /// Each entry's tie-break key: a stable hash of its id.
    let tieBreaks: [UInt32]
    /// Reused working arrays of text searches (`SearchScratch`).
    let scratchPool: SearchScratchPool
    let sourceFilter: FilterColumn
    let categoryFilter: FilterColumn
    let tagFilter: FilterColumn

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
    /// - Parameter sourceKinds: source id → kind (`docker`, `awesome`, `local`…), for the
    ///   curation part of the prior (`EntryQuality`).
    /// - Parameter groupingDuplicates: fold entries that are the same server
    ///   (`DuplicateGroups`) into one hit. `false` for a list whose entries are distinct
    ///   servers by construction (one registry's names: `io.github.a/weather` and
    ///   `io.github.b/weather` are two servers, each its own hit).
    public init(entries: [CatalogEntry], sourceKinds: [String: String] = [:], reusing previous: SearchIndex? = nil, groupingDuplicates: Bool = true) {
        var reusable: [String: Int] = [:]
        if let previous {
            reusable.reserveCapacity(previous.entries.count)
            for (index, id) in previous.entryIDs.enumerated() { reusable[id] = index }
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
            if let previous, let old = reusable[entry.id], previous.isUnchanged(old, as: entry, fingerprint: fingerprint) {
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

        self.entries = EntryList(entries)
        self.entryIDs = entries.map(\.id)
        self.entryFlags = entries.map(EntryFlag.of)
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
        let launchable = entries.map(\.isLaunchable)
        self.priors = entries.map { EntryQuality.prior($0, sourceKinds: sourceKinds) }
        self.groups = groupingDuplicates ? DuplicateGroups.groups(of: entries, launchable: launchable) : entries.indices.map { Int32($0) }
        let averageLength = Float(max(documentTerm.count, 1)) / Float(max(entries.count, 1))
        self.lengthNorms = entries.indices.map { document in
            let length = Float(documentStart[document + 1] - documentStart[document])
            return min(1, max(0.25, 1 / (1 + 0.5 * (length / averageLength - 1))))
        }
        self.tieBreaks = entries.map { UInt32(truncatingIfNeeded: Self.hash(Array($0.id.utf8))) }
        self.scratchPool = SearchScratchPool(count: entries.count)
        self.sourceFilter = FilterColumn(entries.map { $0.provenance.map(\.sourceID) })
        self.categoryFilter = FilterColumn(entries.map(\.categories))
        self.tagFilter = FilterColumn(entries.map(\.tags))
    }
}

/// Bits of `SearchIndex.entryFlags`.
enum EntryFlag {
    static let launchable: UInt8 = 1
    static let official: UInt8 = 2
    static let requiresCredentials: UInt8 = 4

    static func of(_ entry: CatalogEntry) -> UInt8 {
        (entry.isLaunchable ? launchable : 0) | (entry.flags.official ? official : 0)
            | (entry.requiresCredentials ? requiresCredentials : 0)
    }
}

extension SearchIndex {
    /// Whether entry `old` of this index is `entry` unchanged (so its analysis can be reused).
    func isUnchanged(_ old: Int, as entry: CatalogEntry, fingerprint: Int) -> Bool {
        fingerprints.isEmpty ? entries.transientEntry(at: old) == entry : fingerprints[old] == fingerprint
    }

    func has(_ flag: UInt8, _ position: Int) -> Bool { entryFlags[position] & flag != 0 }
}
