import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Creates unpacked entries under `root` with plain system calls: every folder on the way
/// is checked with `lstat` (a link the archive made is never followed), files are opened
/// `O_CREAT | O_EXCL | O_NOFOLLOW`.
struct DiskWriter {
    let root: URL

    func directory(_ parts: [String], entry: String) throws {
        try makeFolders(parts, entry: entry)
    }

    func file(_ parts: [String], executable: Bool, entry: String) throws -> Int32 {
        try makeFolders(Array(parts.dropLast()), entry: entry)
        let path = self.path(parts)
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, executable ? 0o755 : 0o644)
        guard descriptor >= 0 else {
            if errno == EEXIST || errno == ELOOP { throw UnpackRefusal.conflictingEntry(entry: entry) }
            throw UnpackRefusal.io(entry: entry, errno: errno)
        }
        return descriptor
    }

    func symbolicLink(_ parts: [String], target: String, entry: String) throws {
        try makeFolders(Array(parts.dropLast()), entry: entry)
        guard symlink(target, path(parts)) == 0 else {
            if errno == EEXIST { throw UnpackRefusal.conflictingEntry(entry: entry) }
            throw UnpackRefusal.io(entry: entry, errno: errno)
        }
    }

    func hardLink(_ parts: [String], target: [String], entry: String) throws {
        try makeFolders(Array(parts.dropLast()), entry: entry)
        try makeFolders(Array(target.dropLast()), entry: entry)
        var status = stat()
        guard lstat(path(target), &status) == 0, UInt32(status.st_mode) & 0o170000 == 0o100000 else {
            throw UnpackRefusal.linkLeavesTarget(entry: entry, target: target.joined(separator: "/"))
        }
        guard link(path(target), path(parts)) == 0 else {
            if errno == EEXIST { throw UnpackRefusal.conflictingEntry(entry: entry) }
            throw UnpackRefusal.io(entry: entry, errno: errno)
        }
    }

    static func append(_ chunk: UnsafeRawBufferPointer, to descriptor: Int32, entry: String) throws {
        var offset = 0
        while offset < chunk.count {
            let written = write(descriptor, chunk.baseAddress! + offset, chunk.count - offset)
            if written < 0 {
                if errno == EINTR { continue }
                throw UnpackRefusal.io(entry: entry, errno: errno)
            }
            offset += written
        }
    }

    /// Each folder of `parts` exists as a real folder (created `0755` when missing).
    private func makeFolders(_ parts: [String], entry: String) throws {
        var current = root.path
        for part in parts {
            current += "/" + part
            var status = stat()
            if lstat(current, &status) == 0 {
                let type = UInt32(status.st_mode) & 0o170000
                if type == 0o120000 { throw UnpackRefusal.throughLink(entry: entry) }
                guard type == 0o040000 else { throw UnpackRefusal.conflictingEntry(entry: entry) }
                continue
            }
            guard mkdir(current, 0o755) == 0 || errno == EEXIST else { throw UnpackRefusal.io(entry: entry, errno: errno) }
        }
    }

    private func path(_ parts: [String]) -> String {
        ([root.path] + parts).joined(separator: "/")
    }
}
