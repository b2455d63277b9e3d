import Foundation
import RegistryAPI
import RegistryCore
import XCTest

/// Bearer tokens: 401 without a valid one, 403 outside its namespace or permission.
final class RegistryAuthTests: XCTestCase {
    func testTokensAndPermissions_sqlite() async throws { try await tokensAndPermissions(.sqlite) }
    func testTokensAndPermissions_postgres() async throws { try await tokensAndPermissions(.postgres) }

    func tokensAndPermissions(_ kind: StoreKind) async throws {
        try await LiveRegistry.run(kind) { registry in
            let document = RegistryFixtures.server("com.acme/tool", "1.0.0")
            let none = try await registry.publish(document, token: nil)
            XCTAssertEqual(none.status, .unauthorized)
            XCTAssertEqual(none.error, "Invalid Authorization header format. Expected 'Bearer <token>'")
            XCTAssertEqual(none.headers[.wwwAuthenticate], "Bearer")
            let unknown = try await registry.publish(document, token: "mcpr_thisisnotatoken")
            XCTAssertEqual(unknown.status, .unauthorized)
            XCTAssertEqual(unknown.error, "Invalid or expired Registry JWT token")

            let other = try await registry.token("com.other/*")
            let outside = try await registry.publish(document, token: other)
            XCTAssertEqual(outside.status, .forbidden)
            XCTAssertTrue(outside.error?.hasPrefix("You do not have permission to publish this server") ?? false, outside.body)
            XCTAssertFalse(outside.body.contains(other), "a token is never echoed")

            let expired = try await registry.token("com.acme/*", lifetime: -1)
            let expiredStatus = try await registry.publish(document, token: expired).status
            XCTAssertEqual(expiredStatus, .unauthorized)

            let publisher = try await registry.token("com.acme/*", .publish)
            let publisherStatus = try await registry.publish(document, token: publisher).status
            XCTAssertEqual(publisherStatus, .ok)
            let name = LiveRegistry.encoded("com.acme/tool")
            let delete = try await registry.send(.delete, "/v0.1/servers/\(name)/versions/1.0.0", token: publisher)
            XCTAssertEqual(delete.status, .forbidden, "publish may not delete")
            let put = try await registry.send(.put, "/v0.1/servers/\(name)/versions/1.0.0", body: document, token: publisher)
            XCTAssertEqual(put.status, .forbidden, "publish may not replace")
            let status = try await registry.send(.patch, "/v0.1/servers/\(name)/status", body: Data(#"{"status":"deprecated"}"#.utf8), token: publisher)
            XCTAssertEqual(status.status, .ok, "publish may change status, as the spec says")

            let list = try await registry.store.tokens()
            let record = try XCTUnwrap(list.first { $0.hash == AccessTokenIssuer.hash(publisher) })
            let wasRevoked = try await registry.store.revokeToken(id: record.id, at: RegistryTime.now())
            XCTAssertTrue(wasRevoked)
            let revoked = try await registry.publish(RegistryFixtures.server("com.acme/tool", "1.0.1"), token: publisher)
            XCTAssertEqual(revoked.status, .unauthorized)
            let storedVersions = try await registry.store.statistics().versions
            XCTAssertEqual(storedVersions, 1, "nothing stored by refused requests")
        }
    }
}
