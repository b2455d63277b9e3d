import Foundation

/// Caps on one clone or fetch, so a hostile or runaway repository cannot fill the disk or
/// hold a refresh forever. libgit2 reports the transfer as it goes (`git_indexer_progress`:
/// objects announced by the pack header, bytes received); the transfer stops as soon as a
/// figure passes its cap, the clone on disk stays as it was, and the error names the cap.
///
/// The time cap is checked when progress arrives, so a remote that sends nothing at all is
/// left to the transport's own time-outs.
public struct GitTransferLimits: Sendable, Hashable {
    /// Bytes of pack data received (compressed, as sent): 256 MiB by default.
    public var maxBytes: Int
    /// Objects in the pack: 1,000,000 by default.
    public var maxObjects: Int
    /// Seconds from the start of the transfer: 600 by default.
    public var maxSeconds: Double
    /// The largest file checked out (bytes, from the object header): 8 MiB by default, the
    /// largest cap of any catalog file kind (an awesome list's markdown). A larger file is
    /// not written at all (`GitRepository.SyncResult.skippedFiles`), so its blob is never
    /// inflated into memory.
    public var maxFileBytes: Int

    public init(maxBytes: Int = 256 << 20, maxObjects: Int = 1_000_000, maxSeconds: Double = 600, maxFileBytes: Int = 8 << 20) {
        self.maxBytes = maxBytes
        self.maxObjects = maxObjects
        self.maxSeconds = maxSeconds
        self.maxFileBytes = maxFileBytes
    }

    /// The registry's caps.
    public static let standard = GitTransferLimits()

    /// Which cap a transfer went over, with the cap and the figure reached.
    public enum Exceeded: Sendable, Hashable, CustomStringConvertible {
        /// `received` bytes arrived, over `limit`.
        case bytes(limit: Int, received: Int)
        /// The pack holds `total` objects, over `limit`.
        case objects(limit: Int, total: Int)
        /// The transfer ran `seconds`, over `limit`.
        case time(limit: Double, seconds: Double)

        public var description: String {
            switch self {
            case .bytes(let limit, let received): "the transfer passed the limit of \(limit) bytes (\(received) received)"
            case .objects(let limit, let total): "the repository has \(total) objects, over the limit of \(limit)"
            case .time(let limit, let seconds): "the transfer ran \(Int(seconds)) s, over the limit of \(Int(limit)) s"
            }
        }
    }

    /// The cap a transfer at this point is over, if any.
    func check(_ progress: GitTransferProgress, elapsed: Double) -> Exceeded? {
        if progress.totalObjects > maxObjects { return .objects(limit: maxObjects, total: progress.totalObjects) }
        if progress.receivedBytes > maxBytes { return .bytes(limit: maxBytes, received: progress.receivedBytes) }
        if elapsed > maxSeconds { return .time(limit: maxSeconds, seconds: elapsed) }
        return nil
    }
}

/// A repository on this machine (`file://` URL or a path), cloned by copying its object
/// folder (`GIT_CLONE_LOCAL_NO_LINKS`) rather than through libgit2's local transport, which
/// would build a pack of the upstream in this process, reading every blob whole (a 30 MB
/// file costs 30 MB of resident memory). The caps are checked on the object folder before
/// the copy: its size in bytes and its objects (loose files, plus each pack index's count).
struct LocalUpstream {
    /// The repository's object folder (`.git/objects`, or `objects` of a bare one).
    let objects: URL

    /// The upstream of `url` when it is on this machine and has an object folder.
    init?(url: String) {
        let path: String
        if url.hasPrefix("file://"), let parsed = URL(string: url) {
            path = parsed.path
        } else if url.hasPrefix("/") {
            path = url
        } else {
            return nil
        }
        let root = URL(fileURLWithPath: path, isDirectory: true)
        let candidates = [root.appendingPathComponent(".git/objects", isDirectory: true), root.appendingPathComponent("objects", isDirectory: true)]
        guard let objects = candidates.first(where: { FileManager.default.fileExists(atPath: $0.path) }) else { return nil }
        self.objects = objects
    }

    /// The object folder's size in bytes and its object count, and the cap it is over, if
    /// any (the walk stops at the first cap passed).
    func measure(_ limits: GitTransferLimits) -> (bytes: Int, objects: Int, exceeded: GitTransferLimits.Exceeded?) {
        var bytes = 0
        var objectCount = 0
        let keys: [URLResourceKey] = [.fileSizeKey, .isRegularFileKey]
        guard let walker = FileManager.default.enumerator(at: objects, includingPropertiesForKeys: keys) else { return (0, 0, nil) }
        for case let file as URL in walker {
            guard let values = try? file.resourceValues(forKeys: Set(keys)), values.isRegularFile == true else { continue }
            bytes += values.fileSize ?? 0
            let folder = file.deletingLastPathComponent().lastPathComponent
            if folder.count == 2, folder.allSatisfy(\.isHexDigit) {
                objectCount += 1
            } else if file.pathExtension == "idx" {
                objectCount += Self.packObjectCount(file)
            }
            if bytes > limits.maxBytes { return (bytes, objectCount, .bytes(limit: limits.maxBytes, received: bytes)) }
            if objectCount > limits.maxObjects { return (bytes, objectCount, .objects(limit: limits.maxObjects, total: objectCount)) }
        }
        return (bytes, objectCount, nil)
    }

    /// The object count of a version-2 pack index (the last fan-out entry), 0 when unreadable.
    static func packObjectCount(_ index: URL) -> Int {
        guard let handle = try? FileHandle(forReadingFrom: index) else { return 0 }
        defer { try? handle.close() }
        guard let header = try? handle.read(upToCount: 8 + 256 * 4), header.count == 8 + 256 * 4,
              header.prefix(4) == Data([0xFF, 0x74, 0x4F, 0x63]) else { return 0 }
        return header.suffix(4).reduce(0) { $0 << 8 | Int($1) }
    }
}
