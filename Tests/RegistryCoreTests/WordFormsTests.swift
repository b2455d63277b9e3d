import XCTest
@testable import RegistryCore

/// The light English stemmer: a query word finds the other inflections of itself, and only
/// those (issue 10: `databases`/`database`, `notes`/`note`, `scheduling`/`schedule`).
final class WordFormsTests: XCTestCase {
    func testInflectionsInBothDirections() {
        let pairs = [
            ("databases", "database"), ("notes", "note"), ("scheduling", "schedule"), ("scheduled", "schedule"),
            ("queries", "query"), ("searches", "search"), ("syncing", "sync"),
            ("messaging", "message"), ("issues", "issue"), ("files", "file"), ("calling", "call"),
        ]
        for (inflected, base) in pairs {
            XCTAssertTrue(WordForms.forms(of: inflected).contains(base), "\(inflected) → \(base): \(WordForms.forms(of: inflected))")
            XCTAssertTrue(WordForms.forms(of: base).contains(inflected), "\(base) → \(inflected): \(WordForms.forms(of: base))")
        }
        // A base of three letters is too short to expand, but its inflections find it.
        XCTAssertTrue(WordForms.forms(of: "running").contains("run"))
        XCTAssertTrue(WordForms.forms(of: "boxes").contains("box"))
        XCTAssertEqual(WordForms.forms(of: "run"), [])
    }

    func testOnlyInflectionsNeverOtherWords() {
        XCTAssertFalse(WordForms.forms(of: "notes").contains("not"))
        XCTAssertFalse(WordForms.forms(of: "containers").contains("contain"), "a derivation is another word")
        XCTAssertFalse(WordForms.forms(of: "status").contains("statu"))
        XCTAssertFalse(WordForms.forms(of: "analysis").contains("analysi"))
        XCTAssertFalse(WordForms.forms(of: "string").contains("str"))
        XCTAssertFalse(WordForms.forms(of: "calling").contains("cal"))
        XCTAssertEqual(WordForms.forms(of: "mcp"), [], "short words are left alone")
        XCTAssertEqual(WordForms.forms(of: "café"), [], "only ASCII letters")
        XCTAssertFalse(WordForms.forms(of: "schedule").contains("schedule"), "never the word itself")
        XCTAssertEqual(WordForms.forms(of: "scheduling"), WordForms.forms(of: "scheduling"), "deterministic")
        XCTAssertEqual(WordForms.forms(of: "scheduling"), WordForms.forms(of: "scheduling").sorted())
    }

    /// The search finds a word's other forms anywhere in the query, not only as the prefix
    /// of the word being typed.
    func testSearchMatchesOtherFormsOfAWord() {
        func entry(_ id: String, _ summary: String) -> CatalogEntry {
            CatalogEntry(id: id, name: String(id.split(separator: "/")[1]), summary: summary,
                         provenance: [Provenance(sourceID: "docker", upstreamID: id)])
        }
        let index = SearchIndex(entries: [
            entry("docker/planner", "Schedule meetings with your team."),
            entry("docker/sqlite", "Query a database of records."),
            entry("docker/jotter", "Write a note and find it later."),
            entry("docker/timer", "Counts down."),
        ])
        func first(_ text: String) -> String? {
            index.search(SearchQuery(text: text)).hits.first.map { index.entries[$0.position].id }
        }
        XCTAssertEqual(first("scheduling meetings"), "docker/planner")
        XCTAssertEqual(first("scheduled"), "docker/planner")
        XCTAssertEqual(first("databases records"), "docker/sqlite")
        XCTAssertEqual(first("notes"), "docker/jotter")
        XCTAssertEqual(first("queries databases"), "docker/sqlite")
    }
}
