import Foundation
import HTTPTypes
import RegistryAPI
import RegistryCore
import XCTest

/// Hostile and malformed requests: each a clear 4xx in the spec's error shape, nothing
/// stored, the service still serving.
final class RegistryBadInputTests: XCTestCase {
    func testBadInput_sqlite() async throws { try await badInput(.sqlite) }
    func testBadInput_postgres() async throws { try await badInput(.postgres) }

    func badInput(_ kind: StoreKind) async throws {
        try await LiveRegistry.run(kind, options: .init(maxBodyBytes: 16 * 1_024)) { registry in
            let token = try await registry.token("*", .admin)
            _ = try await registry.publish(RegistryFixtures.server("com.example/keep", "1.0.0"), token: token)

            let big = Data(#"{"name":"com.example/big","description":"\#(String(repeating: "x", count: 20_000))","version":"1.0.0"}"#.utf8)
            try await Self.expect(registry.publish(big, token: token), .contentTooLarge, "larger than")
            try await Self.expect(registry.publish(Data("{\"name\": ".utf8), token: token), .badRequest, "not valid JSON")
            try await Self.expect(registry.send(.post, "/v0.1/publish", body: RegistryFixtures.server("com.example/x", "1.0.0"), token: token, contentType: "text/plain"), .unsupportedMediaType, "application/json")
            try await Self.expect(registry.send(.post, "/v0.1/publish", body: RegistryFixtures.server("com.example/x", "1.0.0"), token: token, contentType: nil), .unsupportedMediaType, "application/json")
            let deep = Data(("{\"name\":" + String(repeating: "[", count: 5_000) + String(repeating: "]", count: 5_000) + "}").utf8)
            try await Self.expect(registry.publish(deep, token: token), .badRequest, "nested")
            try await Self.expect(registry.publish(Data(#"{"name":"com.example/x\u0000y","description":"d","version":"1.0.0"}"#.utf8), token: token), .unprocessableContent, "name")
            let invalid = try await registry.publish(RegistryFixtures.data("examples/invalid/package-version-latest.json"), token: token)
            XCTAssertEqual(invalid.status, .unprocessableContent)
            XCTAssertTrue(invalid.error?.contains("packages[0].version") ?? false, invalid.body)
            XCTAssertEqual(invalid.json?["errors"]?.arrayValue?.first?["location"], "packages[0].version")

            for path in [
                "/v0.1/servers/..%2F..%2Fetc/versions", "/v0.1/servers/com.example%2F../versions",
                "/v0.1/servers/com.example%2Fkeep%00/versions", "/v0.1/servers/%2F%2F/versions",
                "/v0.1/servers/com.example%252Fkeep/versions", "/v0.1/servers/com.example%2Fkeep/versions/..",
            ] {
                let reply = try await registry.get(path)
                XCTAssertTrue([400, 404].contains(reply.status.code), "\(path): \(reply.status)")
                XCTAssertNotNil(reply.error, "\(path): \(reply.body)")
            }
            for search in ["'%20OR%201=1--", "%22;DROP%20TABLE%20servers;--", "%5C", "_"] {
                let reply = try await registry.get("/v0.1/servers?search=\(search)")
                XCTAssertEqual(reply.status, .ok, search)
                XCTAssertEqual(reply.json?["servers"]?.arrayValue?.count, 0, search)
            }
            try await Self.expect(registry.get("/v0.1/servers?cursor=djEKYQ"), .badRequest, "cursor")
            try await Self.expect(registry.get("/v0.1/servers?cursor=%27%20OR%201%3D1"), .badRequest, "cursor")
            try await Self.expect(registry.get("/v0.1/servers?limit=100000000000000000000"), .badRequest, "limit")
            try await Self.expect(registry.get("/v0.1/servers?limit=101"), .badRequest, "limit")
            try await Self.expect(registry.get("/v0.1/servers?limit=-1"), .badRequest, "limit")
            try await Self.expect(registry.get("/v0.1/servers?updated_since=yesterday"), .badRequest, "updated_since")
            try await Self.expect(registry.get("/v0.1/servers?include_deleted=maybe"), .badRequest, "include_deleted")

            let after = try await registry.get("/v0.1/servers")
            XCTAssertEqual(after.status, .ok, "still serving")
            XCTAssertEqual(after.json?["servers"]?.arrayValue?.count, 1, "nothing stored by any of it")
        }
    }

    /// Unknown routes and methods under the API's prefixes answer in the API's error shape.
    func testUnknownRoutesAnswerWithTheErrorBody() async throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("unknown-routes-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        try await LiveRegistry.run(.sqlite, blobs: try FileSystemBlobStore(root: root)) { registry in
            for (method, path) in [
                (HTTPRequest.Method.get, "/v0.1/nothing"), (.get, "/v0.1/servers-typo"), (.get, "/v0/nothing/at/all"),
                (.get, "/api/v1/nothing"), (.get, "/api/v1/stats/more"), (.post, "/v0.1/servers"), (.get, "/v0.1/publish"),
                (.put, "/api/v1/stats"), (.get, "/v0.1"), (.get, "/api/v1"),
            ] {
                let reply = try await registry.send(method, path)
                XCTAssertEqual(reply.status, .notFound, "\(method) \(path): \(reply.body)")
                XCTAssertEqual(reply.headers[.contentType], "application/json", "\(method) \(path)")
                XCTAssertEqual(reply.error, "Not found: no such API route", "\(method) \(path): \(reply.body)")
            }
            // Known routes are untouched, and paths outside the API keep their own answers.
            let servers = try await registry.get("/v0.1/servers")
            XCTAssertEqual(servers.status, .ok)
            let outside = try await registry.get("/v0.1x/servers")
            XCTAssertEqual(outside.status, .notFound)
            XCTAssertNil(outside.json, outside.body)
        }
    }

    private static func expect(_ reply: LiveRegistry.Reply, _ status: HTTPResponse.Status, _ words: String, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(reply.status, status, reply.body, file: file, line: line)
        XCTAssertTrue(reply.error?.contains(words) ?? false, "expected an error naming \(words): \(reply.body)", file: file, line: line)
    }
}
