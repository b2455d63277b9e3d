import HTTPTypes

/// A refusal the API sends as `{"error": "…"}` (the spec's error shape) with, for documents
/// that break rules, `"errors": [{"location": "packages[0].version", "message": "…"}]`.
/// The sentences are the API's own: clients show them verbatim.
public struct APIError: Error, Sendable {
    public var status: HTTPResponse.Status
    public var message: String
    public var issues: [ValidationIssue]

    public init(_ status: HTTPResponse.Status, _ message: String, issues: [ValidationIssue] = []) {
        self.status = status
        self.message = message
        self.issues = issues
    }

    static func invalidDocument(_ rejection: DocumentRejection) -> APIError {
        let first = rejection.issues.first.map { ": \($0.location): \($0.message)" } ?? ""
        let more = rejection.issues.count > 1 ? " (and \(rejection.issues.count - 1) more)" : ""
        switch rejection.kind {
        case .malformed: return APIError(.badRequest, "Invalid request body\(first)", issues: rejection.issues)
        case .invalid: return APIError(.unprocessableContent, "Invalid server.json\(first)\(more)", issues: rejection.issues)
        }
    }

    static let missingToken = APIError(.unauthorized, "Invalid Authorization header format. Expected 'Bearer <token>'")
    static let invalidToken = APIError(.unauthorized, "Invalid or expired Registry JWT token")
    static func serverNotFound() -> APIError { APIError(.notFound, "Server not found") }
    static func versionNotFound() -> APIError { APIError(.notFound, "Server version not found") }
}
