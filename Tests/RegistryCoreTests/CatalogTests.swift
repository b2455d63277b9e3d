import XCTest
@testable import RegistryCore

final class CatalogTests: XCTestCase {
    private func snapshot(_ source: String, _ entries: [CatalogEntry]) -> SourceSnapshot {
        SourceSnapshot(sourceID: source, entries: entries, loadedAt: Date(timeIntervalSince1970: 0))
    }

    func testSameRepositoryFromTwoSourcesIsOneEntry() {
        let docker = CatalogEntry(
            id: "docker/grafana", name: "grafana", title: "Grafana", repositoryURL: "https://github.com/grafana/mcp-grafana",
            provenance: [Provenance(sourceID: "docker", upstreamID: "grafana")],
            launch: .container(ContainerLaunch(image: "mcp/grafana")))
        let awesome = CatalogEntry(
            id: "awesome/grafana/mcp-grafana", name: "mcp-grafana", summary: "Grafana dashboards",
            categories: ["monitoring"], repositoryURL: "https://GitHub.com/grafana/mcp-grafana.git/",
            provenance: [Provenance(sourceID: "awesome", upstreamID: "grafana/mcp-grafana")], popularity: Popularity(stars: 900))
        let catalog = Catalog(
            snapshots: ["docker": snapshot("docker", [docker]), "awesome": snapshot("awesome", [awesome])],
            kinds: ["docker": "docker", "awesome": "awesome"])
        XCTAssertEqual(catalog.entries.count, 1)
        let merged = catalog.entries[0]
        XCTAssertEqual(merged.id, "docker/grafana", "the richer launch spec owns the id")
        XCTAssertEqual(Set(merged.sourceIDs), ["docker", "awesome"])
        XCTAssertEqual(merged.summary, "Grafana dashboards", "missing fields are filled from the other source")
        XCTAssertEqual(merged.popularity.stars, 900)
        XCTAssertEqual(catalog.entry(id: "awesome/grafana/mcp-grafana")?.id, "docker/grafana", "the other id is an alias")
        XCTAssertEqual(catalog.entry(id: "DOCKER/Grafana")?.id, "docker/grafana")
        XCTAssertEqual(catalog.countsBySource, ["docker": 1, "awesome": 1])
    }

    func testEntriesOfOneSourceNeverMerge() {
        let a = CatalogEntry(id: "awesome/x/servers/a", name: "a", repositoryURL: "https://github.com/x/servers",
                             provenance: [Provenance(sourceID: "awesome", upstreamID: "a")])
        let b = CatalogEntry(id: "awesome/x/servers/b", name: "b", repositoryURL: "https://github.com/x/servers",
                             provenance: [Provenance(sourceID: "awesome", upstreamID: "b")])
        let catalog = Catalog(snapshots: ["awesome": snapshot("awesome", [a, b])], kinds: ["awesome": "awesome"])
        XCTAssertEqual(catalog.entries.map(\.id), ["awesome/x/servers/a", "awesome/x/servers/b"])
    }

    func testReplacingASourceDropsWhatVanished() {
        let one = CatalogEntry(id: "local/one", name: "one", provenance: [Provenance(sourceID: "local", upstreamID: "one")])
        let two = CatalogEntry(id: "local/two", name: "two", provenance: [Provenance(sourceID: "local", upstreamID: "two")])
        let catalog = Catalog(snapshots: ["local": snapshot("local", [one, two])], kinds: ["local": "local"])
        let next = catalog.replacing(sourceID: "local", kind: "local", with: snapshot("local", [two]))
        XCTAssertNil(next.entry(id: "local/one"))
        XCTAssertNotNil(next.entry(id: "local/two"))
        XCTAssertTrue(catalog.replacing(sourceID: "local", kind: "local", with: nil).entries.isEmpty)
    }
}
