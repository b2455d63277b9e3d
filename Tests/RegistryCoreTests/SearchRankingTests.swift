import XCTest
@testable import RegistryCore

/// Issue 10: the quality prior, exact names, grouping of copies and the link-only
/// allowance, on small catalogs where the right answer is plain.
final class SearchRankingTests: XCTestCase {
    private let kinds = ["docker": "docker", "awesome": "awesome", "official": "official", "mcpservers": "mcpservers", "team": "local"]

    private func entry(
        _ id: String, name: String, title: String? = nil, summary: String = "", repository: String? = nil,
        official: Bool = false, deprecated: Bool = false, stars: Int? = nil, launch: LaunchSpec = .unknown, sources: [String]? = nil
    ) -> CatalogEntry {
        let owner = String(id.split(separator: "/")[0])
        return CatalogEntry(
            id: id, name: name, title: title, summary: summary, repositoryURL: repository,
            provenance: (sources ?? [owner]).map { Provenance(sourceID: $0, upstreamID: name) },
            flags: Flags(official: official, deprecated: deprecated), popularity: Popularity(stars: stars), launch: launch)
    }

    private func image(_ name: String) -> LaunchSpec { .container(ContainerLaunch(image: name)) }

    private func ids(_ index: SearchIndex, _ query: SearchQuery) -> [String] {
        index.search(query).hits.map { index.entries[$0.position].id }
    }

    func testPriorOrdersLaunchabilityCurationSourcesMarksAndPopularity() {
        func prior(_ entry: CatalogEntry) -> Double { EntryQuality.prior(entry, sourceKinds: kinds) }
        let link = entry("awesome/a/x", name: "x")
        let container = entry("docker/x", name: "x", launch: image("mcp/x"))
        XCTAssertGreaterThan(prior(container), prior(link) + 0.5, "launchable and curated far above a bare link")
        XCTAssertGreaterThan(prior(entry("team/x", name: "x", launch: image("x"))), prior(container), "the user's own catalog highest")
        XCTAssertGreaterThan(prior(entry("official/x", name: "x", launch: image("x"))), prior(entry("mcpservers/x", name: "x", launch: image("x"))))
        XCTAssertGreaterThan(prior(entry("mcpservers/x", name: "x")), prior(link), "mcpservers.org above a link list")
        XCTAssertGreaterThan(prior(entry("docker/x", name: "x", launch: image("x"), sources: ["docker", "official"])), prior(container), "listed by two sources")
        XCTAssertGreaterThan(prior(entry("awesome/a/x", name: "x", official: true)), prior(link))
        XCTAssertGreaterThan(prior(entry("awesome/a/x", name: "x", stars: 5_000)), prior(link))
        XCTAssertLessThan(prior(entry("docker/x", name: "x", deprecated: true, launch: image("x"))), prior(container))
        for candidate in [link, container, entry("team/x", name: "x", official: true, stars: 10_000_000, launch: image("x"), sources: ["team", "docker", "official"])] {
            XCTAssert((0...1).contains(prior(candidate)))
        }
    }

    func testCuratedLaunchableBeatsLinkListCopiesWhoseOwnersSortFirst() {
        let entries = [
            entry("awesome/aaa/slack-mcp-server", name: "slack-mcp-server", summary: "Slack for agents", repository: "https://github.com/aaa/slack-mcp-server"),
            entry("awesome/Abc/slack", name: "slack", summary: "Post to Slack", repository: "https://github.com/Abc/slack"),
            entry("awesome/0x/slack-bot", name: "slack-bot", summary: "A slack bot", repository: "https://github.com/0x/slack-bot"),
            entry("docker/slack", name: "slack", title: "Slack (Archived)", summary: "Interact with Slack workspaces.", launch: image("mcp/slack")),
        ]
        let index = SearchIndex(entries: entries, sourceKinds: kinds)
        XCTAssertEqual(ids(index, SearchQuery(text: "slack")).first, "docker/slack")
        XCTAssertEqual(ids(index, SearchQuery(text: "Slack")).first, "docker/slack")
    }

    func testExactNameBeatsANameThatContainsTheWord() {
        let entries = [
            entry("docker/time-tracker", name: "time-tracker", title: "Time Tracker", summary: "Track hours.", launch: image("mcp/time-tracker")),
            entry("docker/time", name: "time", title: "Time (Reference)", summary: "Time and timezone conversion.", launch: image("mcp/time")),
            entry("docker/timeline", name: "timeline", summary: "Timelines.", launch: image("mcp/timeline")),
        ]
        let index = SearchIndex(entries: entries, sourceKinds: kinds)
        XCTAssertEqual(ids(index, SearchQuery(text: "time")).first, "docker/time")
        // The same holds against a more curated entry: the text match comes first.
        let withLink = SearchIndex(entries: [
            entry("docker/zotero-helper", name: "zotero-helper", summary: "Helps.", launch: image("mcp/zh")),
            entry("awesome/k/zotero", name: "zotero", summary: "Zotero library access.", repository: "https://github.com/k/zotero"),
        ], sourceKinds: kinds)
        XCTAssertEqual(ids(withLink, SearchQuery(text: "zotero", linkOnlyLimit: nil)).first, "awesome/k/zotero")
    }

    func testPriorDoesNotOutweighAMuchBetterTextMatch() {
        let index = SearchIndex(entries: [
            entry("docker/notes", name: "notes", summary: "Take notes; can also export to obsidian.", launch: image("mcp/notes")),
            entry("awesome/o/obsidian", name: "obsidian", title: "Obsidian", summary: "Read and write an Obsidian vault."),
        ], sourceKinds: kinds)
        XCTAssertEqual(ids(index, SearchQuery(text: "obsidian")), ["awesome/o/obsidian", "docker/notes"])
    }

    func testForksAndReuploadsGroupUnderTheBestWithAlternatives() {
        let entries = [
            entry("docker/fetch", name: "fetch", title: "Fetch (Reference)", summary: "Fetch a URL as markdown.", launch: image("mcp/fetch")),
            entry("awesome/u1/mcp-server-fetch", name: "mcp-server-fetch", summary: "Fetch web pages.", repository: "https://github.com/u1/mcp-server-fetch"),
            entry("awesome/u2/mcp-server-fetch", name: "mcp-server-fetch", summary: "Fetch web pages (fork).", repository: "https://github.com/u2/mcp-server-fetch"),
            entry("awesome/u3/fetch-mcp", name: "fetch-mcp", summary: "Fetch.", repository: "https://github.com/u3/fetch-mcp"),
            // Two launchable servers of one name stay two results.
            entry("official/io.github.v/fetch", name: "fetch", summary: "Another fetch.", launch: .package(PackageLaunch(registryType: "npm", identifier: "@v/fetch"))),
        ]
        let index = SearchIndex(entries: entries, sourceKinds: kinds)
        let result = index.search(SearchQuery(text: "fetch"))
        XCTAssertEqual(result.total, 2, "\(result.hits.map { index.entries[$0.position].id })")
        XCTAssertEqual(index.entries[result.hits[0].position].id, "docker/fetch")
        XCTAssertEqual(Set(result.hits[0].alternatives.map { index.entries[$0].id }),
                       ["awesome/u1/mcp-server-fetch", "awesome/u2/mcp-server-fetch", "awesome/u3/fetch-mcp"])
        XCTAssertEqual(index.entries[result.hits[1].position].id, "official/io.github.v/fetch")
    }

    func testAMonorepoRootGroupsNothing() {
        let entries = [
            entry("awesome/a/mcp-time", name: "time", summary: "Time.", repository: "https://github.com/org/servers"),
            entry("awesome/a/mcp-git", name: "git", summary: "Git and time travel.", repository: "https://github.com/org/servers"),
        ]
        let groups = DuplicateGroups.groups(of: entries)
        XCTAssertNotEqual(groups[0], groups[1])
        XCTAssertEqual(DuplicateGroups.nameKey(entry("awesome/x/y", name: "mcp-server")), nil)
        XCTAssertEqual(DuplicateGroups.nameKey(entry("awesome/x/y", name: "Notion-MCP-Server")), "notion")
    }

    func testLinkOnlyResultsDoNotCrowdOutLaunchableOnes() {
        var entries = (1...6).map { entry("awesome/o\($0)/jira-thing-\($0)", name: "jira-thing-\($0)", summary: "Jira issues.", repository: "https://github.com/o\($0)/jira-thing-\($0)") }
        entries.append(entry("docker/atlassian", name: "atlassian", summary: "Jira and Confluence.", launch: image("mcp/atlassian")))
        let index = SearchIndex(entries: entries, sourceKinds: kinds)

        let preferred = index.search(SearchQuery(text: "jira", limit: 10))
        XCTAssertEqual(preferred.hits.count, 1 + SearchQuery.defaultLinkOnlyLimit)
        XCTAssertEqual(preferred.heldBackLinkOnly, 6 - SearchQuery.defaultLinkOnlyLimit)
        XCTAssertEqual(preferred.total, preferred.hits.count)
        XCTAssertTrue(preferred.hits.contains { index.entries[$0.position].id == "docker/atlassian" })

        let all = index.search(SearchQuery(text: "jira", linkOnlyLimit: nil, limit: 10))
        XCTAssertEqual(all.hits.count, 7)
        XCTAssertEqual(all.heldBackLinkOnly, 0)
        XCTAssertEqual(ids(index, SearchQuery(text: "jira", launchableOnly: true)), ["docker/atlassian"])

        // Nothing launchable matches: every link-only match is shown.
        let onlyLinks = SearchIndex(entries: Array(entries.prefix(6)), sourceKinds: kinds)
        XCTAssertEqual(onlyLinks.search(SearchQuery(text: "jira")).hits.count, 6)
    }

    func testTiesAreNotAlphabeticalByOwner() {
        // Identical text and prior: the order must not simply follow the owners' names.
        let owners = ["aa", "ab", "ac", "ad", "ae", "af", "ag", "ah"]
        let entries = owners.map { entry("awesome/\($0)/thing-\($0)", name: "widget \($0)", summary: "widget") }
        let index = SearchIndex(entries: entries, sourceKinds: kinds)
        let result = ids(index, SearchQuery(text: "widget", limit: 8))
        XCTAssertEqual(result.count, 8)
        XCTAssertNotEqual(result, result.sorted())
        XCTAssertEqual(result, ids(index, SearchQuery(text: "widget", limit: 8)), "stable")
    }
}
