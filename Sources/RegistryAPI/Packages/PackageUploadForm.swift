import Foundation
import MultipartKit
import NIOCore

/// The `multipart/form-data` body of `POST /api/v1/publish`, as `mcp-registry publish
/// --package` and the tests send it (serialized by MultipartKit).
public struct PackageUploadForm: Sendable {
    /// Text fields (`name`, `version`, `description`, `author`, `repository`, `tags`, `server.json`).
    public var fields: [(name: String, value: String)]
    public var package: Data
    public var fileName: String

    public init(package: Data, fileName: String, fields: [(name: String, value: String)] = []) {
        self.package = package
        self.fileName = fileName
        self.fields = fields
    }

    /// A boundary that does not occur in the package.
    public let boundary = "mcp-registry-" + UUID().uuidString

    /// `multipart/form-data; boundary=…`
    public var contentType: String { "multipart/form-data; boundary=\(boundary)" }

    /// The encoded body.
    public func body() throws -> Data {
        var parts = fields.map { field in
            MultipartPart(headers: ["Content-Disposition": "form-data; name=\"\(Self.quotable(field.name))\""], body: field.value)
        }
        parts.append(MultipartPart(
            headers: [
                "Content-Disposition": "form-data; name=\"package\"; filename=\"\(Self.quotable(fileName))\"",
                "Content-Type": "application/octet-stream",
            ],
            body: package
        ))
        var buffer = ByteBufferAllocator().buffer(capacity: package.count + 4_096)
        try MultipartSerializer().serialize(parts: parts, boundary: boundary, into: &buffer)
        return Data(buffer.readableBytesView)
    }

    private static func quotable(_ text: String) -> String {
        String(text.filter { $0 != "\"" && $0 != "\r" && $0 != "\n" })
    }
}
