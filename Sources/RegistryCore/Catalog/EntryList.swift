import Foundation
import Synchronization

/// The catalog's merged entries, in index order: either values in memory, or the entries of
/// a stored catalog index (`CatalogIndexFile`) decoded one at a time when first read.
///
/// A stored list keeps each entry's encoded bytes (memory-mapped) and decodes an entry on
/// its first access, so serving the first search after start-up decodes only the entries it
/// shows, not all 10,000. Decoded entries are kept (a search shows the same ones again).
public struct EntryList: RandomAccessCollection, Sendable {
    enum Storage: Sendable {
        case values([CatalogEntry])
        case stored(StoredEntries)
    }

    let storage: Storage

    /// Entries held in memory.
    public init(_ entries: [CatalogEntry]) {
        storage = .values(entries)
    }

    init(stored: StoredEntries) {
        storage = .stored(stored)
    }

    public var startIndex: Int { 0 }

    public var endIndex: Int {
        switch storage {
        case .values(let entries): entries.count
        case .stored(let stored): stored.count
        }
    }

    public subscript(position: Int) -> CatalogEntry {
        switch storage {
        case .values(let entries): entries[position]
        case .stored(let stored): stored.entry(at: position)
        }
    }

    /// Whether the entries are decoded lazily from a stored index.
    public var isStored: Bool {
        if case .stored = storage { return true }
        return false
    }

    /// The entry at `position`, decoded without keeping it (for one-pass comparisons that
    /// would otherwise fill the decoded cache with every entry).
    func transientEntry(at position: Int) -> CatalogEntry {
        switch storage {
        case .values(let entries): entries[position]
        case .stored(let stored): stored.entry(at: position, keeping: false)
        }
    }
}

/// Entries stored back to back as JSON in one (memory-mapped) buffer, decoded on demand.
///
/// The bytes were checked (`CatalogIndexFile`'s checksum) and every entry was encoded by
/// this format version, so a decoding failure means memory or the format is broken: it
/// stops the process with the entry's position rather than serving a made-up entry.
final class StoredEntries: Sendable {
    let bytes: Data
    /// Entry `i` is `bytes[offsets[i]..<offsets[i + 1]]`.
    let offsets: [Int]
    private let decoded: Mutex<[CatalogEntry?]>

    init(bytes: Data, offsets: [Int]) {
        self.bytes = bytes
        self.offsets = offsets
        self.decoded = Mutex(Array(repeating: nil, count: max(offsets.count - 1, 0)))
    }

    var count: Int { max(offsets.count - 1, 0) }

    func entry(at position: Int, keeping: Bool = true) -> CatalogEntry {
        if let entry = decoded.withLock({ $0[position] }) { return entry }
        let slice = bytes[(bytes.startIndex + offsets[position])..<(bytes.startIndex + offsets[position + 1])]
        let entry: CatalogEntry
        do {
            entry = try JSONDecoder().decode(CatalogEntry.self, from: slice)
        } catch {
            fatalError("catalog index: entry \(position) does not decode (\(error))")
        }
        if keeping { decoded.withLock { $0[position] = entry } }
        return entry
    }
}
