/// The rules an archive entry must follow to be unpacked, as pure functions over its
/// path, kind and link target, so that they are tested without any archive.
///
/// An entry's path must stay inside the target: not absolute, no `..` component (a
/// leading `./` and empty components are dropped). A symbolic link's target, resolved
/// against the link's own folder, must stay inside too; a hard link must name an entry
/// inside. Device files, FIFOs and sockets are never unpacked.
public enum ArchiveEntryPolicy {
    /// What an entry is.
    public enum Kind: Equatable, Sendable {
        case file
        case directory
        case symbolicLink(target: String)
        case hardLink(target: String)
        /// A character or block device, a FIFO, a socket or an unknown type (its mode bits).
        case special(mode: UInt32)
    }

    /// The entry's path as components inside the target.
    /// - Throws: `UnpackRefusal.absolutePath` or `.escapesTarget`, naming `path`.
    public static func components(of path: String) throws -> [String] {
        if path.hasPrefix("/") { throw UnpackRefusal.absolutePath(entry: path) }
        if path.utf8.contains(0) { throw UnpackRefusal.escapesTarget(entry: path) }
        var parts: [String] = []
        for part in path.split(separator: "/", omittingEmptySubsequences: true) {
            if part == "." { continue }
            if part == ".." { throw UnpackRefusal.escapesTarget(entry: path) }
            parts.append(String(part))
        }
        return parts
    }

    /// Checks one entry and returns its components.
    /// - Throws: `UnpackRefusal` naming the entry.
    public static func check(path: String, kind: Kind) throws -> [String] {
        let parts = try components(of: path)
        switch kind {
        case .file, .directory:
            if parts.isEmpty, kind == .file { throw UnpackRefusal.escapesTarget(entry: path) }
        case .symbolicLink(let target):
            guard !parts.isEmpty, !target.isEmpty, !target.hasPrefix("/"), resolves(target, from: parts.dropLast()) else {
                throw UnpackRefusal.linkLeavesTarget(entry: path, target: target)
            }
        case .hardLink(let target):
            guard !parts.isEmpty, (try? components(of: target))?.isEmpty == false else {
                throw UnpackRefusal.linkLeavesTarget(entry: path, target: target)
            }
        case .special(let mode):
            throw UnpackRefusal.specialFile(entry: path, mode: mode)
        }
        return parts
    }

    /// Whether `target`, read from the folder `base`, stays inside the root (lexically;
    /// the unpacker also never writes through an unpacked link).
    static func resolves(_ target: String, from base: ArraySlice<String>) -> Bool {
        var stack = Array(base)
        for part in target.split(separator: "/", omittingEmptySubsequences: true) {
            if part == "." { continue }
            if part == ".." {
                guard !stack.isEmpty else { return false }
                stack.removeLast()
            } else {
                stack.append(String(part))
            }
        }
        return true
    }
}

/// Why an archive was refused, naming the entry at fault.
public enum UnpackRefusal: Error, Hashable, Sendable {
    /// The path starts with `/`.
    case absolutePath(entry: String)
    /// The path has a `..` component (or a NUL byte).
    case escapesTarget(entry: String)
    /// A symbolic or hard link whose target is outside the unpack folder.
    case linkLeavesTarget(entry: String, target: String)
    /// A device file, FIFO or socket (`mode`: the type bits).
    case specialFile(entry: String, mode: UInt32)
    /// The entry would be written through a symbolic link the archive made.
    case throughLink(entry: String)
    /// The same path twice, or a file where a folder is needed.
    case conflictingEntry(entry: String)
    /// More than `limit` entries; `entry` is the first one over.
    case tooManyEntries(entry: String, limit: Int)
    /// More than `limit` bytes unpacked, reached in `entry`.
    case tooManyBytes(entry: String, limit: Int64)
    /// Not a gzip-compressed tar or a zip, or corrupt (libarchive's message).
    case unreadable(reason: String)
    /// Writing failed (`errno`).
    case io(entry: String, errno: Int32)
}

/// How much an archive may hold.
public struct UnpackLimits: Sendable, Equatable {
    public var maxEntries: Int
    /// Bytes unpacked, counted as they are decompressed (a zip bomb stops at this).
    public var maxBytes: Int64

    /// 10,000 entries and 512 MiB by default.
    public init(maxEntries: Int = 10_000, maxBytes: Int64 = 512 * 1_024 * 1_024) {
        self.maxEntries = maxEntries
        self.maxBytes = maxBytes
    }
}
