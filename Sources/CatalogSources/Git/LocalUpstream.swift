import Foundation

/// A repository on this machine (`file://` URL or a path), cloned by copying its object
/// folder (`GIT_CLONE_LOCAL_NO_LINKS`) rather than through libgit2's local transport, which
/// would build a pack of the upstream in this process, reading every blob whole (a 30 MB
/// file costs 30 MB of resident memory). The caps are checked on the object folder before
/// the copy: its size in bytes and its objects (loose files, plus each pack index's count).
struct LocalUpstream {
    /// The repository's folder (its working copy, or a bare repository).
    let root: URL
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
        self.root = root
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
