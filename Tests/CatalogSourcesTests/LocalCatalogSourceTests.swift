import CatalogSources
import Foundation
import RegistryCore
import TestSupport
import XCTest

final class LocalCatalogSourceTests: XCTestCase {
    func testEveryDockerFixtureServerLoads() async throws {
        let source = LocalCatalogSource(id: "docker", folder: Fixtures.dockerServers)
        XCTAssertEqual(source.kind, "local")
        let snapshot = try await source.load(previous: nil)
        XCTAssertEqual(snapshot.problems, [], "problems: \(snapshot.problems)")
        XCTAssertEqual(snapshot.entries.count, 328)
        XCTAssertEqual(Set(snapshot.entries.map(\.id)).count, 328)

        var kinds: [String: Int] = [:]
        for entry in snapshot.entries { kinds[entry.launch.kind, default: 0] += 1 }
        // The fixture README: 249 `type: server`, 76 `type: remote`, 3 `type: poci`.
        XCTAssertEqual(kinds, ["container": 249, "remote": 76, "package": 3])

        for entry in snapshot.entries {
            XCTAssertTrue(entry.id.hasPrefix("docker/"), entry.id)
            // `poci` entries run one container per tool call: launchable, with every tool's container.
            if case .package(let package) = entry.launch, package.transport == "poci" {
                XCTAssertEqual(package.toolContainers.map(\.name), entry.tools.map(\.name), entry.id)
                XCTAssertFalse(package.toolContainers.isEmpty, entry.id)
            }
            XCTAssertTrue(entry.isLaunchable, entry.id)
            XCTAssertFalse(entry.categories.isEmpty, entry.id)
            if case .container(let container) = entry.launch {
                XCTAssertFalse(container.image.hasPrefix("docker.io/"), entry.id)
            }
            for secret in entry.configuration.secrets {
                XCTAssertFalse(secret.env.isEmpty, "\(entry.id) \(secret.name)")
            }
        }
        let images = snapshot.entries.compactMap { entry -> String? in
            if case .container(let container) = entry.launch { return container.image }
            return nil
        }
        XCTAssertEqual(images.filter { $0.hasPrefix("mcp/") }.count, 224)
        XCTAssertTrue(snapshot.entries.contains { $0.id == "docker/grafana" })
        XCTAssertTrue(snapshot.entries.contains { $0.id == "docker/SQLite" })
        XCTAssertGreaterThanOrEqual(snapshot.entries.filter { !$0.tools.isEmpty }.count, 28)
        XCTAssertNotNil(snapshot.revision)
    }

    func testRegistryCheckoutRootWorks() throws {
        // Pointed at the checkout root, `servers/<name>/server.yaml` is found.
        let root = Fixtures.dockerServers.deletingLastPathComponent()
        let snapshot = try LocalCatalogSource(id: "docker", folder: root).loadNow()
        XCTAssertEqual(snapshot.entries.count, 328)
        XCTAssertEqual(snapshot.problems, [])
    }

    func testMalformedFilesAreReportedAndTheRestLoads() throws {
        let folder = try TemporaryDirectory(prefix: "catalog-sources-tests").url
        defer { try? FileManager.default.removeItem(at: folder) }
        let manager = FileManager.default
        func write(_ text: String, _ path: String) throws {
            let url = folder.appendingPathComponent(path)
            try manager.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
        }
        try write("name: good\nimage: acme/good:1\ntype: server\nabout:\n  description: A good one.\n", "good/server.yaml")
        try write(#"[{"name": "ping", "description": "Pings."}]"#, "good/tools.json")
        try write("name: broken\nimage: [acme/broken\n  type: : server\n", "broken/server.yaml")
        try write(#"{"name": "io.github.acme/weather", "description": "Weather.", "packages": [{"registryType": "npm", "identifier": "@acme/weather", "version": "1.0.0"}]}"#, "weather.json")
        try write(#"{"name": "io.github.acme/bad", "packages": [ {"registryType": "npm",, ] }"#, "bad.json")
        try write(#"{"server": {"name": "io.github.acme/nested", "description": "Nested.", "remotes": [{"type": "sse", "url": "https://nested.example.com/sse"}]}}"#, "team/nested.json")
        try write(#"{"name": "x", "version": "1.0.0", "dependencies": {}}"#, "team/package.json")
        try write(#"{"description": "no name here"}"#, "noname.json")

        let source = LocalCatalogSource(id: "team", folder: folder)
        let snapshot = try source.loadNow()
        XCTAssertEqual(snapshot.entries.map(\.id).sorted(), ["team/good", "team/io.github.acme/nested", "team/io.github.acme/weather"])
        XCTAssertEqual(snapshot.entries.first { $0.id == "team/good" }?.tools.map(\.name), ["ping"])
        let problemPaths = snapshot.problems.map { URL(fileURLWithPath: $0.location).lastPathComponent + "@" + URL(fileURLWithPath: $0.location).deletingLastPathComponent().lastPathComponent }
        XCTAssertEqual(Set(problemPaths), ["server.yaml@broken", "bad.json@\(folder.lastPathComponent)", "noname.json@\(folder.lastPathComponent)"])
        for problem in snapshot.problems {
            XCTAssertTrue(problem.location.hasPrefix(folder.path), problem.location)
            XCTAssertFalse(problem.message.isEmpty)
        }
        XCTAssertTrue(snapshot.problems.first { $0.location.hasSuffix("broken/server.yaml") }?.message.contains("YAML") ?? false)
        let jsonMessage = snapshot.problems.first { $0.location.hasSuffix("bad.json") }?.message ?? ""
        XCTAssertTrue(jsonMessage.contains("invalid JSON") && jsonMessage.contains("line 1"), jsonMessage)
        XCTAssertFalse(snapshot.problems.contains { $0.message.contains("\n") }, "one-line messages")

        // Unchanged files: the same revision and the previous entries, without parsing.
        let again = try source.loadNow(previous: snapshot)
        XCTAssertEqual(again.revision, snapshot.revision)
        XCTAssertEqual(again.entries, snapshot.entries)

        // A fixed file changes the revision and loads.
        try write(#"{"name": "io.github.acme/bad", "description": "Fixed.", "packages": [{"registryType": "pypi", "identifier": "acme-bad"}]}"#, "bad.json")
        let fixed = try source.loadNow(previous: snapshot)
        XCTAssertNotEqual(fixed.revision, snapshot.revision)
        XCTAssertEqual(fixed.entries.count, 4)
        XCTAssertEqual(fixed.problems.count, 2)
    }

    func testMissingFolderThrows() async {
        let source = LocalCatalogSource(id: "gone", folder: URL(fileURLWithPath: "/nonexistent/catalog-\(UUID().uuidString)"))
        do {
            _ = try await source.load(previous: nil)
            XCTFail("expected an error")
        } catch {
            XCTAssertTrue("\(error)".contains("/nonexistent/"))
        }
    }
}
