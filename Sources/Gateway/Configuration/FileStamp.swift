import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A file's identity and version as `stat` gives them (device, inode, size, modification
/// time in ns): equal stamps mean the file was not replaced or written in between, to the
/// file system's time resolution.
public struct FileStamp: Sendable, Hashable {
    public var device: UInt64
    public var inode: UInt64
    public var size: UInt64
    public var modifiedNanoseconds: UInt64

    /// The stamp of the file at `url`; `nil` when it does not exist or cannot be read.
    public init?(of url: URL) {
        var info = stat()
        guard stat(url.path, &info) == 0 else { return nil }
        device = UInt64(truncatingIfNeeded: info.st_dev)
        inode = UInt64(truncatingIfNeeded: info.st_ino)
        size = UInt64(truncatingIfNeeded: info.st_size)
        #if canImport(Darwin)
        modifiedNanoseconds = UInt64(truncatingIfNeeded: info.st_mtimespec.tv_sec) &* 1_000_000_000 &+ UInt64(truncatingIfNeeded: info.st_mtimespec.tv_nsec)
        #else
        modifiedNanoseconds = UInt64(truncatingIfNeeded: info.st_mtim.tv_sec) &* 1_000_000_000 &+ UInt64(truncatingIfNeeded: info.st_mtim.tv_nsec)
        #endif
    }
}
