import CatalogSources
import Foundation
import RegistryCore
import TestSupport
import XCTest

/// Several documents of one server make one entry: the latest version by the official
/// ordering rules owns the launch spec, the others are listed as its versions.
final class ServerVersionsTests: XCTestCase {
    func serverJSON(_ version: String, image: String, meta: String = "") -> String {
        """
        {"name": "io.github.team/tool", "description": "Tool \(version)", "version": "\(version)",
         "packages": [{"registryType": "oci", "identifier": "ghcr.io/team/tool:\(version)", "transport": {"type": "stdio"}}]\(meta)}
        """
    }

    func testTeamFolderWithTwoVersionsKeepsTheNewer() throws {
        let folder = try TemporaryDirectory(prefix: "catalog-sources-tests").url
        defer { try? FileManager.default.removeItem(at: folder) }
        // Read in this order: the older file first.
        try serverJSON("1.7.2", image: "a").write(to: folder.appendingPathComponent("a-tool-1.7.2.json"), atomically: true, encoding: .utf8)
        try serverJSON("1.7.3", image: "b").write(to: folder.appendingPathComponent("b-tool-1.7.3.json"), atomically: true, encoding: .utf8)
        try serverJSON("1.7.10-rc.1", image: "c").write(to: folder.appendingPathComponent("c-tool-rc.json"), atomically: true, encoding: .utf8)
        let snapshot = try LocalCatalogSource(id: "team", folder: folder).loadNow()
        XCTAssertEqual(snapshot.entries.count, 1, "\(snapshot.entries.map(\.id))")
        XCTAssertEqual(snapshot.problems, [], "another version is not a duplicate")
        let entry = try XCTUnwrap(snapshot.entries.first)
        XCTAssertEqual(entry.release?.version, "1.7.10-rc.1")
        XCTAssertEqual(entry.release?.otherVersions, ["1.7.3", "1.7.2"])
        guard case .container(let container) = entry.launch else { return XCTFail("\(entry.launch)") }
        XCTAssertEqual(container.image, "ghcr.io/team/tool:1.7.10-rc.1")
    }

    func testOrderingRules() {
        XCTAssertTrue(ServerRelease(version: "1.10.0").isNewer(than: ServerRelease(version: "1.9.9")))
        XCTAssertTrue(ServerRelease(version: "1.0.0").isNewer(than: ServerRelease(version: "1.0.0-rc.2")))
        XCTAssertTrue(ServerRelease(version: "1.0.0-rc.10").isNewer(than: ServerRelease(version: "1.0.0-rc.2")))
        XCTAssertTrue(ServerRelease(version: "1.0.0", isLatest: true).isNewer(than: ServerRelease(version: "2.0.0")))
        XCTAssertTrue(ServerRelease(version: "build-b", publishedAt: "2025-02-01T00:00:00Z")
            .isNewer(than: ServerRelease(version: "build-c", publishedAt: "2025-01-01T00:00:00Z")))
    }
}
