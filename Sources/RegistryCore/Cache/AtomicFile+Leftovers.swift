import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The temporary files of writers killed mid-write (`.<name>.<UUID>.tmp` beside a target;
/// the target itself is intact), swept when the registry starts.
extension AtomicFile {
    /// A temporary file younger than this may belong to a write still going on in another
    /// process (a `serve` beside a CLI command): 60 seconds.
    public static let leftoverAge: TimeInterval = 60

    /// Whether `name` is exactly the temporary name `write(_:to:mode:)` uses:
    /// `.` + a non-empty target name + `.` + an upper-case UUID + `.tmp`.
    public static func isTemporaryName(_ name: String) -> Bool {
        let uuidLength = 36
        guard name.hasPrefix("."), name.hasSuffix(".tmp") else { return false }
        let stem = name.dropFirst().dropLast(4)
        guard stem.count > uuidLength + 1 else { return false }
        let uuid = stem.suffix(uuidLength)
        let separator = stem.dropLast(uuidLength).last
        return separator == "." && UUID(uuidString: String(uuid)) != nil && uuid == uuid.uppercased()
    }

    /// Removes the temporary files left by killed writers under `folders` (and their
    /// subfolders, to `maximumDepth`): only regular files whose name matches
    /// `isTemporaryName` exactly and whose last change is older than `age` seconds before
    /// `now`. Symbolic links are neither followed nor removed; folders that do not exist are
    /// skipped. Returns the files removed. Never throws: a file it cannot remove stays.
    @discardableResult
    public static func sweepLeftovers(
        in folders: [URL], olderThan age: TimeInterval = leftoverAge, now: Date = Date(), maximumDepth: Int = 4
    ) -> [URL] {
        var removed: [URL] = []
        var pending = folders.map { ($0, 0) }
        while let (folder, depth) = pending.popLast() {
            guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder.path) else { continue }
            for name in names {
                let url = folder.appendingPathComponent(name)
                var info = stat()
                guard lstat(url.path, &info) == 0 else { continue }
                let kind = info.st_mode & S_IFMT
                if kind == S_IFDIR {
                    if depth < maximumDepth { pending.append((url, depth + 1)) }
                    continue
                }
                guard kind == S_IFREG, isTemporaryName(name) else { continue }
                #if canImport(Darwin)
                let changed = Date(timeIntervalSince1970: TimeInterval(info.st_mtimespec.tv_sec))
                #else
                let changed = Date(timeIntervalSince1970: TimeInterval(info.st_mtim.tv_sec))
                #endif
                guard now.timeIntervalSince(changed) >= age else { continue }
                if unlink(url.path) == 0 { removed.append(url) }
            }
        }
        return removed
    }
}
