import Foundation
import RegistryCore
import TestSupport
import XCTest

/// The stored catalog index (`CatalogIndexFile`) over the real fixture catalog (both
/// fixture repositories through `GitCatalogSource`, 7,000+ entries): it answers exactly as
/// the catalog it was written from, follows the cache files it was built from, and a
/// damaged, truncated or other-format file fails with a reason instead of serving.
final class CatalogIndexFileTests: XCTestCase {
    private static let queries = [
        "github", "postgres", "postgress", "githb", "kubernets", "slack message", "grafana dashboards",
        "browser automation", "web search", "file system", "aws", "weather", "memory knowledge graph", "time", "pdf",
    ]

    private var folder: TemporaryDirectory!

    override func setUpWithError() throws {
        folder = try TemporaryDirectory(prefix: "speed-index")
    }

    override func tearDown() {
        folder.remove()
    }

    /// The fixture catalog with its snapshots in a cache, and the index written beside them.
    private func storedFixture() async throws -> (Catalog, CatalogIndexFile, [GitTestRepository]) {
        let (catalog, repositories) = try await SearchRelevanceTests.mergedFixtureCatalog()
        let cache = CatalogCache(directory: folder.appending("cache"))
        for snapshot in catalog.snapshots.values { try cache.save(snapshot) }
        let file = CatalogIndexFile(cache: cache)
        try file.save(catalog, stamps: file.stamps(kinds: catalog.kinds))
        return (catalog, file, repositories)
    }

    private func assertSameAnswers(_ stored: Catalog, _ built: Catalog, file: StaticString = #filePath, line: UInt = #line) {
        var queries = Self.queries.map { SearchQuery(text: $0) }
        queries += [
            SearchQuery(text: "database", officialOnly: true), SearchQuery(text: "git", launchableOnly: true),
            SearchQuery(text: "search", requiresCredentials: false, linkOnlyLimit: nil, limit: 40),
            SearchQuery(sources: ["docker"], limit: 25, offset: 10), SearchQuery(categories: ["databases"]),
            SearchQuery(tags: ["github"]), SearchQuery(text: "api", requiresCredentials: true, limit: 100),
        ]
        for query in queries {
            let (a, b) = (stored.search(query), built.search(query))
            XCTAssertEqual(a.total, b.total, "\(query)", file: file, line: line)
            XCTAssertEqual(a.heldBackLinkOnly, b.heldBackLinkOnly, "\(query)", file: file, line: line)
            XCTAssertEqual(a.hits.map(\.hit), b.hits.map(\.hit), "\(query)", file: file, line: line)
            XCTAssertEqual(a.hits.map(\.entry), b.hits.map(\.entry), "\(query)", file: file, line: line)
        }
    }

    func testTheStoredIndexAnswersExactlyLikeTheCatalogItWasWrittenFrom() async throws {
        let (built, file, repositories) = try await storedFixture()
        defer { _ = repositories }
        let stored = try file.load(stamps: file.stamps(kinds: built.kinds))
        XCTAssertTrue(stored.entries.isStored)
        XCTAssertFalse(stored.hasSnapshots, "snapshots come later, from the per-source cache")
        XCTAssertEqual(stored.entries.count, built.entries.count)
        XCTAssertGreaterThan(stored.entries.count, 7_000)
        XCTAssertEqual(stored.kinds, built.kinds)
        XCTAssertEqual(stored.countsBySource, built.countsBySource)
        assertSameAnswers(stored, built)
        for position in [0, 1, built.entries.count / 2, built.entries.count - 1] {
            XCTAssertEqual(stored.entries[position], built.entries[position])
            let entry = built.entries[position]
            XCTAssertEqual(stored.entry(id: entry.id.uppercased()), entry, "lookup is case-insensitive")
            for alias in entry.aliases { XCTAssertEqual(stored.entry(id: alias)?.id, entry.id) }
        }
        XCTAssertEqual(stored.suggestions(for: "docker/grafanna"), built.suggestions(for: "docker/grafanna"))
    }

    func testARefreshFromTheStoredIndexReusesItAndMatchesAFreshBuild() async throws {
        let (built, file, repositories) = try await storedFixture()
        defer { _ = repositories }
        let stored = try file.load(stamps: file.stamps(kinds: built.kinds)).attaching(built.snapshots)
        XCTAssertTrue(stored.hasSnapshots)
        // The awesome list loses its first ten entries and one entry changes its description.
        var awesome = try XCTUnwrap(built.snapshots["awesome"])
        awesome.entries.removeFirst(10)
        awesome.entries[0].summary = "A brand-new description about zebra telemetry."
        let refreshed = stored.replacing(sourceID: "awesome", kind: "awesome", with: awesome)
        XCTAssertFalse(refreshed.entries.isStored)
        var snapshots = built.snapshots
        snapshots["awesome"] = awesome
        let fresh = Catalog(snapshots: snapshots, kinds: built.kinds)
        XCTAssertEqual(refreshed.entries.count, fresh.entries.count)
        assertSameAnswers(refreshed, fresh)
        XCTAssertEqual(refreshed.search(SearchQuery(text: "zebra telemetry")).hits.first?.entry.id, awesome.entries[0].id)

        // Written again from an index whose entries are stored, it still reads back the same.
        try file.save(stored, stamps: file.stamps(kinds: built.kinds))
        assertSameAnswers(try file.load(stamps: file.stamps(kinds: built.kinds)), built)
    }

    func testAChangedCacheFileOrSourceListMakesItStale() async throws {
        let (built, file, repositories) = try await storedFixture()
        defer { _ = repositories }
        var kinds = built.kinds
        kinds["official"] = "official"
        let cache = CatalogCache(directory: folder.appending("cache"))
        try cache.save(SourceSnapshot(sourceID: "official", entries: [], loadedAt: Date()))
        XCTAssertThrowsError(try file.load(stamps: file.stamps(kinds: kinds))) { XCTAssertEqual($0 as? CatalogIndexFile.LoadError, .stale) }
        XCTAssertThrowsError(try file.load(stamps: file.stamps(kinds: ["docker": "docker"]))) {
            XCTAssertEqual($0 as? CatalogIndexFile.LoadError, .stale, "a source no longer configured")
        }
        XCTAssertNoThrow(try file.load(stamps: file.stamps(kinds: built.kinds)), "an unconfigured source's file is not part of the key")
        // A refresh rewrites the docker file with the same content: a new file, so stale.
        try cache.save(try XCTUnwrap(built.snapshots["docker"]))
        XCTAssertThrowsError(try file.load(stamps: file.stamps(kinds: built.kinds))) { XCTAssertEqual($0 as? CatalogIndexFile.LoadError, .stale) }
        cache.remove(sourceID: "docker")
        file.remove()
        XCTAssertThrowsError(try file.load(stamps: [])) { XCTAssertEqual($0 as? CatalogIndexFile.LoadError, .missing) }
    }

    func testADamagedTruncatedOrOtherFormatFileIsRefusedWithTheReason() async throws {
        let (built, file, repositories) = try await storedFixture()
        defer { _ = repositories }
        let stamps = file.stamps(kinds: built.kinds)
        let good = try Data(contentsOf: file.url)
        func loadError(_ data: Data) throws -> CatalogIndexFile.LoadError? {
            try data.write(to: file.url)
            do {
                _ = try file.load(stamps: stamps)
                return nil
            } catch {
                return error
            }
        }
        func isDamaged(_ error: CatalogIndexFile.LoadError?) -> Bool {
            if case .damaged = error { return true }
            return false
        }
        for cut in [0, 7, 40, good.count / 3, good.count - 1] {
            XCTAssertTrue(isDamaged(try loadError(good.prefix(cut))), "truncated to \(cut) bytes")
        }
        var flipped = good
        flipped[good.count / 2] ^= 0x40
        XCTAssertEqual(try loadError(flipped), .damaged("checksum mismatch"))
        var otherVersion = good
        otherVersion[8] &+= 1
        XCTAssertEqual(try loadError(otherVersion), .otherFormat(found: CatalogIndexFile.formatVersion + 1, expected: CatalogIndexFile.formatVersion))
        XCTAssertTrue(isDamaged(try loadError(Data("{\"formatVersion\": 2}".utf8))))
        XCTAssertNil(try loadError(good), "the untouched bytes load")
    }
}
