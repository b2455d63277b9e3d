import Foundation
import RegistryCore
import TestSupport
import XCTest
@testable import CatalogSources

final class GitCatalogSourceTests: XCTestCase {
    private func source(_ upstream: GitTestRepository, id: String, format: GitCatalogSource.Format) -> GitCatalogSource {
        GitCatalogSource(id: id, url: upstream.url, format: format, checkoutDirectory: upstream.cloneDirectory(id), credentials: .none)
    }

    /// First clone, a no-change load, then a commit that edits, adds, removes and breaks servers.
    func testDockerRegistryFollowsUpstream() async throws {
        let upstream = try GitTestRepository(copying: GitTestRepository.fixture("docker-mcp-registry"))
        let docker = source(upstream, id: "docker", format: .docker)
        XCTAssertEqual(docker.kind, "docker")
        XCTAssertEqual(docker.location, upstream.url)

        let first = try await docker.load(previous: nil)
        XCTAssertEqual(first.sourceID, "docker")
        XCTAssertEqual(first.revision, upstream.head)
        XCTAssertEqual(first.entries.count, 328)
        XCTAssertEqual(first.problems, [])
        XCTAssertEqual(docker.statistics.parses, 1)
        XCTAssertEqual(docker.statistics.lastSync?.action, .cloned)
        XCTAssertNotNil(docker.statistics.lastParseSeconds)
        let byID = Dictionary(uniqueKeysWithValues: first.entries.map { ($0.id, $0) })
        guard case .container(let grafana)? = byID["docker/grafana"]?.launch else { return XCTFail("grafana runs in a container") }
        XCTAssertEqual(grafana.image, "mcp/grafana")
        XCTAssertEqual(byID["docker/linear"]?.launch.kind, "remote")
        XCTAssertEqual(byID["docker/curl"]?.launch.kind, "package")
        XCTAssertEqual(byID["docker/filesystem"]?.launch.kind, "container")
        XCTAssertEqual(byID["docker/context7"]?.provenance.first?.location, "servers/context7/server.yaml")
        XCTAssertEqual(first.entries.filter { $0.launch.kind == "container" }.count, 249)
        XCTAssertEqual(first.entries.filter { $0.launch.kind == "remote" }.count, 76)

        // Nothing moved upstream: nothing parsed, the same entries.
        let second = try await docker.load(previous: first)
        XCTAssertEqual(second, first, "the previous snapshot, untouched")
        XCTAssertEqual(docker.statistics.skippedParses, 1)
        XCTAssertEqual(docker.statistics.parses, 1)
        XCTAssertEqual(docker.statistics.lastSync?.action, .upToDate)

        // Edit one, remove one, add one, break one.
        let grafanaYAML = try upstream.read("servers/grafana/server.yaml")
        try upstream.write(grafanaYAML.replacingOccurrences(of: "image: mcp/grafana", with: "image: mcp/grafana:edited"), to: "servers/grafana/server.yaml")
        try upstream.remove("servers/curl")
        try upstream.write("""
        name: team-notes
        image: example.com/team/notes:1.0
        type: server
        meta:
          category: productivity
        about:
          title: Team Notes
          description: The team's own notes server.
        """, to: "servers/team-notes/server.yaml")
        try upstream.write("name: broken\ntype: server\nabout: [unclosed\n  title: :::\n", to: "servers/broken/server.yaml")
        try upstream.commitAll("edit grafana, remove curl, add team-notes, break broken")

        let third = try await docker.load(previous: second)
        XCTAssertEqual(third.revision, upstream.head)
        XCTAssertEqual(docker.statistics.parses, 2)
        XCTAssertEqual(docker.statistics.lastSync?.action, .fastForwarded)
        XCTAssertEqual(third.entries.count, 328, "one removed, one added; the broken one is not an entry")
        let after = Dictionary(uniqueKeysWithValues: third.entries.map { ($0.id, $0) })
        XCTAssertNil(after["docker/curl"], "an entry removed upstream is gone")
        XCTAssertNil(after["docker/broken"])
        XCTAssertEqual(after["docker/team-notes"]?.summary, "The team's own notes server.")
        guard case .container(let edited)? = after["docker/grafana"]?.launch else { return XCTFail("grafana runs in a container") }
        XCTAssertEqual(edited.image, "mcp/grafana:edited")
        XCTAssertEqual(third.problems.map(\.location), ["servers/broken/server.yaml"])
        XCTAssertFalse(third.problems[0].message.isEmpty)
        XCTAssertEqual(after["docker/linear"], byID["docker/linear"], "untouched entries are unchanged")
    }

    func testUnreachableRemoteThrowsSoTheCallerKeepsTheLastSnapshot() async throws {
        let upstream = try GitTestRepository()
        try upstream.write("name: one\nimage: mcp/one\ntype: server\n", to: "servers/one/server.yaml")
        try upstream.commitAll("one")
        let docker = source(upstream, id: "team", format: .docker)
        let first = try await docker.load(previous: nil)
        XCTAssertEqual(first.entries.map(\.id), ["team/one"])

        try FileManager.default.removeItem(at: upstream.work)
        do {
            _ = try await docker.load(previous: first)
            XCTFail("an unreachable remote must throw")
        } catch let error as GitError {
            XCTAssertTrue(error.description.contains(upstream.url), error.description)
        }
        XCTAssertEqual(docker.statistics.failures, 1)
        XCTAssertTrue(FileManager.default.fileExists(atPath: docker.checkoutDirectory.appendingPathComponent("servers/one/server.yaml").path),
                      "the last good checkout stays")

        let nowhere = GitCatalogSource(id: "nowhere", url: "file:///nonexistent", format: .docker,
                                       checkoutDirectory: upstream.cloneDirectory("nowhere"), credentials: .none)
        do {
            _ = try await nowhere.load(previous: nil)
            XCTFail("a missing repository must throw")
        } catch let error as GitError {
            XCTAssertEqual(error.operation, "clone")
            XCTAssertTrue(error.description.hasPrefix("git clone file:///nonexistent failed: "), error.description)
        }
    }

    func testCorruptCloneIsReclonedOnTheNextLoad() async throws {
        let upstream = try GitTestRepository()
        try upstream.write("name: one\nimage: mcp/one\ntype: server\n", to: "servers/one/server.yaml")
        try upstream.commitAll("one")
        let docker = source(upstream, id: "team", format: .docker)
        let first = try await docker.load(previous: nil)
        try FileManager.default.removeItem(at: docker.checkoutDirectory.appendingPathComponent(".git"))
        try FileManager.default.removeItem(at: docker.checkoutDirectory.appendingPathComponent("servers"))

        let second = try await docker.load(previous: first)
        XCTAssertEqual(second, first, "same commit after the re-clone: nothing to parse")
        XCTAssertEqual(docker.statistics.skippedParses, 1)
        XCTAssertEqual(docker.statistics.lastSync?.action, .recloned)
        XCTAssertTrue(FileManager.default.fileExists(atPath: docker.checkoutDirectory.appendingPathComponent("servers/one/server.yaml").path))

        // Without a previous snapshot the re-cloned checkout is parsed again.
        try FileManager.default.removeItem(at: docker.checkoutDirectory.appendingPathComponent(".git"))
        let third = try await docker.load(previous: nil)
        XCTAssertEqual(third.counters["recloned"], 1)
        XCTAssertEqual(third.entries.map(\.id), ["team/one"])
    }

    func testAwesomeListRepository() async throws {
        let upstream = try GitTestRepository(copying: GitTestRepository.fixture("awesome-mcp-servers"))
        let awesome = source(upstream, id: "awesome", format: .awesome)
        let snapshot = try await awesome.load(previous: nil)
        // 7,799 measured (see AwesomeListParserTests.testFixtureParsesAllCategoryFiles).
        XCTAssertEqual(snapshot.entries.count, 7_799, accuracy: 10)
        XCTAssertEqual(snapshot.problems, [])
        XCTAssertEqual(snapshot.counters["files"], 38)
        XCTAssertEqual(snapshot.counters["skipped_code_block_lines"], 1)
        XCTAssertEqual(snapshot.revision, upstream.head)
        let byID = Dictionary(uniqueKeysWithValues: snapshot.entries.map { ($0.id, $0) })
        let tensorfeed = try XCTUnwrap(byID["awesome/RipperMercs/tensorfeed/mcp-server"])
        XCTAssertEqual(tensorfeed.provenance.first?.location, "docs/ai--llm-integration.md")
        XCTAssertEqual(tensorfeed.launch, .unknown)
        XCTAssertEqual(tensorfeed.repositoryURL, "https://github.com/RipperMercs/tensorfeed/tree/main/mcp-server")

        // A line moves to another category file and one is deleted upstream.
        var databases = try upstream.read("docs/databases.md")
        let lines = databases.split(separator: "\n", omittingEmptySubsequences: false)
        let firstEntry = try XCTUnwrap(lines.first { $0.hasPrefix("- [") })
        databases = lines.filter { $0 != firstEntry }.joined(separator: "\n")
        try upstream.write(databases, to: "docs/databases.md")
        try upstream.commitAll("remove one database server")
        let next = try await awesome.load(previous: snapshot)
        XCTAssertEqual(next.entries.count, snapshot.entries.count - 1)
    }

    func testServerJSONRepository() async throws {
        let upstream = try GitTestRepository()
        try upstream.write("""
        {"name": "io.github.acme/notes", "description": "The team's notes.", "version": "1.0.0",
         "packages": [{"registryType": "npm", "identifier": "@acme/notes", "version": "1.0.0", "transport": {"type": "stdio"}}]}
        """, to: "notes/server.json")
        try upstream.write("""
        {"name": "io.github.acme/weather", "description": "Weather.", "version": "2.0.0",
         "remotes": [{"type": "streamable-http", "url": "https://weather.example.com/mcp"}]}
        """, to: "servers/weather.json")
        try upstream.write("{ not json", to: "servers/broken.json")
        try upstream.write("{\"name\": \"x\"}", to: "servers/package.json")
        try upstream.write("{\"unrelated\": true}", to: "docs/other.json")
        try upstream.commitAll("catalog")
        let team = source(upstream, id: "team", format: .serverJSON)
        XCTAssertEqual(team.kind, "server-json")
        let snapshot = try await team.load(previous: nil)
        XCTAssertEqual(snapshot.entries.map(\.id).sorted(), ["team/io.github.acme/notes", "team/io.github.acme/weather"])
        XCTAssertEqual(snapshot.entries.first { $0.name.contains("notes") || $0.id.hasSuffix("notes") }?.launch.kind, "package")
        XCTAssertEqual(snapshot.problems.map(\.location), ["servers/broken.json"])
        XCTAssertEqual(snapshot.counters["files"], 3)
    }
}
