import Foundation
import RegistryCore
import TestSupport
import XCTest
@testable import CatalogSources

/// Descriptions are text: a readme's first paragraph carries no markup, and every text
/// field is cut to `EntryTextLimits`, with one problem per source.
final class DescriptionTextTests: XCTestCase {
    func testReadmeSummaryIsPlainText() {
        let readme = """
            <p align="center"><img src="logo.png" alt="logo"></p>

            Weather Server
            ==============

            [![npm](https://img.shields.io/npm/v/x.svg)](https://npm.im/x) [![CI](https://ci/x.svg)](https://ci/x)

            :rocket: A **fast** <b>weather</b> server for [OpenWeather](https://openweathermap.org) &amp; \
            <https://example.com> :sparkles:, with `forecast` and *alerts* at 10:30:00. :+1:

            ## Install
            """
        XCTAssertEqual(MarkdownSummary.firstParagraph(readme),
                       "A fast weather server for OpenWeather & https://example.com, with forecast and alerts at 10:30:00.")
        XCTAssertEqual(MarkdownSummary.firstParagraph("Title\n-----\n\nBody text here.\n"), "Body text here.")
        XCTAssertEqual(MarkdownSummary.firstParagraph("# Heading :tada:\n\n:tada: :rocket:\n\nReal words.\n"), "Real words.",
                       "a paragraph of shortcodes alone is passed over")
        XCTAssertEqual(MarkdownSummary.withoutShortcodes("see a:b:c and http://x:80/ and :not closed"),
                       "see a:b:c and http://x:80/ and :not closed")
    }

    func testADockerEntryWithoutADescriptionTakesItsReadme() throws {
        let entry = try DockerServerParser.entry(
            yaml: "name: quiet\nimage: mcp/quiet\ntype: server\n", toolsJSON: nil,
            readme: "# Quiet :zap:\n\n[![b](https://b/x.svg)](https://b)\n\nQuiet **server** for <i>logs</i>.\n",
            folderName: "quiet", sourceID: "docker", location: nil)
        XCTAssertEqual(entry.summary, "Quiet server for logs.")
    }

    func testTextIsCutAtACharacterBoundaryWithAnEllipsis() {
        XCTAssertNil(EntryTextLimits.clipped("short", to: 10))
        XCTAssertNil(EntryTextLimits.clipped(String(repeating: "é", count: 10), to: 10), "10 characters fit although 20 bytes")
        let family = "👨‍👩‍👧‍👦"
        let cut = EntryTextLimits.clipped(String(repeating: family, count: 5), to: 3)
        XCTAssertEqual(cut, family + family + "…", "a grapheme cluster is never split")
        XCTAssertEqual(EntryTextLimits.clipped(String(repeating: "a", count: 11), to: 10)?.count, 10)
    }

    func testLongTextInAFileUnderItsCapIsCutAndReportedOncePerSource() async throws {
        let folder = try TemporaryDirectory(prefix: "catalog-long-text")
        defer { folder.remove() }
        let long = String(repeating: "Lorem ipsum dolor sit amet. ", count: 4_000) // 112 KB, under the 256 KiB cap
        for name in ["one", "two", "three"] {
            let dir = folder.appending(name)
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            try """
                name: \(name)
                image: mcp/\(name)
                type: server
                about:
                  title: "\(String(repeating: "T", count: 500))"
                  description: "\(long)"
                """.write(to: dir.appendingPathComponent("server.yaml"), atomically: true, encoding: .utf8)
        }
        let dir = folder.appending("fine")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        try "name: fine\nimage: mcp/fine\ntype: server\nabout:\n  description: Short.\n"
            .write(to: dir.appendingPathComponent("server.yaml"), atomically: true, encoding: .utf8)

        let snapshot = try await LocalCatalogSource(id: "team", folder: folder.url).load(previous: nil)
        XCTAssertEqual(snapshot.entries.count, 4, "long text is cut, never a reason to drop the entry")
        for entry in snapshot.entries where entry.name != "fine" {
            XCTAssertEqual(entry.summary.count, EntryTextLimits.standard.summary)
            XCTAssertTrue(entry.summary.hasSuffix("…"))
            XCTAssertTrue(entry.summary.hasPrefix("Lorem ipsum"))
            XCTAssertEqual(entry.title?.count, EntryTextLimits.standard.title)
        }
        XCTAssertEqual(snapshot.entries.first { $0.name == "fine" }?.summary, "Short.")
        XCTAssertEqual(snapshot.problems.count, 1, "one problem for the source, not one per entry: \(snapshot.problems)")
        let problem = try XCTUnwrap(snapshot.problems.first)
        XCTAssertTrue(problem.message.contains("3 entries"), problem.message)
        XCTAssertTrue(problem.message.contains("description in 3") && problem.message.contains("title in 3"), problem.message)
        XCTAssertFalse(problem.message.contains("Lorem"), "a problem never quotes the text")
        XCTAssertEqual(snapshot.counters["entries_text_cut"], 3)
    }
}
