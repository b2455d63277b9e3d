import Foundation
import TestSupport
import XCTest
@testable import CatalogSources

final class HTTPFetcherTests: XCTestCase {
    private var server: LoopbackHTTPServer!
    private var cacheDirectory: URL!

    override func setUpWithError() throws {
        server = try LoopbackHTTPServer()
        cacheDirectory = try TemporaryDirectory(prefix: "http-cache").url
    }

    override func tearDown() {
        server.stop()
        try? FileManager.default.removeItem(at: cacheDirectory)
    }

    /// Small limits so the suite stays fast.
    private func makeFetcher(
        maxConcurrent: Int = 4, maxBytes: Int = 64 * 1024, deadline: TimeInterval = 2, maxAttempts: Int = 3, cache: Bool = true
    ) -> HTTPFetcher {
        let configuration = HTTPFetcher.Configuration(
            maxConcurrentPerHost: maxConcurrent, minimumInterval: 0, requestTimeout: 5, deadline: deadline,
            maxResponseBytes: maxBytes, maxAttempts: maxAttempts, backoffBase: 0.05, maxRetryDelay: 1.5
        )
        return HTTPFetcher(configuration: configuration, cache: cache ? HTTPCache(directory: cacheDirectory) : nil)
    }

    func testSendsProjectUserAgent() async throws {
        try server.setRoutes(["/hello": [.html("<p>hi</p>")]])
        let fetcher = makeFetcher()
        defer { fetcher.shutdown() }
        let response = try await fetcher.get(server.url("/hello"))
        XCTAssertEqual(response.status, 200)
        XCTAssertEqual(String(decoding: response.body, as: UTF8.self), "<p>hi</p>")
        let agent = try XCTUnwrap(server.requests(to: "/hello").first?.headers["user-agent"])
        XCTAssertTrue(agent.hasPrefix("mcp-registry/\(HTTPFetcher.projectVersion) (+https://"), agent)
    }

    func testHonoursRetryAfterOn429() async throws {
        try server.setRoutes(["/limited": [
            LoopbackHTTPServer.Response(status: 429, headers: ["Retry-After": "1"], body: "slow down"),
            .json(#"{"ok": true}"#),
        ]])
        let fetcher = makeFetcher()
        defer { fetcher.shutdown() }
        let response = try await fetcher.get(server.url("/limited"))
        XCTAssertEqual(response.status, 200)
        XCTAssertEqual(response.attempts, 2)
        XCTAssertEqual(server.requests(to: "/limited").count, 2)
    }

    func testRetryAfterAsHTTPDateOn503() async throws {
        let date = RetryAfter.format(Date().addingTimeInterval(1))
        try server.setRoutes(["/busy": [
            LoopbackHTTPServer.Response(status: 503, headers: ["Retry-After": date]),
            .json("[]"),
        ]])
        let fetcher = makeFetcher()
        defer { fetcher.shutdown() }
        let response = try await fetcher.get(server.url("/busy"))
        XCTAssertEqual(response.status, 200)
        XCTAssertEqual(response.attempts, 2)
    }

    func testParsesRetryAfterForms() throws {
        let now = try XCTUnwrap(RetryAfter.httpDate("Sun, 06 Nov 1994 08:49:37 GMT"))
        XCTAssertEqual(RetryAfter.delay("120", now: now), 120)
        XCTAssertEqual(RetryAfter.delay("Sun, 06 Nov 1994 08:50:37 GMT", now: now), 60)
        XCTAssertEqual(RetryAfter.delay("Sunday, 06-Nov-94 08:49:47 GMT", now: now), 10)
        XCTAssertEqual(RetryAfter.delay("Sun Nov  6 08:49:57 1994", now: now), 20)
        XCTAssertEqual(RetryAfter.delay("Sat, 05 Nov 1994 08:49:37 GMT", now: now), 0, "a date in the past means now")
        XCTAssertNil(RetryAfter.delay("soon", now: now))
        XCTAssertNil(RetryAfter.delay(nil, now: now))
    }

    func testBacksOffOn5xxThenSucceeds() async throws {
        try server.setRoutes(["/flaky": [
            LoopbackHTTPServer.Response(status: 500, body: "oops"),
            LoopbackHTTPServer.Response(status: 502, body: "bad gateway"),
            .json(#"{"servers": []}"#),
        ]])
        let fetcher = makeFetcher(maxAttempts: 4)
        defer { fetcher.shutdown() }
        let response = try await fetcher.get(server.url("/flaky"))
        XCTAssertEqual(response.status, 200)
        XCTAssertEqual(response.attempts, 3)
    }

    func testGivesUpAfterBoundedTries() async throws {
        try server.setRoutes(["/down": [LoopbackHTTPServer.Response(status: 500, body: "down")]])
        let fetcher = makeFetcher(maxAttempts: 3)
        defer { fetcher.shutdown() }
        let response = try await fetcher.get(server.url("/down"))
        XCTAssertEqual(response.status, 500)
        XCTAssertFalse(response.isSuccess)
        XCTAssertEqual(server.requests(to: "/down").count, 3)
    }

    func testDoesNotRetryClientErrors() async throws {
        try server.setRoutes(["/missing-on-purpose": [LoopbackHTTPServer.Response(status: 404, body: "no")]])
        let fetcher = makeFetcher()
        defer { fetcher.shutdown() }
        let response = try await fetcher.get(server.url("/missing-on-purpose"))
        XCTAssertEqual(response.status, 404)
        XCTAssertEqual(server.requests(to: "/missing-on-purpose").count, 1)
    }

    func testCutsOffBodyLargerThanCapWithContentLength() async throws {
        try server.setRoutes(["/huge": [LoopbackHTTPServer.Response(size: 20 * 1024 * 1024, contentLength: true)]])
        let fetcher = makeFetcher(maxBytes: 256 * 1024)
        defer { fetcher.shutdown() }
        do {
            _ = try await fetcher.get(server.url("/huge"))
            XCTFail("a 20 MB body must not be accepted under a 256 KB cap")
        } catch let error as HTTPFetchError {
            guard case .tooLarge(_, let limit) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(limit, 256 * 1024)
        }
        XCTAssertNil(HTTPCache(directory: cacheDirectory).entry(for: server.url("/huge")))
    }

    func testCutsOffStreamedBodyWithoutContentLength() async throws {
        try server.setRoutes(["/stream": [LoopbackHTTPServer.Response(size: 20 * 1024 * 1024, contentLength: false)]])
        let fetcher = makeFetcher(maxBytes: 256 * 1024)
        defer { fetcher.shutdown() }
        do {
            _ = try await fetcher.get(server.url("/stream"))
            XCTFail("a streamed 20 MB body must be cut off")
        } catch let error as HTTPFetchError {
            guard case .tooLarge = error else { return XCTFail("\(error)") }
        }
    }

    func testBodyThatNeverFinishesHitsTheDeadline() async throws {
        try server.setRoutes(["/forever": [LoopbackHTTPServer.Response(neverFinish: true)]])
        let fetcher = makeFetcher(deadline: 1)
        defer { fetcher.shutdown() }
        do {
            _ = try await fetcher.get(server.url("/forever"))
            XCTFail("a body that never ends must time out")
        } catch let error as HTTPFetchError {
            guard case .timedOut = error else { return XCTFail("\(error)") }
        }
    }

    func testConditionalRequestWithETagUses304() async throws {
        try server.setRoutes(["/page": [.html("<h1>v1</h1>", etag: "\"abc\"")]])
        let fetcher = makeFetcher()
        defer { fetcher.shutdown() }
        let first = try await fetcher.get(server.url("/page"))
        XCTAssertEqual(first.origin, .network)
        let second = try await fetcher.get(server.url("/page"))
        XCTAssertEqual(second.origin, .revalidated)
        XCTAssertEqual(second.status, 200)
        XCTAssertEqual(String(decoding: second.body, as: UTF8.self), "<h1>v1</h1>")
        let requests = server.requests(to: "/page")
        XCTAssertEqual(requests.count, 2)
        XCTAssertNil(requests[0].headers["if-none-match"])
        XCTAssertEqual(requests[1].headers["if-none-match"], "\"abc\"")
    }

    func testConditionalRequestWithLastModifiedUses304() async throws {
        let stamp = "Tue, 03 Nov 2026 10:00:00 GMT"
        try server.setRoutes(["/dated": [.html("<h1>dated</h1>", lastModified: stamp)]])
        let fetcher = makeFetcher()
        defer { fetcher.shutdown() }
        _ = try await fetcher.get(server.url("/dated"))
        let second = try await fetcher.get(server.url("/dated"))
        XCTAssertEqual(second.origin, .revalidated)
        XCTAssertEqual(server.requests(to: "/dated").last?.headers["if-modified-since"], stamp)
    }

    func testChangedPageReplacesCachedCopy() async throws {
        try server.setRoutes(["/page": [.html("<h1>v1</h1>", etag: "\"v1\"")]])
        let fetcher = makeFetcher()
        defer { fetcher.shutdown() }
        _ = try await fetcher.get(server.url("/page"))
        try server.setRoutes(["/page": [.html("<h1>v2</h1>", etag: "\"v2\"")]])
        let second = try await fetcher.get(server.url("/page"))
        XCTAssertEqual(second.origin, .network)
        XCTAssertEqual(String(decoding: second.body, as: UTF8.self), "<h1>v2</h1>")
        XCTAssertEqual(HTTPCache(directory: cacheDirectory).entry(for: server.url("/page"))?.etag, "\"v2\"")
    }

    func testFreshCacheEntryIsUsedWithoutRequest() async throws {
        try server.setRoutes(["/fresh": [.html("<h1>fresh</h1>", etag: "\"f\"")]])
        let fetcher = makeFetcher()
        defer { fetcher.shutdown() }
        _ = try await fetcher.get(server.url("/fresh"))
        let again = try await fetcher.fetch(HTTPRequest(url: server.url("/fresh"), cachePolicy: .returnCacheWithin(3600)))
        XCTAssertEqual(again.origin, .cache)
        XCTAssertEqual(again.attempts, 0)
        XCTAssertEqual(server.requests(to: "/fresh").count, 1)
    }

    func testCorruptCacheEntryIsIgnored() async throws {
        try server.setRoutes(["/page": [.html("<h1>ok</h1>", etag: "\"e\"")]])
        let fetcher = makeFetcher()
        defer { fetcher.shutdown() }
        _ = try await fetcher.get(server.url("/page"))
        let cache = HTTPCache(directory: cacheDirectory)
        let file = cache.file(for: server.url("/page"))
        XCTAssertTrue(FileManager.default.fileExists(atPath: file.path))
        // Truncate the stored body: the checksum no longer matches.
        let data = try Data(contentsOf: file)
        try data.prefix(data.count - 3).write(to: file)

        let response = try await fetcher.get(server.url("/page"))
        XCTAssertEqual(response.origin, .network)
        XCTAssertEqual(String(decoding: response.body, as: UTF8.self), "<h1>ok</h1>")
        XCTAssertNil(server.requests(to: "/page").last?.headers["if-none-match"], "a corrupt entry must not be revalidated")
        XCTAssertNotNil(cache.entry(for: server.url("/page")), "the entry is rewritten")
    }

    func testCacheEntriesExpireByTimeToLive() throws {
        let cache = HTTPCache(directory: cacheDirectory, timeToLive: 60)
        let url = URL(string: "http://example.invalid/x")!
        let then = Date(timeIntervalSince1970: 1_000_000)
        try cache.store(HTTPCacheEntry(url: url.absoluteString, status: 200, headers: [:], etag: "\"1\"", lastModified: nil, storedAt: then, validatedAt: then, body: Data("x".utf8)))
        XCTAssertNotNil(cache.entry(for: url, now: then.addingTimeInterval(30)))
        XCTAssertNil(cache.entry(for: url, now: then.addingTimeInterval(61)))
        XCTAssertFalse(FileManager.default.fileExists(atPath: cache.file(for: url).path), "an expired entry is removed")
    }

    func testMetadataReadsTheHeaderAndPruneRemovesExpiredAndCorruptEntries() throws {
        let cache = HTTPCache(directory: cacheDirectory, timeToLive: 60)
        let now = Date()
        let fresh = URL(string: "http://example.invalid/fresh")!
        let old = URL(string: "http://example.invalid/old")!
        let broken = URL(string: "http://example.invalid/broken")!
        for (url, date) in [(fresh, now), (old, now.addingTimeInterval(-120)), (broken, now)] {
            try cache.store(HTTPCacheEntry(url: url.absoluteString, status: 200, headers: [:], etag: "\"e\"", lastModified: nil, storedAt: date, validatedAt: date, body: Data("body".utf8)))
        }
        try Data("garbage".utf8).write(to: cache.file(for: broken))
        XCTAssertEqual(cache.metadata(for: fresh, now: now)?.etag, "\"e\"")
        XCTAssertNil(cache.metadata(for: old, now: now))
        XCTAssertNil(cache.metadata(for: broken, now: now))

        XCTAssertEqual(cache.prune(now: now), 2)
        XCTAssertNotNil(cache.entry(for: fresh, now: now))
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: cacheDirectory.path).filter { $0.hasSuffix(".entry") }.count, 1)
    }

    func testCacheLivesUnderCacheHTTP() {
        let paths = RegistryPathsFixture.paths(root: cacheDirectory)
        XCTAssertEqual(HTTPCache(paths: paths).directory.path, cacheDirectory.appendingPathComponent("cache/http").path)
    }

    func testPerHostConcurrencyCap() async throws {
        try server.setRoutes(["/slow": [LoopbackHTTPServer.Response(body: "ok", delay: 0.2)]])
        let fetcher = makeFetcher(maxConcurrent: 2, cache: false)
        defer { fetcher.shutdown() }
        let server = self.server!
        let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
            for index in 0..<6 {
                group.addTask { try await fetcher.get(server.url("/slow?n=\(index)")).status }
            }
            return try await group.reduce(into: [Int]()) { $0.append($1) }
        }
        XCTAssertEqual(statuses, Array(repeating: 200, count: 6))
        XCTAssertEqual(server.requests(to: "/slow").count, 6)
        XCTAssertLessThanOrEqual(server.maxConcurrentRequests(), 2)
    }

    func testConnectionRefusedIsATransportError() async throws {
        let port = server.port
        server.stop()
        let fetcher = makeFetcher()
        defer { fetcher.shutdown() }
        do {
            _ = try await fetcher.get(URL(string: "http://127.0.0.1:\(port)/gone")!)
            XCTFail("nothing listens any more")
        } catch let error as HTTPFetchError {
            guard case .transport = error else { return XCTFail("\(error)") }
        }
    }
}
