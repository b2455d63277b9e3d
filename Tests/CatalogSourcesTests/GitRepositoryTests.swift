import Foundation
import Synchronization
import TestSupport
import XCTest
@testable import CatalogSources

final class GitRepositoryTests: XCTestCase {
    private func repository(_ upstream: GitTestRepository, branch: String? = nil, name: String = "clone") -> GitRepository {
        GitRepository(url: upstream.url, branch: branch, directory: upstream.cloneDirectory(name), credentials: .none)
    }

    func testCloneThenUpToDateThenFastForward() async throws {
        let upstream = try GitTestRepository()
        try upstream.write("one\n", to: "file.txt")
        try upstream.commitAll("one")
        let events = ProgressEvents()
        var repo = repository(upstream)
        repo.progress = { events.append($0) }

        let first = try await repo.sync()
        XCTAssertEqual(first.action, .cloned)
        XCTAssertFalse(events.all.isEmpty, "clone reports transfer progress")
        XCTAssertEqual(events.all.last?.fraction, 1)
        XCTAssertEqual(first.commit, upstream.head)
        XCTAssertEqual(first.branch, "main")
        XCTAssertEqual(try String(contentsOf: repo.directory.appendingPathComponent("file.txt"), encoding: .utf8), "one\n")

        let second = try await repo.sync()
        XCTAssertEqual(second.action, .upToDate)
        XCTAssertEqual(second.commit, first.commit)

        try upstream.write("two\n", to: "file.txt")
        try upstream.write("new\n", to: "dir/new.txt")
        try upstream.commitAll("two")
        let third = try await repo.sync()
        XCTAssertEqual(third.action, .fastForwarded)
        XCTAssertEqual(third.commit, upstream.head)
        XCTAssertNotEqual(third.commit, first.commit)
        XCTAssertEqual(try String(contentsOf: repo.directory.appendingPathComponent("file.txt"), encoding: .utf8), "two\n")
        XCTAssertTrue(FileManager.default.fileExists(atPath: repo.directory.appendingPathComponent("dir/new.txt").path))
        let current = await repo.currentCommit()
        XCTAssertEqual(current, upstream.head)
    }

    /// A fetch from a repository on this machine copies the upstream's object files (as the
    /// clone does) rather than letting libgit2's local transport build a pack of the new
    /// objects in this process: every object file of the clone is one of the upstream's.
    func testAFetchFromALocalUpstreamCopiesItsObjectFilesInsteadOfPackingThem() async throws {
        let upstream = try GitTestRepository()
        try upstream.write("one\n", to: "servers/a/server.yaml")
        try upstream.commitAll("one")
        let repo = repository(upstream)
        _ = try await repo.sync()
        try upstream.write("two\n", to: "servers/a/server.yaml")
        try upstream.write(String(repeating: "b", count: 100_000), to: "servers/b/readme.md")
        try upstream.commitAll("two")
        try upstream.git("checkout", "-q", "-b", "next")
        try upstream.write("next\n", to: "next.txt")
        try upstream.commitAll("next")
        let next = upstream.head
        try upstream.git("checkout", "-q", "main")

        let fetched = try await repo.sync()
        XCTAssertEqual(fetched.action, .fastForwarded)
        XCTAssertEqual(fetched.commit, upstream.head)
        XCTAssertEqual(try String(contentsOf: repo.directory.appendingPathComponent("servers/a/server.yaml"), encoding: .utf8), "two\n")
        let ours = try objectFiles(repo.directory.appendingPathComponent(".git/objects"))
        let theirs = try objectFiles(upstream.work.appendingPathComponent(".git/objects"))
        XCTAssertFalse(ours.isEmpty)
        XCTAssertTrue(ours.isSubset(of: theirs), "object files built here: \(ours.subtracting(theirs).sorted())")
        let tracking = try GitTestRepository.run(["git", "rev-parse", "refs/remotes/origin/next"], in: repo.directory)
        XCTAssertEqual(tracking.trimmingCharacters(in: .whitespacesAndNewlines), next, "other branches are fetched too")

        // A branch deleted upstream is pruned; the next sync is up to date.
        try upstream.git("branch", "-q", "-D", "next")
        let again = try await repo.sync()
        XCTAssertEqual(again.action, .upToDate)
        let branches = try GitTestRepository.run(["git", "branch", "-r"], in: repo.directory)
        XCTAssertFalse(branches.contains("origin/next"), branches)
    }

    /// The object files under an object folder (loose objects and packs), by relative path.
    private func objectFiles(_ folder: URL) throws -> Set<String> {
        let walker = try XCTUnwrap(FileManager.default.enumerator(atPath: folder.path))
        var files = Set<String>()
        while let path = walker.nextObject() as? String {
            let parts = path.split(separator: "/")
            let loose = parts.count == 2 && parts[0].count == 2 && parts[0].allSatisfy(\.isHexDigit)
            let pack = parts.count == 2 && parts[0] == "pack" && (path.hasSuffix(".pack") || path.hasSuffix(".idx"))
            if loose || pack { files.insert(path) }
        }
        return files
    }

    func testRewrittenHistoryIsResetHard() async throws {
        let upstream = try GitTestRepository()
        try upstream.write("v1\n", to: "file.txt")
        try upstream.commitAll("v1")
        let repo = repository(upstream)
        let first = try await repo.sync()

        try upstream.write("rewritten\n", to: "file.txt")
        try upstream.write("x\n", to: "other.txt")
        try upstream.amend("v1, rewritten")
        let second = try await repo.sync()
        XCTAssertEqual(second.action, .reset)
        XCTAssertEqual(second.commit, upstream.head)
        XCTAssertNotEqual(second.commit, first.commit)
        XCTAssertEqual(try String(contentsOf: repo.directory.appendingPathComponent("file.txt"), encoding: .utf8), "rewritten\n")
    }

    func testBranchIsFollowed() async throws {
        let upstream = try GitTestRepository()
        try upstream.git("checkout", "-q", "-b", "catalog")
        try upstream.write("catalog branch\n", to: "branch.txt")
        try upstream.commitAll("on catalog")
        let catalogHead = upstream.head
        try upstream.git("checkout", "-q", "main")

        let onBranch = repository(upstream, branch: "catalog", name: "branch")
        let result = try await onBranch.sync()
        XCTAssertEqual(result.commit, catalogHead)
        XCTAssertEqual(result.branch, "catalog")
        XCTAssertTrue(FileManager.default.fileExists(atPath: onBranch.directory.appendingPathComponent("branch.txt").path))

        // The same clone switched to main by a settings change.
        let onMain = GitRepository(url: upstream.url, branch: "main", directory: onBranch.directory, credentials: .none)
        let switched = try await onMain.sync()
        XCTAssertEqual(switched.commit, upstream.head)
        XCTAssertEqual(switched.branch, "main")
        XCTAssertFalse(FileManager.default.fileExists(atPath: onBranch.directory.appendingPathComponent("branch.txt").path))

        let missing = GitRepository(url: upstream.url, branch: "no-such-branch", directory: upstream.cloneDirectory("missing"), credentials: .none)
        do {
            _ = try await missing.sync()
            XCTFail("a missing branch must fail")
        } catch let error as GitError {
            XCTAssertEqual(error.operation, "clone")
            XCTAssertTrue(error.message.contains("no-such-branch"), error.message)
        }
    }

    func testCorruptClonesAreReplaced() async throws {
        let upstream = try GitTestRepository()
        try upstream.write("content\n", to: "file.txt")
        try upstream.commitAll("content")
        let repo = repository(upstream)
        _ = try await repo.sync()
        let gitDir = repo.directory.appendingPathComponent(".git")

        // .git deleted: the folder is no repository at all (and must not be mistaken for an
        // enclosing one).
        try FileManager.default.removeItem(at: gitDir)
        var result = try await repo.sync()
        XCTAssertEqual(result.action, .recloned)
        XCTAssertEqual(result.commit, upstream.head)

        // HEAD garbled.
        try "garbage".write(to: gitDir.appendingPathComponent("HEAD"), atomically: true, encoding: .utf8)
        result = try await repo.sync()
        XCTAssertEqual(result.action, .recloned)
        XCTAssertEqual(result.commit, upstream.head)

        // Every object lost.
        let objects = gitDir.appendingPathComponent("objects")
        for name in try FileManager.default.contentsOfDirectory(atPath: objects.path) where name != "info" {
            try FileManager.default.removeItem(at: objects.appendingPathComponent(name))
        }
        result = try await repo.sync()
        XCTAssertEqual(result.action, .recloned)
        XCTAssertEqual(result.commit, upstream.head)
        XCTAssertEqual(try String(contentsOf: repo.directory.appendingPathComponent("file.txt"), encoding: .utf8), "content\n")

        // Pointed at another URL (a mirror configured in place of the original).
        let mirror = try GitTestRepository()
        let moved = GitRepository(url: mirror.url, directory: repo.directory, credentials: .none)
        result = try await moved.sync()
        XCTAssertEqual(result.action, .recloned)
        XCTAssertEqual(result.commit, mirror.head)
    }

    func testUnreachableRemoteThrowsAndKeepsTheClone() async throws {
        let scratch = try TemporaryDirectory(prefix: "git-tests").url
        defer { try? FileManager.default.removeItem(at: scratch) }
        let missing = GitRepository(url: "file:///nonexistent/catalog", directory: scratch.appendingPathComponent("clone"), credentials: .none)
        do {
            _ = try await missing.sync()
            XCTFail("cloning a missing repository must fail")
        } catch let error as GitError {
            XCTAssertEqual(error.operation, "clone")
            XCTAssertEqual(error.url, "file:///nonexistent/catalog")
            XCTAssertFalse(error.message.isEmpty)
            XCTAssertTrue(error.description.contains("file:///nonexistent/catalog"), error.description)
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: missing.directory.path), "a failed clone leaves nothing behind")

        let upstream = try GitTestRepository()
        let repo = repository(upstream)
        let first = try await repo.sync()
        try FileManager.default.removeItem(at: upstream.work)
        do {
            _ = try await repo.sync()
            XCTFail("fetching from a vanished remote must fail")
        } catch let error as GitError {
            XCTAssertEqual(error.operation, "fetch")
        }
        let kept = await repo.currentCommit()
        XCTAssertEqual(kept, first.commit, "the last good clone stays")
    }

    func testBadURLThrows() async throws {
        let scratch = try TemporaryDirectory(prefix: "git-tests").url
        defer { try? FileManager.default.removeItem(at: scratch) }
        let repo = GitRepository(url: "not a url at all", directory: scratch.appendingPathComponent("clone"), credentials: .none)
        do {
            _ = try await repo.sync()
            XCTFail("a bad URL must fail")
        } catch let error as GitError {
            XCTAssertEqual(error.operation, "clone")
        }
    }

    func testCredentialsAreRedactedAndScoped() {
        let message = "failed to connect to https://user:s3cr3t-token@git.example.com/team/catalog.git: 401"
        XCTAssertEqual(GitRedaction.redact(message, environment: [:]),
                       "failed to connect to https://git.example.com/team/catalog.git: 401")
        XCTAssertEqual(GitRedaction.redact("token ghp_abcdef1234 rejected", environment: ["GITHUB_TOKEN": "ghp_abcdef1234"]),
                       "token *** rejected")
        let error = GitError(operation: "clone", url: "https://x-access-token:abc123@github.com/o/r", message: "bad https://a:b@h/p")
        XCTAssertEqual(error.url, "https://github.com/o/r")
        XCTAssertFalse(error.description.contains("abc123"))
        XCTAssertFalse(error.description.contains("a:b@"))

        let github = GitCredentials(environment: ["GITHUB_TOKEN": "gh-token"])
        XCTAssertEqual(github.token(for: "https://github.com/o/r"), "gh-token")
        XCTAssertNil(github.token(for: "https://git.example.com/o/r"), "a GitHub token never goes to another host")
        let registry = GitCredentials(environment: ["MCP_REGISTRY_GIT_TOKEN": "team-token", "GITHUB_TOKEN": "gh-token"])
        XCTAssertEqual(registry.token(for: "https://git.example.com/o/r"), "team-token")
        XCTAssertNil(GitCredentials.none.token(for: "https://github.com/o/r"))
    }
}

/// Progress events collected from libgit2's thread.
final class ProgressEvents: Sendable {
    private let events = Mutex<[GitTransferProgress]>([])

    func append(_ event: GitTransferProgress) {
        events.withLock { $0.append(event) }
    }

    var all: [GitTransferProgress] {
        events.withLock { $0 }
    }
}
