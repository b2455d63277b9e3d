import Foundation
import RegistryCore
import TestSupport
import XCTest
@testable import CatalogSources

/// The caps on a clone or fetch itself (`GitTransferLimits`), against real local
/// repositories through libgit2, with small caps so the test stays quick.
final class GitTransferLimitsTests: XCTestCase {
    /// Incompressible bytes, so the pack is as large as the files.
    private func noise(_ count: Int) -> String {
        var generator = SystemRandomNumberGenerator()
        return String((0..<count).map { _ in Character(Unicode.Scalar(UInt8.random(in: 0x21...0x7E, using: &generator))) })
    }

    func testACloneOverTheByteCapIsRefusedAndLeavesNothing() async throws {
        let upstream = try GitTestRepository()
        try upstream.write(noise(300_000), to: "big.txt")
        try upstream.commitAll("big")
        let repository = GitRepository(url: upstream.url, directory: upstream.cloneDirectory(), credentials: .none,
                                       limits: GitTransferLimits(maxBytes: 100_000))
        do {
            _ = try await repository.sync()
            XCTFail("a transfer over the byte cap must fail")
        } catch let error as GitError {
            guard case .bytes(let limit, let received)? = error.limitExceeded else { return XCTFail("\(error)") }
            XCTAssertEqual(limit, 100_000)
            XCTAssertGreaterThan(received, 100_000)
            XCTAssertEqual(error.operation, "clone")
            XCTAssertTrue(error.description.contains("100000 bytes"), error.description)
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: repository.directory.path), "no half clone is left")
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: repository.directory.deletingLastPathComponent().path)
        XCTAssertFalse(leftovers.contains { $0.contains(".clone-") }, "\(leftovers)")
    }

    func testAFetchOverTheObjectCapKeepsTheLastGoodClone() async throws {
        let upstream = try GitTestRepository()
        try upstream.write("one\n", to: "servers/a/server.yaml")
        try upstream.commitAll("one")
        var repository = GitRepository(url: upstream.url, directory: upstream.cloneDirectory(), credentials: .none,
                                       limits: GitTransferLimits(maxObjects: 20))
        let first = try await repository.sync()
        XCTAssertEqual(first.action, .cloned, "under the cap: cloned")

        for index in 0..<30 { try upstream.write("file \(index)\n", to: "many/\(index).txt") }
        try upstream.commitAll("many")
        do {
            _ = try await repository.sync()
            XCTFail("a fetch over the object cap must fail")
        } catch let error as GitError {
            guard case .objects(let limit, let total)? = error.limitExceeded else { return XCTFail("\(error)") }
            XCTAssertEqual(limit, 20)
            XCTAssertGreaterThan(total, 20)
            XCTAssertEqual(error.operation, "fetch")
        }
        let current = await repository.currentCommit()
        XCTAssertEqual(current, first.commit, "the last good clone stays checked out")

        repository.limits = .standard
        let third = try await repository.sync()
        XCTAssertEqual(third.commit, upstream.head, "with the standard caps the same fetch goes through")
    }

    func testAGitSourceOverACapFailsNamingTheCapAndKeepsNothingHalfLoaded() async throws {
        let upstream = try GitTestRepository()
        try upstream.write(noise(200_000), to: "servers/a/readme.md")
        try upstream.write("name: a\nimage: mcp/a\ntype: server\n", to: "servers/a/server.yaml")
        try upstream.commitAll("a")
        var source = GitCatalogSource(id: "catalog-capped", url: upstream.url, format: .docker,
                                      checkoutDirectory: upstream.cloneDirectory("capped"))
        source.transferLimits = GitTransferLimits(maxBytes: 50_000)
        do {
            _ = try await source.load(previous: nil)
            XCTFail("the load must fail, so the registry keeps the last good snapshot")
        } catch let error as GitError {
            XCTAssertNotNil(error.limitExceeded)
            XCTAssertTrue(error.description.contains("limit of 50000 bytes"), error.description)
        }
    }
}

/// The time cap against a real remote that accepts the connection and never answers (git's
/// smart HTTP and its own protocol alike): the clone or fetch ends at the cap, naming it.
final class GitSilentRemoteTests: XCTestCase {
    func testACloneFromARemoteThatAcceptsAndNeverAnswersStopsAtTheTimeCap() async throws {
        let server = try SilentLoopbackServer()
        defer { server.stop() }
        let folder = try TemporaryDirectory(prefix: "silent-clone")
        defer { folder.remove() }
        for url in ["http://127.0.0.1:\(server.port)/catalog.git", "git://127.0.0.1:\(server.port)/catalog.git"] {
            let repository = GitRepository(url: url, directory: folder.url.appendingPathComponent("clone"), credentials: .none,
                                           limits: GitTransferLimits(maxSeconds: 2))
            do {
                _ = try await repository.sync()
                XCTFail("a clone from a silent remote returned (\(url))")
            } catch let error as GitError {
                guard case .time(let limit, let seconds)? = error.limitExceeded else { return XCTFail("\(url): \(error)") }
                XCTAssertEqual(limit, 2)
                XCTAssertGreaterThanOrEqual(seconds, 2)
                XCTAssertEqual(error.operation, "clone")
                XCTAssertTrue(error.description.contains("over the limit of 2 s"), error.description)
            }
            XCTAssertFalse(FileManager.default.fileExists(atPath: repository.directory.path), "no half clone is left")
        }
        XCTAssertEqual(server.connections, 2, "both clones reached the remote and waited on it")
    }

    func testAFetchFromARemoteThatAcceptsAndNeverAnswersStopsAtTheTimeCapAndKeepsTheClone() async throws {
        let server = try SilentLoopbackServer()
        defer { server.stop() }
        let upstream = try GitTestRepository()
        try upstream.write("name: a\nimage: mcp/a\n", to: "servers/a/server.yaml")
        try upstream.commitAll("a")
        let directory = upstream.cloneDirectory()
        _ = try await GitRepository(url: upstream.url, directory: directory, credentials: .none).sync()
        // The clone's origin now points at the silent remote (a URL the source is set to).
        let url = "http://127.0.0.1:\(server.port)/catalog.git"
        try GitTestRepository.run(["git", "remote", "set-url", "origin", url], in: directory)
        let repository = GitRepository(url: url, directory: directory, credentials: .none, limits: GitTransferLimits(maxSeconds: 2))
        do {
            _ = try await repository.sync()
            XCTFail("a fetch from a silent remote returned")
        } catch let error as GitError {
            guard case .time(let limit, _)? = error.limitExceeded else { return XCTFail("\(error)") }
            XCTAssertEqual(limit, 2)
            XCTAssertEqual(error.operation, "fetch")
        }
        XCTAssertEqual(server.connections, 1)
        let current = await repository.currentCommit()
        XCTAssertEqual(current, upstream.head, "the last good clone stays checked out")
    }
}

/// Files over the checkout cap are never written (their blobs never inflated), are reported,
/// and never linger from an older commit.
final class GitCheckoutCapTests: XCTestCase {
    func testAFileOverTheCapIsNotCheckedOutAndIsReported() async throws {
        let upstream = try GitTestRepository()
        try upstream.write("name: small\nimage: mcp/small\ntype: server\n", to: "servers/small/server.yaml")
        try upstream.write("name: huge\nimage: mcp/huge\nabout:\n  description: " + String(repeating: "x", count: 40_000) + "\n",
                           to: "servers/huge/server.yaml")
        try upstream.commitAll("one")
        var source = GitCatalogSource(id: "catalog-files", url: upstream.url, format: .docker,
                                      checkoutDirectory: upstream.cloneDirectory("files"))
        source.transferLimits = GitTransferLimits(maxFileBytes: 10_000)
        let first = try await source.load(previous: nil)
        XCTAssertEqual(first.entries.map(\.name), ["small"])
        XCTAssertFalse(FileManager.default.fileExists(atPath: source.checkoutDirectory.appendingPathComponent("servers/huge/server.yaml").path))
        XCTAssertTrue(first.problems.contains { $0.location.hasSuffix("servers/huge/server.yaml") && $0.message.contains("limit") },
                      "\(first.problems)")
        XCTAssertFalse(first.problems.contains { $0.message.contains("xxxx") })

        // Shrunk upstream, it is checked out; a file grown over the cap goes from the folder.
        try upstream.write("name: huge\nimage: mcp/huge\n", to: "servers/huge/server.yaml")
        try upstream.write("name: small\nimage: mcp/small\nabout:\n  description: " + String(repeating: "y", count: 40_000) + "\n",
                           to: "servers/small/server.yaml")
        try upstream.commitAll("two")
        let second = try await source.load(previous: first)
        XCTAssertEqual(second.entries.map(\.name), ["huge"])
        XCTAssertFalse(FileManager.default.fileExists(atPath: source.checkoutDirectory.appendingPathComponent("servers/small/server.yaml").path),
                       "the older, smaller copy must not linger")

        // A fresh source over the same clone (a restart) still reports the file left out.
        var restarted = GitCatalogSource(id: "catalog-files", url: upstream.url, format: .docker, checkoutDirectory: source.checkoutDirectory)
        restarted.transferLimits = source.transferLimits
        let third = try await restarted.load(previous: nil)
        XCTAssertTrue(third.problems.contains { $0.location.hasSuffix("servers/small/server.yaml") }, "\(third.problems)")
    }
}
