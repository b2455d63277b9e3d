import XCTest
@testable import RegistryCore

final class RepositoryURLTests: XCTestCase {
    func testNormalisesCaseGitSuffixAndTrailingSlash() {
        XCTAssertEqual(RepositoryURL.normalized("https://GitHub.com/Grafana/MCP-Grafana.git/"), "github.com/grafana/mcp-grafana")
        XCTAssertEqual(RepositoryURL.normalized("git@github.com:owner/repo.git"), "github.com/owner/repo")
        XCTAssertEqual(RepositoryURL.normalized("https://www.github.com/owner/repo#readme"), "github.com/owner/repo")
    }

    func testKeepsMonorepoSubfolderAndDropsTreeBranch() {
        XCTAssertEqual(
            RepositoryURL.normalized("https://github.com/modelcontextprotocol/servers/tree/main/src/git"),
            "github.com/modelcontextprotocol/servers/src/git")
        XCTAssertEqual(RepositoryURL.normalized("https://github.com/owner/repo/tree/main"), "github.com/owner/repo")
    }

    func testRejectsNonURLs() {
        XCTAssertNil(RepositoryURL.normalized(""))
        XCTAssertNil(RepositoryURL.normalized("not a url"))
    }

    func testEntryIDsKeepDotsAtAndCapitals() {
        XCTAssertEqual(EntryID.make(sourceID: "official", upstream: "io.github.User/weather"), "official/io.github.User/weather")
        XCTAssertEqual(EntryID.make(sourceID: "awesome", upstream: " @scope/Pkg "), "awesome/@scope/Pkg")
        XCTAssertEqual(EntryID.lookupKey("Docker/Grafana"), "docker/grafana")
    }
}
