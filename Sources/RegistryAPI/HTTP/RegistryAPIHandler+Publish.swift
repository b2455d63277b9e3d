import Foundation
import RegistryCore
import Hummingbird

extension RegistryAPIHandler {
    /// `POST /v0.1/publish`: validates, authorizes (`publish` on the name's namespace),
    /// stores. 200 with the stored item; 400/422 naming the field; 401/403 as the spec words them.
    func publish(_ request: Request) async -> Response {
        await respond {
            try requirePublishing()
            let body = try await jsonBody(request)
            let token = try await authenticate(request)
            let accepted = try validator.validate(body)
            try authorize(token, .publish, accepted.name, verb: "publish")
            let now = RegistryTime.now()
            let record = ServerRecord(
                name: accepted.name, version: accepted.version, document: accepted.json, description: accepted.description,
                statusChangedAt: now, publishedAt: now, updatedAt: now, isLatest: false
            )
            let stored = try await store.publish(record)
            logger.info("published", metadata: ["server": "\(stored.name)", "version": "\(stored.version)", "token": "\(token.id)"])
            return JSONResponses.item(stored)
        }
    }

    /// `PUT`, `DELETE` and `PATCH` under `/servers/…`.
    func change(_ path: ServerPath, _ request: Request) async throws -> Response {
        try requirePublishing()
        switch (request.method, path) {
        case (.put, .version(let name, let version)):
            let body = try await jsonBody(request)
            let token = try await authenticate(request)
            try authorize(token, .edit, name, verb: "update")
            let accepted = try validator.validate(body)
            guard accepted.name == name, accepted.version == version else {
                throw APIError(.badRequest, "The body's name and version must match the path (\(name) \(version))")
            }
            let record = try await store.replace(version: version, of: name, document: accepted.json, description: accepted.description, at: RegistryTime.now())
            return JSONResponses.item(record)
        case (.delete, .version(let name, let version)):
            let token = try await authenticate(request)
            try authorize(token, .admin, name, verb: "delete")
            let removed = try await store.remove(version: version, of: name)
            logger.info("deleted", metadata: ["server": "\(name)", "version": "\(version)", "token": "\(token.id)"])
            return JSONResponses.item(removed)
        case (.patch, .versionStatus(let name, let version)):
            let update = try await statusUpdate(request)
            let token = try await authenticate(request)
            try authorize(token, .publish, name, verb: "change the status of")
            guard let current = try await store.version(version, of: name) else { throw APIError.versionNotFound() }
            if current.status == update.status, current.statusMessage == update.statusMessage {
                throw APIError(.badRequest, "No changes to apply: status is already \(update.status.rawValue)")
            }
            let records = try await store.setStatus(update.status, message: update.statusMessage, version: version, of: name, at: RegistryTime.now())
            guard let record = records.first else { throw APIError.versionNotFound() }
            return JSONResponses.item(record)
        case (.patch, .status(let name)):
            let update = try await statusUpdate(request)
            let token = try await authenticate(request)
            try authorize(token, .publish, name, verb: "change the status of")
            let records = try await store.setStatus(update.status, message: update.statusMessage, version: nil, of: name, at: RegistryTime.now())
            return JSONResponses.statusUpdate(records)
        default:
            throw APIError(.methodNotAllowed, "Method not allowed")
        }
    }

    private func requirePublishing() throws {
        guard options.publishing else { throw APIError(.notImplemented, "Publishing is not supported by this registry") }
    }

    /// The body, when it is declared JSON and within the size limit.
    func jsonBody(_ request: Request) async throws -> Data {
        let type = request.headers[.contentType]?.lowercased() ?? ""
        let mediaType = type.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
        guard mediaType == "application/json" || (mediaType.hasPrefix("application/") && mediaType.hasSuffix("+json")) else {
            throw APIError(.unsupportedMediaType, "Content-Type must be application/json")
        }
        if let length = request.headers[.contentLength].flatMap(Int.init), length > options.maxBodyBytes {
            throw APIError(.contentTooLarge, "Request body is larger than \(options.maxBodyBytes) bytes")
        }
        do {
            let buffer = try await request.body.collect(upTo: options.maxBodyBytes)
            return Data(buffer: buffer)
        } catch {
            throw APIError(.contentTooLarge, "Request body is larger than \(options.maxBodyBytes) bytes")
        }
    }

    private struct StatusUpdate {
        var status: ServerStatus
        var statusMessage: String?
    }

    private func statusUpdate(_ request: Request) async throws -> StatusUpdate {
        let body = try await jsonBody(request)
        if let problem = ServerDocumentValidator.structureProblem(body) { throw APIError(.badRequest, "Invalid request body: \(problem)") }
        guard let value = try? JSONDecoder().decode(JSONValue.self, from: body), case .object(let members) = value else {
            throw APIError(.badRequest, "Invalid request body: expected {\"status\": \"active|deprecated|deleted\", \"statusMessage\": \"…\"}")
        }
        guard let text = members["status"]?.stringValue, let status = ServerStatus(rawValue: text) else {
            throw APIError(.badRequest, "Invalid status value", issues: [ValidationIssue(location: "status", message: "must be one of active, deprecated, deleted")])
        }
        var message: String?
        if let raw = members["statusMessage"], raw != .null {
            guard let text = raw.stringValue, text.count <= 500 else {
                throw APIError(.badRequest, "Invalid statusMessage", issues: [ValidationIssue(location: "statusMessage", message: "must be a string of at most 500 characters")])
            }
            guard status != .active else {
                throw APIError(.badRequest, "statusMessage is not allowed when status is active", issues: [ValidationIssue(location: "statusMessage", message: "not allowed when status is active")])
            }
            message = text
        }
        return StatusUpdate(status: status, statusMessage: message)
    }
}
