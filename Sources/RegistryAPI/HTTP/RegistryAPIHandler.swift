import Foundation
import Hummingbird
import Logging

/// The registry API's request handling, independent of the HTTP server around it: every
/// route of `openapi.yaml` (`/v0.1/…` and its `/v0/…` alias) plus `/openapi.yaml`,
/// `/v0.1/health` and `/v0.1/ping`. Handlers never throw: refusals become `APIError`
/// responses, unexpected faults a logged 500 with no detail.
public struct RegistryAPIHandler: Sendable {
    public struct Options: Sendable {
        /// Request bodies larger than this are refused with 413.
        public var maxBodyBytes: Int
        /// Whether `POST /publish`, `PUT`, `DELETE` and `PATCH …/status` are served.
        public var publishing: Bool

        public init(maxBodyBytes: Int = 256 * 1_024, publishing: Bool = true) {
            self.maxBodyBytes = maxBodyBytes
            self.publishing = publishing
        }
    }

    public let store: any RegistryStore
    public let validator: ServerDocumentValidator
    public let options: Options
    let logger: Logger
    let openAPI: Data
    /// The store as a `ChangeCountingStore` (nil: pages are never reused).
    let changes: (any ChangeCountingStore)?
    /// Encoded pages of `GET /servers`, by query string.
    let pages = ResponseCache()

    public init(store: any RegistryStore, validator: ServerDocumentValidator, options: Options = Options(), logger: Logger) throws {
        self.store = store
        self.validator = validator
        self.options = options
        self.logger = logger
        self.openAPI = try BundledSpec.openAPIYAML()
        self.changes = store as? any ChangeCountingStore
    }

    /// Runs `body`, turning its refusals into responses.
    func respond(_ body: () async throws -> Response) async -> Response {
        do {
            return try await body()
        } catch let error as APIError {
            return JSONResponses.error(error)
        } catch let error as DocumentRejection {
            return JSONResponses.error(.invalidDocument(error))
        } catch RegistryStoreError.versionExists(let name, let version) {
            return JSONResponses.error(APIError(.badRequest, "Invalid version: cannot publish duplicate version \(version) of \(name)"))
        } catch RegistryStoreError.notFound(_, let version) {
            return JSONResponses.error(version == nil ? .serverNotFound() : .versionNotFound())
        } catch {
            logger.error("request failed", metadata: ["error": "\(error)"])
            return JSONResponses.error(APIError(.internalServerError, "Internal server error"))
        }
    }

    // MARK: reads

    /// `GET /servers`. While the store reports no change, a page asked for again (the same
    /// query string) is the bytes encoded the first time.
    func listServers(_ request: Request) async -> Response {
        await respond {
            let key = request.uri.query ?? ""
            let changeCount = changes?.changeCount
            if let changeCount, let body = pages.body(for: key, at: changeCount) {
                return JSONResponses.json(body)
            }
            let query = try ServerListQueryParser.parse(request.uri.queryParameters)
            let page = try await store.list(query)
            let body = ByteBuffer(string: JSONResponses.listText(page.records, next: page.next))
            if let changeCount { pages.store(body, for: key, at: changeCount) }
            return JSONResponses.json(body)
        }
    }

    func get(_ path: ServerPath, _ request: Request) async throws -> Response {
        let includeDeleted = try ServerListQueryParser.flag(request.uri.queryParameters, "include_deleted")
        switch path {
        case .versions(let name):
            let records = try await store.versions(of: name, includeDeleted: includeDeleted)
            guard !records.isEmpty else { throw APIError.serverNotFound() }
            return JSONResponses.list(records, next: nil)
        case .version(let name, let version):
            let record: ServerRecord?
            if version == "latest" {
                record = try await store.latest(of: name)
            } else {
                record = try await store.version(version, of: name)
            }
            guard let record, includeDeleted || record.status != .deleted else {
                throw version == "latest" ? APIError.serverNotFound() : APIError.versionNotFound()
            }
            return JSONResponses.item(record)
        case .server(let name):
            guard let record = try await store.latest(of: name), includeDeleted || record.status != .deleted else {
                throw APIError.serverNotFound()
            }
            return JSONResponses.item(record)
        case .status, .versionStatus:
            throw APIError(.methodNotAllowed, "Use PATCH to change a status")
        }
    }

    func health() async -> Response {
        await respond {
            let statistics = try await store.statistics()
            return JSONResponses.encodable(HealthReport(status: "ok", statistics: statistics))
        }
    }

    func openAPIDocument() -> Response {
        Response(status: .ok, headers: [.contentType: "application/yaml"], body: ResponseBody(byteBuffer: ByteBuffer(bytes: openAPI)))
    }

    /// The body of `/v0.1/health`.
    public struct HealthReport: Codable, Sendable {
        public var status: String
        public var statistics: RegistryStatistics
    }
}
