import Crypto
import Foundation
import Hummingbird
import MultipartKit

/// A `multipart/form-data` upload to `POST /api/v1/publish`, read as it streams in: the
/// `package` part goes straight to a staged blob while its SHA-256 is computed; the other
/// parts are short text fields. Parsing is MultipartKit's `MultipartParser`; the limits
/// (total body, package size, field size, known field names) are ours.
public struct PackageUpload: Sendable {
    /// The text fields the API takes beside `package`.
    public static let fieldNames: Set<String> = ["name", "version", "description", "author", "repository", "tags", "server.json"]

    public var fields: [String: String]
    public var staged: StagedBlob
    /// The file name the client gave the package part (may be empty).
    public var fileName: String
    /// Lower-case hex.
    public var sha256: String
    public var size: Int64
    /// The package's first bytes, to tell its format.
    public var prefix: [UInt8]

    /// Limits on one upload.
    public struct Limits: Sendable {
        /// Largest package file, in bytes (413 above it).
        public var maxPackageBytes: Int64
        /// Largest text field (`server.json` included), in bytes.
        public var maxFieldBytes: Int

        public init(maxPackageBytes: Int64 = 50 * 1_024 * 1_024, maxFieldBytes: Int = 256 * 1_024) {
            self.maxPackageBytes = maxPackageBytes
            self.maxFieldBytes = maxFieldBytes
        }
    }
}

/// Why an upload was refused (the handler words these for the client).
public enum PackageUploadError: Error, Equatable, Sendable {
    /// The request is not `multipart/form-data` with a boundary.
    case notMultipart
    /// The multipart body is malformed or ends before its closing boundary.
    case malformed
    /// A part with no `name` or a name the API does not take.
    case unknownField(String)
    /// The same field twice.
    case duplicateField(String)
    case fieldTooLarge(String, limit: Int)
    case packageTooLarge(limit: Int64)
    /// No `package` part.
    case missingPackage
}

/// Reads a `PackageUpload` from a request body.
enum PackageUploadReader {
    /// The boundary of a `multipart/form-data` content type, or nil.
    static func boundary(contentType: String) -> String? {
        let parts = contentType.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
        guard parts.first?.lowercased() == "multipart/form-data" else { return nil }
        for parameter in parts.dropFirst() {
            let pair = parameter.split(separator: "=", maxSplits: 1).map(String.init)
            guard pair.count == 2, pair[0].lowercased() == "boundary" else { continue }
            var value = pair[1]
            if value.count >= 2, value.hasPrefix("\""), value.hasSuffix("\"") { value = String(value.dropFirst().dropLast()) }
            return (1...70).contains(value.utf8.count) ? value : nil
        }
        return nil
    }

    /// The `name` and `filename` parameters of a `Content-Disposition: form-data` header.
    static func disposition(_ header: String) -> (name: String?, fileName: String?) {
        var name: String?
        var fileName: String?
        for parameter in header.split(separator: ";").dropFirst() {
            let pair = parameter.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard pair.count == 2 else { continue }
            var value = pair[1]
            if value.count >= 2, value.hasPrefix("\""), value.hasSuffix("\"") { value = String(value.dropFirst().dropLast()) }
            switch pair[0].lowercased() {
            case "name": name = value
            case "filename": fileName = value
            default: break
            }
        }
        return (name, fileName)
    }

    /// Streams `body` into `blobs` (the package) and memory (the fields).
    /// - Throws: `PackageUploadError`; the staged file is discarded on any error.
    static func read(_ body: RequestBody, contentType: String, limits: PackageUpload.Limits, blobs: any PackageBlobStore) async throws -> PackageUpload {
        guard let boundary = boundary(contentType: contentType) else { throw PackageUploadError.notMultipart }
        let staged = try blobs.stage()
        do {
            let state = try UploadState(file: staged.file, limits: limits)
            defer { try? state.handle.close() }
            let parser = MultipartParser(boundary: boundary)
            parser.onHeader = { name, value in state.header(name, value) }
            parser.onBody = { buffer in state.body(&buffer) }
            parser.onPartComplete = { state.partComplete() }
            var total: Int64 = 0
            let maxTotal = limits.maxPackageBytes + Int64(limits.maxFieldBytes) * Int64(PackageUpload.fieldNames.count) + 64 * 1_024
            for try await chunk in body {
                total += Int64(chunk.readableBytes)
                guard total <= maxTotal else { throw PackageUploadError.packageTooLarge(limit: limits.maxPackageBytes) }
                do {
                    try parser.execute(chunk)
                } catch {
                    throw state.failure ?? PackageUploadError.malformed
                }
                if let failure = state.failure { throw failure }
            }
            guard state.inPart == false, state.partsCompleted > 0 else { throw PackageUploadError.malformed }
            guard state.sawPackage else { throw PackageUploadError.missingPackage }
            return PackageUpload(
                fields: state.fields, staged: staged, fileName: state.packageFileName ?? "",
                sha256: state.hasher.finalize().map { String(format: "%02x", $0) }.joined(),
                size: state.packageBytes, prefix: state.prefix
            )
        } catch {
            blobs.discard(staged)
            throw error
        }
    }
}

/// The parser callbacks' shared state (used from one task only).
private final class UploadState {
    let handle: FileHandle
    let limits: PackageUpload.Limits
    var hasher = SHA256()
    var fields: [String: String] = [:]
    var packageFileName: String?
    var packageBytes: Int64 = 0
    var prefix: [UInt8] = []
    var sawPackage = false
    var partsCompleted = 0
    var inPart = false
    var failure: PackageUploadError?
    private var currentName: String?
    private var currentFileName: String?
    private var currentField = Data()

    init(file: URL, limits: PackageUpload.Limits) throws {
        self.handle = try FileHandle(forWritingTo: file)
        self.limits = limits
    }

    func header(_ name: String, _ value: String) {
        inPart = true
        guard name.lowercased() == "content-disposition" else { return }
        let parsed = PackageUploadReader.disposition(value)
        currentName = parsed.name
        currentFileName = parsed.fileName
        guard failure == nil, let field = parsed.name else { return }
        if field == "package" {
            if sawPackage { failure = .duplicateField(field) }
            sawPackage = true
            packageFileName = parsed.fileName
        } else if !PackageUpload.fieldNames.contains(field) {
            failure = .unknownField(field)
        } else if fields[field] != nil {
            failure = .duplicateField(field)
        }
    }

    func body(_ buffer: inout ByteBuffer) {
        inPart = true
        guard failure == nil else { return }
        guard let name = currentName else {
            failure = .unknownField("")
            return
        }
        let bytes = buffer.readableBytesView
        if name == "package" {
            packageBytes += Int64(bytes.count)
            guard packageBytes <= limits.maxPackageBytes else {
                failure = .packageTooLarge(limit: limits.maxPackageBytes)
                return
            }
            if prefix.count < 8 { prefix += bytes.prefix(8 - prefix.count) }
            if bytes.withContiguousStorageIfAvailable({ hasher.update(bufferPointer: UnsafeRawBufferPointer($0)) }) == nil {
                hasher.update(data: Array(bytes))
            }
            handle.write(Data(bytes))
        } else {
            guard currentField.count + bytes.count <= limits.maxFieldBytes else {
                failure = .fieldTooLarge(name, limit: limits.maxFieldBytes)
                return
            }
            currentField.append(contentsOf: bytes)
        }
    }

    func partComplete() {
        defer {
            currentName = nil
            currentFileName = nil
            currentField = Data()
            inPart = false
        }
        partsCompleted += 1
        guard failure == nil else { return }
        guard let name = currentName else {
            failure = .unknownField("")
            return
        }
        if name != "package" { fields[name] = String(decoding: currentField, as: UTF8.self) }
    }
}
