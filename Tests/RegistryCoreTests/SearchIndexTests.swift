import XCTest
@testable import RegistryCore

final class SearchIndexTests: XCTestCase {
    private func entry(
        _ id: String, name: String, title: String? = nil, summary: String = "", categories: [String] = [],
        tags: [String] = [], official: Bool = false, stars: Int? = nil, launch: LaunchSpec = .unknown,
        secrets: [SecretRequirement] = []
    ) -> CatalogEntry {
        CatalogEntry(
            id: id, name: name, title: title, summary: summary, categories: categories, tags: tags,
            provenance: [Provenance(sourceID: String(id.split(separator: "/")[0]), upstreamID: name)],
            flags: Flags(official: official), popularity: Popularity(stars: stars), launch: launch,
            configuration: ConfigurationSpec(secrets: secrets))
    }

    private lazy var sample: [CatalogEntry] = [
        entry("docker/postgres", name: "postgres", title: "PostgreSQL", summary: "Read-only access to PostgreSQL databases.",
              categories: ["database"], tags: ["sql"], launch: .container(ContainerLaunch(image: "mcp/postgres"))),
        entry("docker/github-official", name: "github-official", title: "GitHub Official", summary: "Repositories, issues and pull requests.",
              categories: ["devops"], tags: ["github", "git"], official: true, launch: .container(ContainerLaunch(image: "ghcr.io/github/github-mcp-server")),
              secrets: [SecretRequirement(name: "github.token", env: "GITHUB_TOKEN")]),
        entry("docker/kubernetes", name: "kubernetes", title: "Kubernetes", summary: "Manage clusters, pods and deployments.",
              categories: ["devops"], tags: ["k8s"], launch: .container(ContainerLaunch(image: "mcp/kubernetes"))),
        entry("awesome/someone/notes", name: "notes", summary: "Take notes; mentions postgres only in passing.", categories: ["productivity"]),
        entry("awesome/acme/cafe", name: "café-menu", summary: "Menus for a café.", categories: ["food"]),
        entry("awesome/a/git-tools", name: "git-tools", summary: "Git helpers.", categories: ["devops"], stars: 10),
        entry("awesome/b/git-tools", name: "git-tools", summary: "Git helpers.", categories: ["devops"], stars: 500),
    ]

    private func ids(_ index: SearchIndex, _ query: SearchQuery) -> [String] {
        index.search(query).hits.map { index.entries[$0.position].id }
    }

    func testTyposStillFindTheirServer() {
        let index = SearchIndex(entries: sample)
        XCTAssertEqual(ids(index, SearchQuery(text: "postgress")).first, "docker/postgres")
        XCTAssertEqual(ids(index, SearchQuery(text: "githb")).first, "docker/github-official")
        XCTAssertEqual(ids(index, SearchQuery(text: "kubernets")).first, "docker/kubernetes")
    }

    func testCaseAndAccentInsensitive() {
        let index = SearchIndex(entries: sample)
        XCTAssertEqual(ids(index, SearchQuery(text: "CAFE")).first, "awesome/acme/cafe")
        XCTAssertEqual(ids(index, SearchQuery(text: "PostgreSQL")).first, "docker/postgres")
    }

    func testNameOutranksDescription() {
        let index = SearchIndex(entries: sample)
        let result = ids(index, SearchQuery(text: "postgres"))
        XCTAssertEqual(result.first, "docker/postgres")
        XCTAssertTrue(result.contains("awesome/someone/notes"), "a description mention still matches, lower")
        XCTAssertLessThan(result.firstIndex(of: "docker/postgres")!, result.firstIndex(of: "awesome/someone/notes")!)
    }

    func testFiltersApplyBeforeRanking() {
        let index = SearchIndex(entries: sample)
        // The best match for "postgres" is filtered out: the remaining one is returned, not nothing.
        XCTAssertEqual(ids(index, SearchQuery(text: "postgres", sources: ["awesome"])), ["awesome/someone/notes"])
        XCTAssertEqual(ids(index, SearchQuery(text: "", officialOnly: true)), ["docker/github-official"])
        XCTAssertEqual(ids(index, SearchQuery(text: "", requiresCredentials: true)), ["docker/github-official"])
        XCTAssertFalse(ids(index, SearchQuery(text: "", requiresCredentials: false, limit: 100)).contains("docker/github-official"))
        XCTAssertEqual(Set(ids(index, SearchQuery(text: "", launchableOnly: true, limit: 100))),
                       ["docker/postgres", "docker/github-official", "docker/kubernetes"])
        XCTAssertEqual(ids(index, SearchQuery(text: "git", categories: ["DEVOPS"], tags: ["git"])), ["docker/github-official"])
    }

    func testCopiesOfOneServerAreOneHitHeadedByTheMorePopular() {
        let index = SearchIndex(entries: sample)
        let hits = index.search(SearchQuery(text: "git tools")).hits
        XCTAssertEqual(index.entries[hits[0].position].id, "awesome/b/git-tools")
        XCTAssertEqual(hits[0].alternatives.map { index.entries[$0].id }, ["awesome/a/git-tools"])
        XCTAssertFalse(hits.dropFirst().contains { index.entries[$0.position].name == "git-tools" })
    }

    func testOrderIsStableAndPaged() {
        let index = SearchIndex(entries: sample)
        let all = ids(index, SearchQuery(text: "", limit: 100))
        XCTAssertEqual(all.count, sample.count)
        XCTAssertEqual(ids(index, SearchQuery(text: "", limit: 3, offset: 3)), Array(all[3..<6]))
        XCTAssertEqual(index.search(SearchQuery(text: "", limit: 3, offset: 3)).total, sample.count)
        XCTAssertEqual(ids(index, SearchQuery(text: "git", limit: 100)), ids(index, SearchQuery(text: "git", limit: 100)))
    }

    func testNothingMatchesGivesEmpty() {
        let index = SearchIndex(entries: sample)
        XCTAssertTrue(index.search(SearchQuery(text: "zzzqqqxxx")).hits.isEmpty)
    }

    func testRebuildReusesUnchangedAndSeesChanges() {
        let first = SearchIndex(entries: sample)
        var changed = sample
        changed[3].name = "timescale"
        let second = SearchIndex(entries: changed, reusing: first)
        XCTAssertEqual(ids(second, SearchQuery(text: "timescale")), ["awesome/someone/notes"])
        XCTAssertEqual(ids(second, SearchQuery(text: "kubernets")).first, "docker/kubernetes")
    }

    /// Searches reuse their working arrays (`SearchScratch`): whatever ran before, on this
    /// thread or concurrently, a query gets the same hits, scores, matched words and
    /// alternatives as on a fresh index.
    func testReusedWorkingArraysLeaveNoTrace() async {
        let queries = ["postgres", "git tools", "githb", "devops", "café", "notes postgres", "kubernets pods", "git"]
        func answers(_ index: SearchIndex) -> [[SearchHit]] {
            queries.map { index.search(SearchQuery(text: $0, limit: 5)).hits }
        }
        var fresh: [[SearchHit]] = []
        for query in queries { fresh.append(SearchIndex(entries: sample).search(SearchQuery(text: query, limit: 5)).hits) }
        XCTAssertTrue(fresh.contains { $0.contains { !$0.matchedTerms.isEmpty } })
        XCTAssertTrue(fresh.contains { $0.contains { !$0.alternatives.isEmpty } })

        let index = SearchIndex(entries: sample)
        XCTAssertEqual(answers(index), fresh)
        XCTAssertEqual(answers(index), fresh, "a second pass over the same arrays")
        // A filtered query in between, then concurrent searches on one index.
        _ = index.search(SearchQuery(text: "git", categories: ["devops"]))
        let concurrent = await withTaskGroup(of: [[SearchHit]].self) { group in
            for _ in 0..<8 { group.addTask { answers(index) } }
            var all: [[[SearchHit]]] = []
            for await answer in group { all.append(answer) }
            return all
        }
        XCTAssertEqual(concurrent.count, 8)
        for answer in concurrent { XCTAssertEqual(answer, fresh) }
    }
}
