import Foundation
import RegistryCore
import XCTest

/// A writer killed mid-write leaves `.<name>.<UUID>.tmp` beside its target; the next start
/// removes such files from the registry's own folders once they are older than a short
/// age, and nothing else. The leftover comes from a real SIGKILL of the built binary while
/// it writes the catalog cache.
final class LeftoverSweepTests: XCTestCase {
    var root: URL!
    var binary: String!
    var environment: [String: String]!

    override func setUpWithError() throws {
        binary = EndToEndTests.productsDirectory.appendingPathComponent("mcp-registry").path
        guard FileManager.default.isExecutableFile(atPath: binary) else { throw XCTSkip("build the package first: \(binary!)") }
        root = FileManager.default.temporaryDirectory.appendingPathComponent("robust-leftover-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root.appendingPathComponent("home"), withIntermediateDirectories: true)
        var env = ProcessInfo.processInfo.environment
        env["HOME"] = root.appendingPathComponent("home").path
        env["XDG_CONFIG_HOME"] = root.appendingPathComponent("config").path
        env["MCP_REGISTRY_HOME"] = root.appendingPathComponent("data").path
        environment = env
        for id in ["docker", "awesome", "official", "mcpservers"] {
            XCTAssertEqual(try run(["sources", "disable", id]), .exited(0))
        }
    }

    override func tearDownWithError() throws {
        if let root { try? FileManager.default.removeItem(at: root) }
    }

    func run(_ arguments: [String], killWhen: ((TimeInterval) -> Bool)? = nil) throws -> KillableRun.Ending {
        try KillableRun(binary: binary, arguments: arguments, environment: environment).run(killWhen: killWhen).ending
    }

    func leftovers(_ folder: URL) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).filter(AtomicFile.isTemporaryName)
    }

    func age(_ url: URL, seconds: TimeInterval) throws {
        try FileManager.default.setAttributes([.modificationDate: Date().addingTimeInterval(-seconds)], ofItemAtPath: url.path)
    }

    func testAKilledWritersTemporaryFileIsSweptAtTheNextStartAndNothingElseIs() throws {
        let catalog = root.appendingPathComponent("catalog")
        try FileManager.default.copyItem(at: CrashSafetyTests.dockerServers, to: catalog)
        let cacheFolder = root.appendingPathComponent("data/cache/catalog")
        let refresh = ["refresh", "--force", "--catalog", catalog.path]
        XCTAssertEqual(try run(refresh), .exited(0))
        let target = cacheFolder.appendingPathComponent("catalog.json")
        let good = try Data(contentsOf: target)

        // Kill the refresh the moment its temporary cache file appears (the write and its
        // fsync take a few milliseconds), until one is left behind.
        var tries = 0
        while leftovers(cacheFolder).isEmpty, tries < 40 {
            tries += 1
            _ = try run(refresh) { _ in !self.leftovers(cacheFolder).isEmpty }
        }
        let left = leftovers(cacheFolder)
        XCTAssertFalse(left.isEmpty, "no kill in \(tries) tries left a temporary file")
        XCTAssertFalse(try Data(contentsOf: target).isEmpty, "the target is intact")
        _ = try JSONSerialization.jsonObject(with: try Data(contentsOf: target))

        // Aged past the sweep's threshold (as if the registry started again later), beside
        // files that must stay: a fresh temporary file (maybe a write in progress elsewhere),
        // near-misses of the pattern, and the target.
        for name in left { try age(cacheFolder.appendingPathComponent(name), seconds: 600) }
        let configFolder = root.appendingPathComponent("config/mcp-registry")
        let agedInConfig = configFolder.appendingPathComponent(".config.json.\(UUID().uuidString).tmp")
        let fresh = cacheFolder.appendingPathComponent(".status.json.\(UUID().uuidString).tmp")
        let keep = [
            cacheFolder.appendingPathComponent(".catalog.json.not-a-uuid.tmp"),
            cacheFolder.appendingPathComponent(".catalog.json.\(UUID().uuidString.lowercased()).tmp"),
            cacheFolder.appendingPathComponent("catalog.json.\(UUID().uuidString).tmp"),
            cacheFolder.appendingPathComponent(".\(UUID().uuidString).tmp"),
        ]
        for url in [agedInConfig, fresh] + keep { try Data("x".utf8).write(to: url) }
        for url in [agedInConfig] + keep { try age(url, seconds: 600) }

        let listed = try KillableRun(binary: binary, arguments: ["list", "--json", "--limit", "1", "--catalog", catalog.path], environment: environment)
            .run(killWhen: nil).ending
        XCTAssertEqual(listed, .exited(0))
        XCTAssertEqual(leftovers(cacheFolder).sorted(), [fresh.lastPathComponent], "the aged leftovers are gone, the fresh one stays")
        XCTAssertFalse(FileManager.default.fileExists(atPath: agedInConfig.path), "the config folder is swept too")
        for url in keep { XCTAssertTrue(FileManager.default.fileExists(atPath: url.path), "\(url.lastPathComponent) is not ours and stays") }
        XCTAssertTrue(FileManager.default.fileExists(atPath: target.path))
        print("leftover sweep: \(tries) kill(s) to leave \(left.count) temporary file(s); good cache \(good.count) bytes")
    }

    func testTheTemporaryNamePatternIsExact() {
        let uuid = UUID().uuidString
        XCTAssertTrue(AtomicFile.isTemporaryName(".catalog.json.\(uuid).tmp"))
        XCTAssertTrue(AtomicFile.isTemporaryName(".a.\(uuid).tmp"))
        XCTAssertFalse(AtomicFile.isTemporaryName(".\(uuid).tmp"), "no target name")
        XCTAssertFalse(AtomicFile.isTemporaryName("catalog.json.\(uuid).tmp"), "no leading dot")
        XCTAssertFalse(AtomicFile.isTemporaryName(".catalog.json.\(uuid.lowercased()).tmp"), "not the writer's case")
        XCTAssertFalse(AtomicFile.isTemporaryName(".catalog.json.\(uuid).tmp.bak"))
        XCTAssertFalse(AtomicFile.isTemporaryName(".catalog.json-\(uuid).tmp"), "no dot before the UUID")
    }
}
