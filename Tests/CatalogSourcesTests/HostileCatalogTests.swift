import CatalogSources
import Foundation
import RegistryCore
import TestSupport
import XCTest

/// A hostile catalog (see `HostileCatalog`) loaded as a local folder and as real git sources
/// (libgit2 clones of a repository built in a temp dir): valid entries beside the hostile
/// ones load, none of the hostile ones does, invalid images are not launchable, and the canary
/// outside the catalog appears in no entry, problem, cache file or log line.
final class HostileCatalogTests: XCTestCase {
    private var hostile: HostileCatalog!

    override func setUpWithError() throws {
        hostile = try HostileCatalog()
    }

    override func tearDown() {
        hostile.remove()
    }

    func testLocalFolderStaysInside() throws {
        let source = LocalCatalogSource(id: "hostile", folder: hostile.catalog)
        let (snapshot, log) = try StderrCapture.run { try source.loadNow() }
        try assertContained([snapshot], log: log)
        assertProblem(snapshot, at: "servers/linked-yaml/server.yaml", says: "outside the catalog folder")
        assertProblem(snapshot, at: "servers/linked-folder", says: "outside the catalog folder")
        assertProblem(snapshot, at: "servers/leaky-readme/readme.md", says: "outside the catalog folder")
        assertProblem(snapshot, at: "servers/linked.json", says: "outside the catalog folder")
    }

    func testGitSourcesReadOnlyTheRepository() async throws {
        let repository = try GitTestRepository(copying: hostile.catalog)
        let docker = GitCatalogSource(id: "hostile-docker", url: repository.url, format: .docker,
                                      checkoutDirectory: repository.cloneDirectory("docker"))
        let serverJSON = GitCatalogSource(id: "hostile-json", url: repository.url, format: .serverJSON,
                                          checkoutDirectory: repository.cloneDirectory("json"))
        let (snapshots, log) = try await StderrCapture.run {
            [try await docker.load(previous: nil), try await serverJSON.load(previous: nil)]
        }
        try assertContained(snapshots, log: log)
        assertProblem(snapshots[0], at: "servers/linked-yaml/server.yaml", says: "symbolic link")
        assertProblem(snapshots[0], at: "servers/linked-folder", says: "symbolic link")
        assertProblem(snapshots[0], at: "servers/leaky-readme/readme.md", says: "symbolic link")
        assertProblem(snapshots[1], at: "servers/linked.json", says: "symbolic link")
    }

    /// Sources that read the same catalog must agree on the outcome for every kind of input.
    private func assertContained(_ snapshots: [SourceSnapshot], log: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let entries = snapshots.flatMap(\.entries)
        let problems = snapshots.flatMap(\.problems)
        let upstream = Dictionary(entries.map { ($0.provenance.first?.upstreamID ?? $0.name, $0) }, uniquingKeysWith: { first, _ in first })

        for name in HostileCatalog.validDockerNames + HostileCatalog.validServerJSONNames {
            XCTAssertEqual(upstream[name]?.isLaunchable, true, "\(name) should load, launchable", file: file, line: line)
        }
        for name in ["leaky-readme", "leaky-tools"] {
            XCTAssertNotNil(upstream[name], "\(name) loads without its refused file", file: file, line: line)
        }
        for name in HostileCatalog.invalidImageDockerNames + HostileCatalog.invalidImageServerJSONNames {
            guard let entry = upstream[name] else {
                XCTFail("\(name) should load (not launchable)", file: file, line: line)
                continue
            }
            XCTAssertFalse(entry.isLaunchable, name, file: file, line: line)
            XCTAssertEqual(entry.launchBlockers.first?.reason, .invalidImageReference, name, file: file, line: line)
            XCTAssertEqual(entry.launch, .unknown, "an invalid image is not kept: \(name)", file: file, line: line)
        }
        for name in HostileCatalog.forbiddenNames {
            XCTAssertNil(upstream[name], "\(name.debugDescription) must not load", file: file, line: line)
        }
        for entry in entries {
            XCTAssertNil(UpstreamName.violation(in: entry.provenance.first?.upstreamID ?? "", format: .slug), entry.id, file: file, line: line)
        }

        // Every bounded-parsing kind is reported, by path and kind.
        let dockerProblems = snapshots.first!.problems
        assertProblem(dockerProblems, at: "servers/bomb/server.yaml", says: "aliases expand", file: file, line: line)
        assertProblem(dockerProblems, at: "servers/huge/server.yaml", says: "larger than", file: file, line: line)
        assertProblem(dockerProblems, at: "servers/deep/server.yaml", says: "nested deeper", file: file, line: line)
        assertProblem(dockerProblems, at: "servers/not-utf8/server.yaml", says: "UTF-8", file: file, line: line)
        assertProblem(dockerProblems, at: "servers/empty/server.yaml", says: "not a YAML mapping", file: file, line: line)
        assertProblem(dockerProblems, at: "servers/traversal/server.yaml", says: "dot-segment", file: file, line: line)
        assertProblem(dockerProblems, at: "servers/flaglike/server.yaml", says: "leading-dash", file: file, line: line)
        assertProblem(dockerProblems, at: "servers/subst/server.yaml", says: "shell-metacharacter", file: file, line: line)
        assertProblem(dockerProblems, at: "servers/escape/server.yaml", says: "control-character", file: file, line: line)
        let jsonProblems = snapshots.last!.problems
        assertProblem(jsonProblems, at: "servers/traversal.json", says: "dot-segment", file: file, line: line)
        assertProblem(jsonProblems, at: "servers/flaglike.json", says: "leading-dash", file: file, line: line)
        assertProblem(jsonProblems, at: "servers/deep.json", says: "nested deeper", file: file, line: line)
        assertProblem(jsonProblems, at: "servers/not-utf8.json", says: "invalid JSON", file: file, line: line)
        assertProblem(jsonProblems, at: "servers/empty.json", says: "invalid JSON", file: file, line: line)

        // The canary is nowhere: entries, problems, the cache written from them, the log.
        let encoded = String(decoding: try JSONEncoder().encode(snapshots), as: UTF8.self)
        XCTAssertFalse(encoded.contains(hostile.canary), "the canary leaked into a snapshot", file: file, line: line)
        for problem in problems {
            XCTAssertFalse(problem.message.contains("lol") || problem.message.contains("xxxx"), "a problem quotes the file: \(problem)", file: file, line: line)
        }
        let cacheFolder = hostile.root.appendingPathComponent("cache", isDirectory: true)
        let cache = CatalogCache(directory: cacheFolder)
        for snapshot in snapshots { try cache.save(snapshot) }
        let cached = FileManager.default.enumerator(atPath: cacheFolder.path)?.compactMap { $0 as? String } ?? []
        XCTAssertFalse(cached.isEmpty, file: file, line: line)
        for path in cached {
            let data = (try? Data(contentsOf: cacheFolder.appendingPathComponent(path))) ?? Data()
            XCTAssertFalse(String(decoding: data, as: UTF8.self).contains(hostile.canary), "the canary leaked into \(path)", file: file, line: line)
        }
        XCTAssertFalse(log.contains(hostile.canary), "the canary leaked into the log", file: file, line: line)
    }

    private func assertProblem(_ snapshot: SourceSnapshot, at path: String, says text: String, file: StaticString = #filePath, line: UInt = #line) {
        assertProblem(snapshot.problems, at: path, says: text, file: file, line: line)
    }

    private func assertProblem(_ problems: [SourceProblem], at path: String, says text: String, file: StaticString = #filePath, line: UInt = #line) {
        let matching = problems.filter { $0.location.hasSuffix(path) }
        XCTAssertTrue(matching.contains { $0.message.contains(text) },
                      "expected a problem at \(path) saying \(text.debugDescription); got \(matching)", file: file, line: line)
    }
}
