import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The merged, indexed catalog stored beside the per-source cache (`cache/catalog.index`),
/// so start-up serves the first search from it instead of decoding, merging and indexing
/// every entry (issue 12: the first find after start under 150 ms at 10,000 entries).
///
/// One binary file, read memory-mapped in one pass: a header (magic, this format's version,
/// the cache's entry format version, the byte order), a checksum of the payload, then the
/// sources it was built from, the id lookup, the per-source counts, every entry's JSON
/// (decoded only when a search shows it) and the `SearchIndex` arrays.
///
/// It is keyed by the cache files it was built from: each source's id, kind and the
/// device, inode, size and modification time of `cache/catalog/<source>.json`. Any
/// difference (a refresh wrote a file, a source was added or removed, another format)
/// makes `load` throw `stale`, and the caller rebuilds from the per-source files; a
/// damaged or truncated file throws `damaged`. Neither is ever fatal. Writes are atomic.
public struct CatalogIndexFile: Sendable {
    /// Bump when the layout changes; older files are then rebuilt.
    public static let formatVersion: UInt32 = 1
    static let magic: UInt64 = 0x0058_4449_5252_434D  // "MCRRIDX\0" read little-endian
    static let byteOrderMark: UInt32 = 0x0102_0304

    /// Where a cache file was when the index was built: who it belongs to and its stat.
    public struct SourceStamp: Sendable, Hashable {
        public var sourceID: String
        public var kind: String
        public var device: UInt64
        public var inode: UInt64
        public var size: UInt64
        public var modifiedNanoseconds: UInt64
    }

    /// Why a stored index was not used.
    public enum LoadError: Error, Equatable, CustomStringConvertible {
        /// There is none yet.
        case missing
        /// Another layout or entry format (written by another version).
        case otherFormat(found: UInt32, expected: UInt32)
        /// Built from other cache files than there are now.
        case stale
        /// Truncated, a checksum mismatch, or parts that do not fit together.
        case damaged(String)

        public var description: String {
            switch self {
            case .missing: "no stored index"
            case .otherFormat(let found, let expected): "stored index format \(found) is not \(expected)"
            case .stale: "stored index was built from other cache files"
            case .damaged(let why): "stored index is damaged (\(why))"
            }
        }
    }

    public let url: URL
    let cache: CatalogCache

    public init(cache: CatalogCache) {
        self.cache = cache
        self.url = cache.directory.appendingPathComponent("catalog.index")
    }

    /// The stamps of the cache files of these sources (source id → kind) that exist, by id.
    public func stamps(kinds: [String: String]) -> [SourceStamp] {
        kinds.keys.sorted().compactMap { id in
            var info = stat()
            guard stat(cache.file(for: id).path, &info) == 0 else { return nil }
            #if canImport(Darwin)
            let modified = UInt64(info.st_mtimespec.tv_sec) &* 1_000_000_000 &+ UInt64(info.st_mtimespec.tv_nsec)
            #else
            let modified = UInt64(info.st_mtim.tv_sec) &* 1_000_000_000 &+ UInt64(info.st_mtim.tv_nsec)
            #endif
            return SourceStamp(
                sourceID: id, kind: kinds[id] ?? "", device: UInt64(info.st_dev), inode: UInt64(info.st_ino),
                size: UInt64(info.st_size), modifiedNanoseconds: modified)
        }
    }

    /// Removes the stored index (after its cache files changed in a way it cannot follow).
    public func remove() {
        try? FileManager.default.removeItem(at: url)
    }
}

extension CatalogIndexFile {
    /// A 64-bit checksum of `bytes`, eight bytes at a time (fast enough to check 20 MB in
    /// a few milliseconds; it catches damage, not tampering).
    static func checksum(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        let words = bytes.count / 8
        for word in 0..<words {
            hash = (hash ^ bytes.loadUnaligned(fromByteOffset: word * 8, as: UInt64.self)) &* 0x100_0000_01b3
            hash ^= hash >> 29
        }
        for offset in (words * 8)..<bytes.count {
            hash = (hash ^ UInt64(bytes[offset])) &* 0x100_0000_01b3
        }
        return hash ^ UInt64(bytes.count)
    }
}
