import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import RegistryAPI
import RegistryCore
import XCTest

/// A registry service on a real socket on 127.0.0.1 (HummingbirdTesting's live mode) over a
/// real store, and a client that sends raw requests to it.
struct LiveRegistry {
    let client: any TestClientProtocol
    let store: SQLRegistryStore

    struct Reply {
        var status: HTTPResponse.Status
        var body: String
        var headers: HTTPFields
        var json: JSONValue? { try? JSONDecoder().decode(JSONValue.self, from: Data(body.utf8)) }
        var error: String? { json?["error"]?.stringValue }
    }

    /// Starts a service over a fresh store of `kind` and runs `body` against it.
    /// - Parameter blobs: hosted packages' files; with it the `/api/v1` routes are served.
    static func run(
        _ kind: StoreKind, options: RegistryAPIHandler.Options = .init(),
        blobs: (any PackageBlobStore)? = nil, hosting: HostedPackagesAPI.Options = .init(),
        _ body: @Sendable (LiveRegistry) async throws -> Void
    ) async throws {
        try await kind.withStore { store, _ in
            let service = RegistryHTTPService(
                store: store, configuration: .init(host: "127.0.0.1", port: 0, options: options, metrics: true, hosting: hosting),
                logger: Logger(label: "test"), blobs: blobs
            )
            let app = try service.application()
            try await app.test(.live) { client in
                try await body(LiveRegistry(client: client, store: store))
            }
        }
    }

    /// The raw bytes of a response (for downloads).
    func bytes(_ uri: String) async throws -> (status: HTTPResponse.Status, data: Data, headers: HTTPFields) {
        try await client.execute(uri: uri, method: .get, headers: [:], body: nil) { response in
            (response.status, Data(buffer: response.body), response.headers)
        }
    }

    func send(_ method: HTTPRequest.Method, _ uri: String, body: Data? = nil, token: String? = nil, contentType: String? = "application/json") async throws -> Reply {
        var headers: HTTPFields = [:]
        if let token { headers[.authorization] = "Bearer \(token)" }
        if body != nil, let contentType { headers[.contentType] = contentType }
        return try await client.execute(uri: uri, method: method, headers: headers, body: body.map { ByteBuffer(bytes: $0) }) { response in
            Reply(status: response.status, body: String(buffer: response.body), headers: response.headers)
        }
    }

    func get(_ uri: String) async throws -> Reply { try await send(.get, uri) }

    func publish(_ document: Data, token: String?) async throws -> Reply {
        try await send(.post, "/v0.1/publish", body: document, token: token)
    }

    /// A new token stored directly in the store (as `registry token create` does).
    func token(_ namespace: String, _ permission: TokenPermission = .publish, lifetime: Int64? = nil) async throws -> String {
        let issued = AccessTokenIssuer.issue(namespace: namespace, permission: permission, description: nil, lifetime: lifetime, now: RegistryTime.now())
        try await store.insertToken(issued.record)
        return issued.token
    }

    /// `{name}` with `/` percent-encoded, as the spec's paths want it.
    static func encoded(_ name: String) -> String {
        name.replacingOccurrences(of: "/", with: "%2F")
    }
}
