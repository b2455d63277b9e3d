import TestSupport
import XCTest
@testable import RegistryCore

final class CatalogCacheTests: XCTestCase {
    private var temporary: TemporaryDirectory!
    /// Not created: the cache makes it when it writes (one test reads it missing).
    private var directory: URL!

    override func setUpWithError() throws {
        temporary = try TemporaryDirectory(prefix: "cache")
        directory = temporary.appending("cache")
    }

    override func tearDownWithError() throws {
        temporary.remove()
    }

    private func sample(_ source: String) -> SourceSnapshot {
        SourceSnapshot(
            sourceID: source,
            entries: [CatalogEntry(
                id: "\(source)/grafana", name: "grafana", title: "Grafana",
                provenance: [Provenance(sourceID: source, upstreamID: "grafana")],
                launch: .container(ContainerLaunch(image: "mcp/grafana", command: ["--transport=stdio"])),
                configuration: ConfigurationSpec(
                    secrets: [SecretRequirement(name: "grafana.api_key", env: "GRAFANA_API_KEY")],
                    env: [EnvRequirement(name: "GRAFANA_URL", value: "{{grafana.url}}")],
                    parameters: ["type": "object", "properties": ["url": ["type": "string"]]]))],
            revision: "abc123", problems: [SourceProblem(location: "x/server.yaml", message: "bad")],
            loadedAt: Date(timeIntervalSince1970: 1_700_000_000))
    }

    func testCompactCodingLeavesOutEmptiesAndRoundTrips() throws {
        let bare = CatalogEntry(id: "awesome/o/r", name: "r", repositoryURL: "https://github.com/o/r",
                                provenance: [Provenance(sourceID: "awesome", upstreamID: "o/r")])
        let text = String(decoding: try JSONEncoder().encode(bare), as: UTF8.self)
        XCTAssertFalse(text.contains("tags") || text.contains("flags") || text.contains("launch") || text.contains("configuration"), text)
        XCTAssertEqual(try JSONDecoder().decode(CatalogEntry.self, from: Data(text.utf8)), bare)
        let rich = sample("docker").entries[0]
        XCTAssertEqual(try JSONDecoder().decode(CatalogEntry.self, from: JSONEncoder().encode(rich)), rich)
    }

    func testRoundTrip() throws {
        let cache = CatalogCache(directory: directory)
        try cache.save(sample("docker"))
        try cache.save(sample("local"))
        let loaded = cache.loadSnapshots()
        XCTAssertEqual(loaded.warnings, [])
        XCTAssertEqual(loaded.snapshots["docker"], sample("docker"))
        XCTAssertEqual(loaded.snapshots.count, 2)
    }

    func testTruncatedAndCorruptFilesAreIgnoredWithAWarning() throws {
        let cache = CatalogCache(directory: directory)
        try cache.save(sample("docker"))
        try cache.save(sample("local"))
        let file = directory.appendingPathComponent("catalog/docker.json")
        let data = try Data(contentsOf: file)
        try data.prefix(data.count / 2).write(to: file)
        try Data("not json at all".utf8).write(to: directory.appendingPathComponent("catalog/other.json"))
        let loaded = cache.loadSnapshots()
        XCTAssertEqual(Array(loaded.snapshots.keys), ["local"], "the good file still loads")
        XCTAssertEqual(loaded.warnings.count, 2)
        XCTAssertTrue(loaded.warnings.allSatisfy { $0.contains("rebuilt") })
        // Saving again repairs it.
        try cache.save(sample("docker"))
        XCTAssertNotNil(cache.loadSnapshots().snapshots["docker"])
    }

    func testOlderFormatIsRebuilt() throws {
        let cache = CatalogCache(directory: directory)
        try cache.save(sample("docker"))
        let file = directory.appendingPathComponent("catalog/docker.json")
        var text = try String(contentsOf: file, encoding: .utf8)
        text = text.replacingOccurrences(of: "\"formatVersion\":\(CatalogCache.formatVersion)", with: "\"formatVersion\":0")
        try text.write(to: file, atomically: true, encoding: .utf8)
        let loaded = cache.loadSnapshots()
        XCTAssertTrue(loaded.snapshots.isEmpty)
        XCTAssertTrue(loaded.warnings[0].contains("format 0"))
    }

    func testMissingDirectoryIsEmptyNotAnError() {
        let loaded = CatalogCache(directory: directory).loadSnapshots()
        XCTAssertTrue(loaded.snapshots.isEmpty)
        XCTAssertTrue(loaded.warnings.isEmpty)
        XCTAssertEqual(CatalogCache(directory: directory).loadStatuses(), [])
    }

    func testStatusesRoundTripAndAtomicWriteLeavesNoTempFiles() throws {
        let cache = CatalogCache(directory: directory)
        let status = SourceStatus(sourceID: "docker", kind: "docker", location: "https://x", entryCount: 3,
                                  lastSuccess: Date(timeIntervalSince1970: 5), revision: "abc")
        try cache.saveStatuses([status])
        XCTAssertEqual(cache.loadStatuses(), [status])
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasSuffix(".tmp") }
        XCTAssertEqual(leftovers, [])
    }

    func testSettingsStoreLeavesACorruptFileUntouched() throws {
        let store = SettingsStore(file: directory.appendingPathComponent("config.json"))
        XCTAssertEqual(try store.load(), RegistrySettings())
        try store.update { $0.catalogs = ["/tmp/team"] }
        XCTAssertEqual(try store.load().catalogs, ["/tmp/team"])
        try Data("{ broken".utf8).write(to: store.file)
        XCTAssertThrowsError(try store.load()) { error in
            XCTAssertTrue("\(error)".contains("left untouched"))
        }
        XCTAssertThrowsError(try store.update { $0.catalogs = [] })
        XCTAssertEqual(try String(contentsOf: store.file, encoding: .utf8), "{ broken")
    }
}
