import PackageArchive
import XCTest

/// The entry rules as pure functions.
final class ArchiveEntryPolicyTests: XCTestCase {
    func testPathsAreNormalizedOrRefused() throws {
        XCTAssertEqual(try ArchiveEntryPolicy.components(of: "./a//b/./c"), ["a", "b", "c"])
        XCTAssertThrowsError(try ArchiveEntryPolicy.components(of: "/abs")) { XCTAssertEqual($0 as? UnpackRefusal, .absolutePath(entry: "/abs")) }
        XCTAssertThrowsError(try ArchiveEntryPolicy.components(of: "a/..")) { XCTAssertEqual($0 as? UnpackRefusal, .escapesTarget(entry: "a/..")) }
    }

    func testSymbolicLinksResolveFromTheirOwnFolder() throws {
        XCTAssertEqual(try ArchiveEntryPolicy.check(path: "a/b/link", kind: .symbolicLink(target: "../c")), ["a", "b", "link"])
        XCTAssertNoThrow(try ArchiveEntryPolicy.check(path: "a/link", kind: .symbolicLink(target: "../top.txt")))
        XCTAssertThrowsError(try ArchiveEntryPolicy.check(path: "a/link", kind: .symbolicLink(target: "../../top.txt")))
        XCTAssertThrowsError(try ArchiveEntryPolicy.check(path: "link", kind: .symbolicLink(target: "")))
        XCTAssertThrowsError(try ArchiveEntryPolicy.check(path: "link", kind: .symbolicLink(target: "/etc/passwd")))
    }

    func testSpecialFilesAreRefused() {
        XCTAssertThrowsError(try ArchiveEntryPolicy.check(path: "dev", kind: .special(mode: 0o060000))) {
            XCTAssertEqual($0 as? UnpackRefusal, .specialFile(entry: "dev", mode: 0o060000))
        }
    }
}
