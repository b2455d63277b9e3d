import Foundation

extension LocalUpstream {
    /// One object file of the upstream: a loose object (`ab/cdef…`) or a pack file
    /// (`pack/pack-….pack` or its `.idx`), by its path inside the object folder.
    struct ObjectFile: Hashable {
        var path: String
        var bytes: Int
        /// Objects it holds: 1 for a loose object, the index's count for a pack index.
        var objects: Int
    }

    /// The upstream's object files that `destination` (another object folder) lacks, each
    /// pack before its index (libgit2 finds a pack by its index, so an index never appears
    /// before its pack is whole).
    func missingFiles(in destination: URL) -> [ObjectFile] {
        let fileManager = FileManager.default
        var missing: [ObjectFile] = []
        let keys: [URLResourceKey] = [.fileSizeKey, .isRegularFileKey]
        guard let walker = fileManager.enumerator(at: objects, includingPropertiesForKeys: keys) else { return [] }
        let prefix = objects.standardizedFileURL.path + "/"
        for case let file as URL in walker {
            guard let values = try? file.resourceValues(forKeys: Set(keys)), values.isRegularFile == true else { continue }
            let path = String(file.standardizedFileURL.path.dropFirst(prefix.count))
            let folder = file.deletingLastPathComponent().lastPathComponent
            let isLoose = folder.count == 2 && folder.allSatisfy(\.isHexDigit)
            let isPack = folder == "pack" && ["pack", "idx"].contains(file.pathExtension)
            guard isLoose || isPack, !fileManager.fileExists(atPath: destination.appendingPathComponent(path).path) else { continue }
            let count = isLoose ? 1 : (file.pathExtension == "idx" ? Self.packObjectCount(file) : 0)
            missing.append(ObjectFile(path: path, bytes: values.fileSize ?? 0, objects: count))
        }
        return missing.sorted { ($0.path.hasSuffix(".idx") ? 1 : 0, $0.path) < ($1.path.hasSuffix(".idx") ? 1 : 0, $1.path) }
    }

    /// The cap `files` are over, if any.
    static func exceeded(_ files: [ObjectFile], _ limits: GitTransferLimits) -> GitTransferLimits.Exceeded? {
        let bytes = files.reduce(0) { $0 + $1.bytes }
        let objects = files.reduce(0) { $0 + $1.objects }
        if objects > limits.maxObjects { return .objects(limit: limits.maxObjects, total: objects) }
        if bytes > limits.maxBytes { return .bytes(limit: limits.maxBytes, received: bytes) }
        return nil
    }

    /// Copies `files` into `destination`, each through a temporary file renamed into place,
    /// so an object file is never seen half-written (object files are immutable: a name
    /// already there is the same content).
    func copy(_ files: [ObjectFile], to destination: URL) throws {
        let fileManager = FileManager.default
        for file in files {
            let target = destination.appendingPathComponent(file.path)
            try fileManager.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
            let temporary = destination.appendingPathComponent(".incoming-\(UUID().uuidString)")
            do {
                try fileManager.copyItem(at: objects.appendingPathComponent(file.path), to: temporary)
                if rename(temporary.path, target.path) != 0 { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
            } catch {
                try? fileManager.removeItem(at: temporary)
                throw error
            }
        }
    }
}
