import CatalogSources
import Foundation
import RegistryCore
import XCTest

/// `../shared/cases/awesome-lines/`: separators and badges never reach the description; a
/// `[Source](…)` link becomes the repository URL when the main link is not a repository.
final class AwesomeLinesCaseTests: XCTestCase {
    func testSeparatorsBadgesAndSourceLinks() throws {
        let url = Fixtures.packageRoot.appendingPathComponent("../shared/cases/awesome-lines/README.md").standardizedFileURL
        let markdown = try String(contentsOf: url, encoding: .utf8)
        let (entries, problems) = AwesomeListParser.entries(markdown: markdown, category: nil, sourceID: "awesome", location: url.path)
        XCTAssertEqual(problems, [])
        XCTAssertEqual(entries.count, 2)
        let aiven = try XCTUnwrap(entries.first { $0.name == "mcp-aiven" })
        XCTAssertTrue(aiven.summary.hasPrefix("Navigate your Aiven projects"), aiven.summary)
        XCTAssertTrue(aiven.flags.official)
        XCTAssertEqual(Set(aiven.tags), ["python", "cloud"])
        let convex = try XCTUnwrap(entries.first { $0.id.contains("convex") })
        XCTAssertEqual(convex.repositoryURL, "https://github.com/get-convex/convex-backend")
        XCTAssertEqual(convex.homepageURL, "https://stack.convex.dev/convex-mcp-server")
        XCTAssertFalse(convex.summary.contains("Source"), convex.summary)
        XCTAssertTrue(convex.summary.hasPrefix("Convex database integration"), convex.summary)
        for entry in entries {
            XCTAssertFalse(entry.summary.hasPrefix("-"), entry.summary)
            XCTAssertNil(entry.summary.unicodeScalars.first { $0.properties.isEmojiPresentation }, entry.summary)
        }
    }
}
