import Foundation

/// Unpacks a hosted package (`.tar.gz`/`.tgz`, or zip/`.mcpb`) into a folder, refusing
/// anything that could write outside it (see `ArchiveEntryPolicy`) or exhaust the disk
/// (`UnpackLimits`). Files are created with `O_EXCL | O_NOFOLLOW` and never through a
/// link the archive made; set-id bits are dropped (files `0644`/`0755`, folders `0755`).
/// On a refusal, what was unpacked so far is left for the caller to delete.
public enum SafeUnpacker {
    /// What an archive held.
    public struct Summary: Sendable, Equatable {
        /// Entry paths as checked (normalized: no `./`, no empty components).
        public var entries: [String]
        /// Bytes of file data.
        public var bytes: Int64
        /// Contents of the requested small files (see `inspect`).
        public var files: [String: Data]
    }

    /// Unpacks `archive` into `target` (created when missing; should be empty).
    /// - Throws: `UnpackRefusal` naming the entry at fault.
    @discardableResult
    public static func unpack(_ archive: URL, into target: URL, limits: UnpackLimits = UnpackLimits()) throws -> Summary {
        try FileManager.default.createDirectory(at: target, withIntermediateDirectories: true)
        return try walk(archive, limits: limits, reading: [], writer: DiskWriter(root: target))
    }

    /// Checks every entry as `unpack` would, writing nothing, and returns the contents of
    /// the files named in `reading` (root-relative paths such as `manifest.json`, each up to
    /// 1 MiB), so an upload can be refused before it is stored.
    public static func inspect(_ archive: URL, limits: UnpackLimits = UnpackLimits(), reading: Set<String> = []) throws -> Summary {
        try walk(archive, limits: limits, reading: reading, writer: nil)
    }

    private static func walk(_ archive: URL, limits: UnpackLimits, reading: Set<String>, writer: DiskWriter?) throws -> Summary {
        let reader = try ArchiveReader(file: archive)
        var summary = Summary(entries: [], bytes: 0, files: [:])
        var seenFiles = Set<String>()
        while let header = try reader.next() {
            guard summary.entries.count < limits.maxEntries else {
                throw UnpackRefusal.tooManyEntries(entry: header.path, limit: limits.maxEntries)
            }
            let parts = try ArchiveEntryPolicy.check(path: header.path, kind: header.kind)
            let path = parts.joined(separator: "/")
            summary.entries.append(path)
            if header.size > limits.maxBytes - summary.bytes {
                throw UnpackRefusal.tooManyBytes(entry: header.path, limit: limits.maxBytes)
            }
            switch header.kind {
            case .directory:
                try writer?.directory(parts, entry: header.path)
            case .symbolicLink(let target):
                try writer?.symbolicLink(parts, target: target, entry: header.path)
            case .hardLink(let target):
                let targetParts = try ArchiveEntryPolicy.components(of: target)
                guard seenFiles.contains(targetParts.joined(separator: "/")) else {
                    throw UnpackRefusal.linkLeavesTarget(entry: header.path, target: target)
                }
                try writer?.hardLink(parts, target: targetParts, entry: header.path)
            case .file:
                guard !seenFiles.contains(path) else { throw UnpackRefusal.conflictingEntry(entry: header.path) }
                seenFiles.insert(path)
                let capture = reading.contains(path)
                var captured = Data()
                let file = try writer?.file(parts, executable: header.mode & 0o111 != 0, entry: header.path)
                defer { file.map { _ = close($0) } }
                try reader.readData { chunk in
                    summary.bytes += Int64(chunk.count)
                    guard summary.bytes <= limits.maxBytes else {
                        throw UnpackRefusal.tooManyBytes(entry: header.path, limit: limits.maxBytes)
                    }
                    if capture, captured.count + chunk.count <= 1_024 * 1_024 { captured.append(contentsOf: chunk) }
                    if let file { try DiskWriter.append(chunk, to: file, entry: header.path) }
                }
                if capture { summary.files[path] = captured }
            case .special:
                break  // refused by the policy above
            }
        }
        return summary
    }
}
