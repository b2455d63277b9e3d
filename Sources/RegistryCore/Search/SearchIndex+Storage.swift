import Foundation

extension SearchIndex {
    /// A stored index whose parts do not fit together (a count or an id out of range).
    public enum StorageError: Error, Equatable, CustomStringConvertible {
        case inconsistent(String)

        public var description: String {
            switch self {
            case .inconsistent(let part): "inconsistent \(part)"
            }
        }
    }

    /// Writes the index's arrays (not its entries: `CatalogIndexFile` stores those).
    func write(to writer: inout BinaryWriter) {
        writer.write(strings: entryIDs)
        writer.write(array: entryFlags)
        writer.write(array: termBytes)
        writer.write(array: termStart)
        writer.write(array: postingStart)
        writer.write(array: postingDocument)
        writer.write(array: postingWeight)
        writer.write(array: inverseDocumentFrequency)
        writer.write(array: deletionKeys)
        writer.write(array: documentStart)
        writer.write(array: documentTerm)
        writer.write(array: documentWeight)
        writer.write(array: exactNameHashes)
        writer.write(array: priors)
        writer.write(array: groups)
        writer.write(array: lengthNorms)
        writer.write(array: tieBreaks)
        sourceFilter.write(to: &writer)
        categoryFilter.write(to: &writer)
        tagFilter.write(to: &writer)
    }

    /// Reads what `write(to:)` wrote, over `entries`, checking that every count and id
    /// fits (so a damaged file fails here, never as an out-of-range index in a search).
    /// - Throws: `BinaryReader.Truncated`, `StorageError.inconsistent`.
    init(reading reader: inout BinaryReader, entries: EntryList) throws {
        let count = entries.count
        func check(_ condition: Bool, _ part: String) throws {
            if !condition { throw StorageError.inconsistent(part) }
        }
        func ascending(_ starts: [Int32], count: Int, end: Int) -> Bool {
            starts.count == count + 1 && starts.first == 0 && Int(starts.last ?? -1) == end
                && zip(starts, starts.dropFirst()).allSatisfy { $0 <= $1 }
        }
        let entryIDs = try reader.readStrings()
        let entryFlags = try reader.read(arrayOf: UInt8.self)
        try check(entryIDs.count == count && entryFlags.count == count, "entry columns")
        let termBytes = try reader.read(arrayOf: UInt8.self)
        let termStart = try reader.read(arrayOf: Int32.self)
        try check(!termStart.isEmpty, "vocabulary")
        let terms = termStart.count - 1
        try check(ascending(termStart, count: terms, end: termBytes.count), "vocabulary")
        let postingStart = try reader.read(arrayOf: Int32.self)
        let postingDocument = try reader.read(arrayOf: Int32.self)
        let postingWeight = try reader.read(arrayOf: UInt8.self)
        try check(ascending(postingStart, count: terms, end: postingDocument.count) && postingWeight.count == postingDocument.count
            && postingDocument.allSatisfy { $0 >= 0 && Int($0) < count }, "postings")
        let inverseDocumentFrequency = try reader.read(arrayOf: Float.self)
        let deletionKeys = try reader.read(arrayOf: UInt64.self)
        try check(inverseDocumentFrequency.count == terms && deletionKeys.allSatisfy { Int($0 & 0xFF_FFFF) < terms }, "term tables")
        let documentStart = try reader.read(arrayOf: Int32.self)
        let documentTerm = try reader.read(arrayOf: Int32.self)
        let documentWeight = try reader.read(arrayOf: UInt8.self)
        try check(ascending(documentStart, count: count, end: documentTerm.count) && documentWeight.count == documentTerm.count
            && documentTerm.allSatisfy { $0 >= 0 && Int($0) < terms }, "documents")
        let exactNameHashes = try reader.read(arrayOf: UInt64.self)
        let priors = try reader.read(arrayOf: Double.self)
        let groups = try reader.read(arrayOf: Int32.self)
        let lengthNorms = try reader.read(arrayOf: Float.self)
        let tieBreaks = try reader.read(arrayOf: UInt32.self)
        try check(exactNameHashes.count == count * 3 && priors.count == count && lengthNorms.count == count && tieBreaks.count == count
            && groups.count == count && groups.allSatisfy { $0 >= 0 && Int($0) < count }, "entry columns")
        let sourceFilter = try FilterColumn(reading: &reader, rows: count)
        let categoryFilter = try FilterColumn(reading: &reader, rows: count)
        let tagFilter = try FilterColumn(reading: &reader, rows: count)

        var vocabulary: [String] = []
        vocabulary.reserveCapacity(terms)
        termBytes.withUnsafeBufferPointer { buffer in
            for term in 0..<terms {
                let range = Int(termStart[term])..<Int(termStart[term + 1])
                vocabulary.append(String(decoding: UnsafeBufferPointer(rebasing: buffer[range]), as: UTF8.self))
            }
        }
        self.entries = entries
        self.scratchPool = SearchScratchPool(count: count)
        self.entryIDs = entryIDs
        self.entryFlags = entryFlags
        self.vocabulary = vocabulary
        self.termBytes = termBytes
        self.termStart = termStart
        self.postingStart = postingStart
        self.postingDocument = postingDocument
        self.postingWeight = postingWeight
        self.inverseDocumentFrequency = inverseDocumentFrequency
        self.deletionKeys = deletionKeys
        self.documentStart = documentStart
        self.documentTerm = documentTerm
        self.documentWeight = documentWeight
        self.fingerprints = []
        self.exactNameHashes = exactNameHashes
        self.priors = priors
        self.groups = groups
        self.lengthNorms = lengthNorms
        self.tieBreaks = tieBreaks
        self.sourceFilter = sourceFilter
        self.categoryFilter = categoryFilter
        self.tagFilter = tagFilter
    }
}
