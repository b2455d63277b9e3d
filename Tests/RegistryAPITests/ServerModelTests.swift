import RegistryAPI
import XCTest

/// Version order, cursors, token scopes and lifetimes.
final class ServerModelTests: XCTestCase {
    func testLatestFollowsSemverWithPublishTimeFallback() {
        func later(_ a: String, _ b: String, _ at: Int64 = 2, _ bt: Int64 = 1) -> Bool {
            ServerVersionOrder.compare(a, publishedAt: at, b, publishedAt: bt) > 0
        }
        XCTAssertTrue(later("1.10.0", "1.9.0"))
        XCTAssertTrue(later("1.0.0", "1.0.0-beta.2"))
        XCTAssertTrue(later("1.0.0-beta.2", "1.0.0-beta.1"))
        XCTAssertTrue(later("0.0.1", "2024-01-01"))
        XCTAssertFalse(later("2024-01-01", "0.0.1"))
        XCTAssertTrue(later("snapshot-b", "snapshot-a", 5, 1))
        XCTAssertFalse(later("snapshot-b", "snapshot-a", 1, 5))
        XCTAssertFalse(ServerVersionOrder.isSemantic("1.2"))
        XCTAssertFalse(ServerVersionOrder.isSemantic("1.2.3-"))
    }

    func testCursorRoundTripsAndRefusesTampering() {
        let cursor = ServerCursor(name: "com.example/a", version: "1.0.0+build")
        XCTAssertEqual(ServerCursor(token: cursor.token), cursor)
        for bad in ["", "not base64!", "djEKYQ", String(cursor.token.dropLast(3)), "' OR 1=1 --", String(repeating: "A", count: 5_000)] {
            XCTAssertNil(ServerCursor(token: bad), bad)
        }
    }

    /// RFC 3339 with microseconds in UTC, zero-padded; read back to the millisecond
    /// (`ISO8601DateFormatter` keeps milliseconds).
    func testTimestampsAreRFC3339WithMicroseconds() {
        XCTAssertEqual(RegistryTime.text(0), "1970-01-01T00:00:00.000000Z")
        XCTAssertEqual(RegistryTime.text(1_754_572_504_280_123), "2025-08-07T13:15:04.280123Z")
        XCTAssertEqual(RegistryTime.text(-1), "1969-12-31T23:59:59.999999Z")
        XCTAssertEqual(RegistryTime.text(253_402_300_799_000_001), "9999-12-31T23:59:59.000001Z")
        for micros: Int64 in [0, 1, 999_999, 1_000_000, 1_754_572_504_280_123, RegistryTime.now()] {
            XCTAssertEqual(RegistryTime.parse(RegistryTime.text(micros)), micros / 1_000 * 1_000)
        }
    }

    func testTokenScopes() {
        let record = AccessTokenIssuer.issue(namespace: "com.acme/*", permission: .publish, description: nil, lifetime: 60, now: 0).record
        XCTAssertTrue(record.covers(serverName: "com.acme/tool"))
        XCTAssertFalse(record.covers(serverName: "com.acmeevil/tool"))
        XCTAssertFalse(record.covers(serverName: "com.other/tool"))
        XCTAssertTrue(record.isValid(at: 59_000_000))
        XCTAssertFalse(record.isValid(at: 60_000_000))
        XCTAssertTrue(TokenPermission.admin.allows(.publish))
        XCTAssertFalse(TokenPermission.publish.allows(.admin))
        XCTAssertTrue(AccessTokenIssuer.validNamespacePattern("com.acme/*"))
        XCTAssertTrue(AccessTokenIssuer.validNamespacePattern("*"))
        XCTAssertFalse(AccessTokenIssuer.validNamespacePattern("com.acme"))
        XCTAssertFalse(AccessTokenIssuer.validNamespacePattern("../*"))
        XCTAssertEqual(AccessTokenIssuer.parseLifetime("90d"), .seconds(90 * 86_400))
        XCTAssertEqual(AccessTokenIssuer.parseLifetime("never"), .never)
        XCTAssertEqual(AccessTokenIssuer.parseLifetime("soon"), .invalid)
        let issued = AccessTokenIssuer.issue(namespace: "*", permission: .admin, description: nil, lifetime: nil, now: 0)
        XCTAssertTrue(issued.token.hasPrefix("mcpr_"))
        XCTAssertEqual(issued.record.hash, AccessTokenIssuer.hash(issued.token))
        XCTAssertFalse(issued.record.hash.contains(issued.token))
    }
}
