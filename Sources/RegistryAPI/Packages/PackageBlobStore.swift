import Foundation
import Hummingbird

/// Where hosted package files live, content-addressed by their SHA-256 (lower-case hex).
/// `FileSystemBlobStore` keeps them in the registry's data folder; an object store (S3 and
/// the like) would be one more conformance.
///
/// Uploads are staged first (the handler streams the request into a `StagedBlob` while
/// hashing it) and committed under their digest once the database accepted them.
public protocol PackageBlobStore: Sendable {
    /// A new, empty staging file to stream an upload into.
    /// - Throws: `PackageBlobError.io` when the staging folder cannot be written.
    func stage() throws -> StagedBlob

    /// Makes a staged file the blob `sha256` (idempotent: an existing blob with that digest
    /// is kept and the staged copy dropped).
    func commit(_ staged: StagedBlob, sha256: String) async throws

    /// Drops a staged file that will not be committed.
    func discard(_ staged: StagedBlob)

    /// The blob as a response body streamed in chunks.
    /// - Throws: `PackageBlobError.missing` when there is no such blob.
    func body(sha256: String, context: some RequestContext) async throws -> ResponseBody

    /// A local file holding the blob (for unpacking and checking an upload's contents).
    func localFile(sha256: String) throws -> URL

    /// Removes the blob (no error when it is already gone).
    func remove(sha256: String) async throws
}

/// An upload being written: a file only this upload uses.
public struct StagedBlob: Sendable {
    public let file: URL
}

/// Facts about a blob store failure.
public enum PackageBlobError: Error, Equatable, Sendable {
    /// No blob has that digest.
    case missing(sha256: String)
    /// A digest that is not 64 lower-case hex characters.
    case invalidDigest(String)
    /// The file system refused (`path`, `errno`).
    case io(path: String, errno: Int32)

    /// Whether `text` is a SHA-256 digest in the form blobs are keyed by.
    public static func isDigest(_ text: String) -> Bool {
        text.utf8.count == 64 && text.utf8.allSatisfy { (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }
    }
}
