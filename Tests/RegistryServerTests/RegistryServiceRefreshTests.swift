import CatalogSources
import Foundation
import RegistryCore
import TestSupport
import XCTest

@testable import RegistryServer

/// Refresh behaviour of the catalog service over a real git source (libgit2 against a
/// `file://` repository built from the Docker registry fixture).
final class RegistryServiceRefreshTests: XCTestCase {
    private var upstream: GitTestRepository!
    private var paths: RegistryPaths!

    override func setUpWithError() throws {
        upstream = try GitTestRepository(copying: GitTestRepository.fixture("docker-mcp-registry"))
        paths = RegistryPaths(
            dataDirectory: upstream.root.appendingPathComponent("data"),
            configDirectory: upstream.root.appendingPathComponent("config"))
    }

    private func makeService(url: String? = nil) -> RegistryService {
        let source = GitCatalogSource(
            id: "docker", url: url ?? upstream.url, branch: nil, format: .docker,
            checkoutDirectory: SourceFactory.checkoutDirectory(for: "docker", paths: paths), credentials: .none)
        return RegistryService(paths: paths, sources: [ManagedSource(source: source)])
    }

    func testRefreshRunsInTheBackgroundIsJoinedAndHasACooldown() async throws {
        let service = makeService()
        await service.start(autoRefresh: false)
        let first = await service.refresh(nil, force: false)
        XCTAssertEqual(first.map(\.outcome), [.started])
        let second = await service.refresh(["docker"], force: false)
        XCTAssertEqual(second.map(\.outcome), [.joined], "a running refresh is joined, not doubled")
        let running = await service.sourceStatuses()
        XCTAssertTrue(running[0].refreshing)
        await service.waitForRefreshes()

        let catalog = await service.catalog()
        XCTAssertEqual(catalog.entries.count, 328)
        let status = await service.sourceStatuses()[0]
        XCTAssertEqual(status.entryCount, 328)
        XCTAssertEqual(status.revision, upstream.head)
        XCTAssertNil(status.lastError)
        XCTAssertFalse(status.refreshing)

        let cooled = await service.refresh(["docker"], force: false)
        XCTAssertEqual(cooled.map(\.outcome), [.cooldown])
        XCTAssertNotNil(cooled[0].retryAfter)
        let forced = await service.refresh(["docker"], force: true)
        XCTAssertEqual(forced.map(\.outcome), [.started], "force overrides the cooldown")
        await service.waitForRefreshes()
        let unknown = await service.refresh(["nope"], force: true)
        XCTAssertEqual(unknown.map(\.outcome), [.unknown])
    }

    func testAFailedRefreshKeepsTheLastGoodEntriesAndReportsTheError() async throws {
        let service = makeService()
        await service.start(autoRefresh: false)
        _ = await service.refresh(nil, force: true)
        await service.waitForRefreshes()
        let value1 = await service.catalog().entries.count
        XCTAssertEqual(value1, 328)

        // The upstream disappears (unreachable remote).
        try FileManager.default.moveItem(at: upstream.work, to: upstream.root.appendingPathComponent("gone"))
        _ = await service.refresh(nil, force: true)
        await service.waitForRefreshes()
        let value2 = await service.catalog().entries.count
        XCTAssertEqual(value2, 328, "offline is normal: last good entries stay")
        let status = await service.sourceStatuses()[0]
        XCTAssertNotNil(status.lastError)
        XCTAssertEqual(status.entryCount, 328)
    }

    func testUpstreamChangesArriveAndVanishedEntriesGo() async throws {
        let service = makeService()
        await service.start(autoRefresh: false)
        _ = await service.refresh(nil, force: true)
        await service.waitForRefreshes()
        let value3 = await service.catalog().entry(id: "docker/curl")
        XCTAssertNotNil(value3)

        try upstream.remove("servers/curl")
        try upstream.write("name: [broken\n", to: "servers/zzz-broken/server.yaml")
        try upstream.commitAll("remove curl, add a broken definition")
        _ = await service.refresh(nil, force: true)
        await service.waitForRefreshes()
        let catalog = await service.catalog()
        XCTAssertNil(catalog.entry(id: "docker/curl"), "an entry that vanished upstream vanishes")
        XCTAssertEqual(catalog.entries.count, 327)
        let status = await service.sourceStatuses()[0]
        // The broken file is one problem; the rest are the fixtures' own configuration
        // inconsistencies (a template reading an undeclared parameter), reported as before.
        let broken = status.problems.filter { $0.location.contains("zzz-broken") }
        XCTAssertEqual(broken.count, 1, "\(status.problems)")
        XCTAssertTrue(status.problems.allSatisfy { $0.location.contains("zzz-broken") || $0.message.contains("declare") || $0.message.contains("template reads") },
                      "\(status.problems)")
    }

    func testARestartServesTheCacheAtOnceAndDoesNotRefetchWhatIsFresh() async throws {
        let first = makeService()
        await first.start(autoRefresh: false)
        _ = await first.refresh(nil, force: true)
        await first.waitForRefreshes()
        let lastSuccess = await first.sourceStatuses()[0].lastSuccess
        await first.shutdown()

        // A new process: the upstream is unreachable now, but the cache serves everything.
        try FileManager.default.moveItem(at: upstream.work, to: upstream.root.appendingPathComponent("gone"))
        let second = makeService()
        await second.start(autoRefresh: true)
        let catalog = await second.catalog()
        XCTAssertEqual(catalog.entries.count, 328)
        await second.waitForRefreshes()
        let status = await second.sourceStatuses()[0]
        XCTAssertEqual(
            try XCTUnwrap(status.lastSuccess).timeIntervalSince1970, try XCTUnwrap(lastSuccess).timeIntervalSince1970,
            accuracy: 1, "persisted status survives the restart (stored to the second)")
        XCTAssertNil(status.lastError, "a fresh source is not re-fetched at start-up")
        await second.shutdown()
    }

    func testACorruptCacheIsRebuiltWithAWarning() async throws {
        let first = makeService()
        await first.start(autoRefresh: false)
        _ = await first.refresh(nil, force: true)
        await first.waitForRefreshes()
        let file = paths.cacheDirectory.appendingPathComponent("catalog/docker.json")
        let data = try Data(contentsOf: file)
        try data.prefix(1000).write(to: file)

        let second = makeService()
        await second.start(autoRefresh: false)
        let value4 = await second.catalog().entries.count
        XCTAssertEqual(value4, 0)
        let value5 = await second.warnings().count
        XCTAssertEqual(value5, 1)
        _ = await second.refresh(nil, force: true)
        await second.waitForRefreshes()
        let value6 = await second.catalog().entries.count
        XCTAssertEqual(value6, 328)
        XCTAssertNoThrow(try JSONSerialization.jsonObject(with: Data(contentsOf: file)))
    }

    func testARestartServesTheStoredIndexAndADamagedOneIsRebuiltWithAWarning() async throws {
        let first = makeService()
        await first.start(autoRefresh: false)
        _ = await first.refresh(nil, force: true)
        await first.waitForRefreshes()
        let built = await first.catalog()
        XCTAssertFalse(built.entries.isStored)
        await first.shutdown()
        let indexURL = paths.cacheDirectory.appendingPathComponent("catalog.index")
        XCTAssertTrue(FileManager.default.fileExists(atPath: indexURL.path), "the refresh wrote the index")

        // A new process serves the stored index, then attaches the snapshots for refreshes.
        let second = makeService()
        await second.start(autoRefresh: false)
        let served = await second.catalog()
        XCTAssertTrue(served.entries.isStored)
        XCTAssertEqual(served.entries.count, 328)
        XCTAssertEqual(served.search(SearchQuery(text: "grafana")).hits.map(\.entry), built.search(SearchQuery(text: "grafana")).hits.map(\.entry))
        await second.waitForStartupRefreshes()
        let statuses = await second.sourceStatuses()
        XCTAssertEqual(statuses.first?.entryCount, 328, "statuses come from the snapshots")
        let warnings = await second.warnings()
        XCTAssertEqual(warnings, [])
        let attached = await second.catalog().hasSnapshots
        XCTAssertFalse(attached, "no refresh yet: the per-source snapshots are not read")
        // A refresh reads them first (its result is merged with the other sources).
        _ = await second.refresh(nil, force: true)
        await second.waitForRefreshes()
        let refreshed = await second.catalog()
        XCTAssertTrue(refreshed.hasSnapshots)
        XCTAssertEqual(refreshed.entries.count, 328)
        XCTAssertEqual(refreshed.snapshots["docker"]?.entries.count, 328)
        await second.shutdown()

        // A damaged index: a warning, the catalog rebuilt from the cache, the index rewritten.
        var data = try Data(contentsOf: indexURL)
        data[data.count / 2] ^= 0xFF
        try data.write(to: indexURL)
        let third = makeService()
        await third.start(autoRefresh: false)
        let rebuilt = await third.catalog()
        XCTAssertFalse(rebuilt.entries.isStored)
        XCTAssertEqual(rebuilt.entries.count, 328)
        let thirdWarnings = await third.warnings()
        XCTAssertEqual(thirdWarnings.count, 1)
        XCTAssertTrue(thirdWarnings.first?.contains("checksum mismatch") == true, "\(thirdWarnings)")
        await third.waitForStartupRefreshes()
        await third.shutdown()
        let fourth = makeService()
        await fourth.start(autoRefresh: false)
        let fourthCatalog = await fourth.catalog()
        XCTAssertTrue(fourthCatalog.entries.isStored, "the rebuild wrote a good index")
        await fourth.shutdown()
    }
}
