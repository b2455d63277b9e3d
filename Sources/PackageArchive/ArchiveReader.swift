import CArchive
import Foundation

/// One pass over a gzip-compressed tar or a zip through libarchive (reading only: the
/// entries are written by `SafeUnpacker`, never by libarchive). Each entry's data is read
/// through `readData` before the next header.
final class ArchiveReader {
    struct Header {
        var path: String
        var kind: ArchiveEntryPolicy.Kind
        var mode: UInt32
        /// Declared size (may be absent or wrong; bytes are counted as read).
        var size: Int64
    }

    private let archive: OpaquePointer

    /// - Throws: `UnpackRefusal.unreadable` when the file cannot be opened as an archive.
    init(file: URL) throws {
        guard let archive = archive_read_new() else { throw UnpackRefusal.unreadable(reason: "libarchive could not start") }
        self.archive = archive
        archive_read_support_filter_gzip(archive)
        archive_read_support_format_tar(archive)
        archive_read_support_format_zip(archive)
        // On a throw from here, deinit frees the handle.
        guard archive_read_open_filename(archive, file.path, 64 * 1_024) == ARCHIVE_OK else {
            throw UnpackRefusal.unreadable(reason: Self.message(archive))
        }
    }

    deinit {
        archive_read_free(archive)
    }

    /// The next entry's header, or nil at the end.
    func next() throws -> Header? {
        var entry: OpaquePointer?
        let status = archive_read_next_header(archive, &entry)
        if status == ARCHIVE_EOF { return nil }
        guard status >= ARCHIVE_WARN, let entry else { throw UnpackRefusal.unreadable(reason: Self.message(archive)) }
        let path = (archive_entry_pathname_utf8(entry) ?? archive_entry_pathname(entry)).map { String(cString: $0) } ?? ""
        let mode = UInt32(archive_entry_mode(entry))
        let kind: ArchiveEntryPolicy.Kind
        if let hardLink = archive_entry_hardlink(entry) {
            kind = .hardLink(target: String(cString: hardLink))
        } else {
            switch mode & 0o170000 {
            case 0o100000: kind = .file
            case 0o040000: kind = .directory
            case 0o120000: kind = .symbolicLink(target: archive_entry_symlink(entry).map { String(cString: $0) } ?? "")
            default: kind = .special(mode: mode & 0o170000)
            }
        }
        let size = archive_entry_size_is_set(entry) != 0 ? Int64(archive_entry_size(entry)) : 0
        return Header(path: path, kind: kind, mode: mode & 0o7777, size: size)
    }

    /// Reads the current entry's data in chunks, calling `chunk` with each.
    func readData(_ chunk: (UnsafeRawBufferPointer) throws -> Void) throws {
        let capacity = 64 * 1_024
        let buffer = UnsafeMutableRawPointer.allocate(byteCount: capacity, alignment: 16)
        defer { buffer.deallocate() }
        while true {
            let count = archive_read_data(archive, buffer, capacity)
            if count == 0 { return }
            guard count > 0 else { throw UnpackRefusal.unreadable(reason: Self.message(archive)) }
            try chunk(UnsafeRawBufferPointer(start: buffer, count: Int(count)))
        }
    }

    private static func message(_ archive: OpaquePointer) -> String {
        archive_error_string(archive).map { String(cString: $0) } ?? "not a readable archive"
    }
}
