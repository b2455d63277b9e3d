import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Atomic writes: a temporary file in the same folder, then a rename.
///
/// A reader (or a process killed at any moment, SIGKILL included) sees either the old file
/// or the whole new one, never a torn or empty one. The temporary file is created with
/// `O_CREAT | O_EXCL` and the final mode in the same call, so a secret written with mode
/// 0600 is never readable by others, not even through a descriptor opened in between. A
/// writer killed mid-write leaves at most a `.<name>.<uuid>.tmp` file beside the target
/// (of the same mode), never a changed target.
public enum AtomicFile {
    /// Writes `data` to `url` atomically, creating the folder, with the given POSIX mode.
    /// - Throws: `CocoaError(.fileWriteUnknown)` carrying the path and `errno` when the
    ///   temporary file cannot be created, written, flushed or renamed.
    public static func write(_ data: Data, to url: URL, mode: Int = 0o644) throws {
        let folder = url.deletingLastPathComponent()
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let temp = folder.appendingPathComponent(".\(url.lastPathComponent).\(UUID().uuidString).tmp")
        let descriptor = open(temp.path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode_t(mode))
        guard descriptor >= 0 else { throw failure(temp) }
        var closed = false
        do {
            // The umask may have taken bits away; never adds any beyond `mode`.
            guard fchmod(descriptor, mode_t(mode)) == 0 else { throw failure(temp) }
            try data.withUnsafeBytes { buffer in
                var offset = 0
                while offset < buffer.count {
                    let written = systemWrite(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                    if written < 0, errno == EINTR { continue }
                    guard written > 0 else { throw failure(temp) }
                    offset += written
                }
            }
            guard fsync(descriptor) == 0 else { throw failure(temp) }
            closed = true
            guard close(descriptor) == 0 else { throw failure(temp) }
            guard rename(temp.path, url.path) == 0 else { throw failure(url) }
        } catch {
            if !closed { close(descriptor) }
            unlink(temp.path)
            throw error
        }
    }

    private static func failure(_ url: URL) -> CocoaError {
        CocoaError(.fileWriteUnknown, userInfo: [
            NSFilePathErrorKey: url.path,
            NSUnderlyingErrorKey: POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO),
        ])
    }
}

/// `write(2)`, named apart from `AtomicFile.write`.
private func systemWrite(_ descriptor: Int32, _ bytes: UnsafeRawPointer, _ count: Int) -> Int {
    write(descriptor, bytes, count)
}
