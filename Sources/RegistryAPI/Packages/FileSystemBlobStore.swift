import Foundation
import Hummingbird

/// Package files under a folder: `blobs/sha256/ab/abcdef…` (the first two hex digits fan
/// the files out), staged in `staging/` on the same file system so a commit is a rename.
public struct FileSystemBlobStore: PackageBlobStore {
    public let root: URL
    private let fileIO: FileIO

    /// - Parameter root: the folder (created when missing), e.g. `<data>/registry/packages`.
    public init(root: URL) throws {
        self.root = root
        self.fileIO = FileIO()
        for folder in [root.appendingPathComponent("staging"), root.appendingPathComponent("blobs/sha256")] {
            do {
                try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            } catch {
                throw PackageBlobError.io(path: folder.path, errno: (error as NSError).code == 0 ? EIO : Int32((error as NSError).code))
            }
        }
    }

    public func stage() throws -> StagedBlob {
        let file = root.appendingPathComponent("staging/\(UUID().uuidString).part")
        let descriptor = open(file.path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw PackageBlobError.io(path: file.path, errno: errno) }
        close(descriptor)
        return StagedBlob(file: file)
    }

    public func commit(_ staged: StagedBlob, sha256: String) async throws {
        let target = try path(sha256)
        let folder = target.deletingLastPathComponent()
        try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        if FileManager.default.fileExists(atPath: target.path) {
            discard(staged)
            return
        }
        guard rename(staged.file.path, target.path) == 0 else { throw PackageBlobError.io(path: target.path, errno: errno) }
        chmod(target.path, 0o644)
    }

    public func discard(_ staged: StagedBlob) {
        unlink(staged.file.path)
    }

    public func body(sha256: String, context: some RequestContext) async throws -> ResponseBody {
        let file = try localFile(sha256: sha256)
        return try await fileIO.loadFile(path: file.path, context: context)
    }

    public func localFile(sha256: String) throws -> URL {
        let file = try path(sha256)
        guard FileManager.default.fileExists(atPath: file.path) else { throw PackageBlobError.missing(sha256: sha256) }
        return file
    }

    public func remove(sha256: String) async throws {
        let file = try path(sha256)
        guard unlink(file.path) == 0 || errno == ENOENT else { throw PackageBlobError.io(path: file.path, errno: errno) }
    }

    private func path(_ sha256: String) throws -> URL {
        guard PackageBlobError.isDigest(sha256) else { throw PackageBlobError.invalidDigest(sha256) }
        return root.appendingPathComponent("blobs/sha256/\(sha256.prefix(2))/\(sha256)")
    }
}
