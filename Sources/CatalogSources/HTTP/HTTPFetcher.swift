import Foundation
import Logging
import RegistryCore
import Synchronization
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// The polite HTTP client the HTTP sources share: per-host concurrency cap and spacing,
/// `Retry-After` on 429/503, exponential back-off on 5xx, a response size cap, a deadline per
/// request, and conditional requests backed by the on-disk `HTTPCache`.
public final class HTTPFetcher: Sendable {
    /// The project version named in the `User-Agent`.
    public static let projectVersion = "0.1.0"
    /// `mcp-registry/<version> (+<project URL>)`.
    public static let defaultUserAgent = "mcp-registry/\(projectVersion) (+https://github.com/mcp-registry/mcp-registry)"

    /// How the fetcher behaves; every limit can be made small for tests.
    public struct Configuration: Sendable, Hashable {
        /// Requests in flight per host.
        public var maxConcurrentPerHost: Int
        /// Seconds between the starts of two requests to the same host.
        public var minimumInterval: TimeInterval
        /// Seconds without progress before a request fails (passed to `URLRequest.timeoutInterval`).
        public var requestTimeout: TimeInterval
        /// Seconds one request may take in all, body included.
        public var deadline: TimeInterval
        /// Bodies larger than this are cut off and fail with `.tooLarge`.
        public var maxResponseBytes: Int
        /// Requests sent at most for one fetch (first try plus retries) on 429, 503 and 5xx.
        public var maxAttempts: Int
        /// First back-off delay on 5xx (doubled per retry).
        public var backoffBase: TimeInterval
        /// The longest wait for one retry, whatever `Retry-After` asks.
        public var maxRetryDelay: TimeInterval
        public var userAgent: String

        public init(
            maxConcurrentPerHost: Int = 4,
            minimumInterval: TimeInterval = 0.1,
            requestTimeout: TimeInterval = 30,
            deadline: TimeInterval = 120,
            maxResponseBytes: Int = 5 * 1024 * 1024,
            maxAttempts: Int = 4,
            backoffBase: TimeInterval = 1,
            maxRetryDelay: TimeInterval = 60,
            userAgent: String = HTTPFetcher.defaultUserAgent
        ) {
            self.maxConcurrentPerHost = maxConcurrentPerHost
            self.minimumInterval = minimumInterval
            self.requestTimeout = requestTimeout
            self.deadline = deadline
            self.maxResponseBytes = maxResponseBytes
            self.maxAttempts = maxAttempts
            self.backoffBase = backoffBase
            self.maxRetryDelay = maxRetryDelay
            self.userAgent = userAgent
        }
    }

    public let configuration: Configuration
    /// The on-disk cache, when there is one.
    public let cache: HTTPCache?
    private let throttle: HostThrottle
    private let transport: HTTPTransport
    private let logger = Logger(label: "mcp-registry.http")

    public init(configuration: Configuration = Configuration(), cache: HTTPCache? = nil) {
        self.configuration = configuration
        self.cache = cache
        self.throttle = HostThrottle(maxConcurrent: configuration.maxConcurrentPerHost, minimumInterval: configuration.minimumInterval)
        self.transport = HTTPTransport()
    }

    /// A fetcher with its cache under `paths.cacheDirectory/http`.
    public convenience init(paths: RegistryPaths, configuration: Configuration = Configuration()) {
        self.init(configuration: configuration, cache: HTTPCache(paths: paths))
    }

    /// The fetcher every HTTP source of one data folder shares (one cache, one throttle per host).
    public static func shared(paths: RegistryPaths) -> HTTPFetcher {
        SharedFetchers.instance.fetcher(for: paths)
    }

    /// Ends the underlying session after running requests finish; the fetcher is unusable afterwards.
    public func shutdown() { transport.shutdown() }

    /// GETs `url` with the default cache policy (`.revalidate`).
    public func get(_ url: URL, headers: [String: String] = [:]) async throws -> HTTPResponse {
        try await fetch(HTTPRequest(url: url, headers: headers))
    }

    /// Performs `request`: from the cache when fresh enough, else over the network (conditional
    /// when a copy is cached), with retries. Any final status is returned; only transport
    /// failures, the size cap and the deadline throw.
    public func fetch(_ request: HTTPRequest) async throws -> HTTPResponse {
        guard let scheme = request.url.scheme?.lowercased(), scheme == "http" || scheme == "https", request.url.host != nil else {
            throw HTTPFetchError.invalidURL(request.url.absoluteString)
        }
        let useCache = request.cachePolicy != .noCache
        let cached = useCache ? cache?.entry(for: request.url) : nil
        if let cached, case .returnCacheWithin(let maxAge) = request.cachePolicy, Date().timeIntervalSince(cached.validatedAt) < maxAge {
            return HTTPResponse(url: request.url, status: cached.status, headers: cached.headers, body: cached.body, origin: .cache, attempts: 0)
        }

        var headers = request.headers
        if let cached {
            if let etag = cached.etag { headers["If-None-Match"] = etag }
            if let lastModified = cached.lastModified { headers["If-Modified-Since"] = lastModified }
        }
        let (raw, attempts) = try await send(request.url, headers: headers)

        if raw.status == 304, var cached {
            cached.validatedAt = Date()
            if let etag = raw.headers["etag"] { cached.etag = etag }
            if let lastModified = raw.headers["last-modified"] { cached.lastModified = lastModified }
            try? cache?.store(cached)
            return HTTPResponse(url: raw.url, status: cached.status, headers: cached.headers, body: cached.body, origin: .revalidated, attempts: attempts)
        }
        if useCache, raw.status == 200, let cache {
            let now = Date()
            let kept = raw.headers.filter { ["content-type", "etag", "last-modified", "date"].contains($0.key) }
            let entry = HTTPCacheEntry(
                url: request.url.absoluteString, status: raw.status, headers: kept,
                etag: raw.headers["etag"], lastModified: raw.headers["last-modified"],
                storedAt: now, validatedAt: now, body: raw.body
            )
            do { try cache.store(entry) } catch {
                logger.warning("could not write the HTTP cache", metadata: ["url": "\(request.url.absoluteString)", "error": "\(error)"])
            }
        }
        return HTTPResponse(url: raw.url, status: raw.status, headers: raw.headers, body: raw.body, origin: .network, attempts: attempts)
    }

    /// Sends the request with the host's throttle, retrying 429/503 (after `Retry-After`) and
    /// other 5xx (exponential back-off) up to `maxAttempts` requests.
    private func send(_ url: URL, headers: [String: String]) async throws -> (HTTPRawResponse, Int) {
        let host = (url.host ?? "").lowercased() + ":" + String(url.port ?? (url.scheme == "https" ? 443 : 80))
        var request = URLRequest(url: url, cachePolicy: .reloadIgnoringLocalCacheData, timeoutInterval: configuration.requestTimeout)
        request.httpMethod = "GET"
        request.setValue(configuration.userAgent, forHTTPHeaderField: "User-Agent")
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }

        var attempt = 0
        while true {
            attempt += 1
            try Task.checkCancellation()
            await throttle.acquire(host)
            let raw: HTTPRawResponse
            do {
                raw = try await transport.perform(request, limit: configuration.maxResponseBytes, deadline: configuration.deadline)
                await throttle.release(host)
            } catch {
                await throttle.release(host)
                throw error
            }
            guard attempt < max(1, configuration.maxAttempts), raw.status == 429 || (500...599).contains(raw.status) else {
                return (raw, attempt)
            }
            let backoff = configuration.backoffBase * pow(2, Double(attempt - 1))
            var delay = backoff
            if raw.status == 429 || raw.status == 503, let asked = RetryAfter.delay(raw.headers["retry-after"]) {
                delay = asked
            }
            delay = min(delay, configuration.maxRetryDelay)
            logger.info("retrying", metadata: ["url": "\(url.absoluteString)", "status": "\(raw.status)", "delay": "\(delay)"])
            if raw.status == 429 || raw.status == 503 {
                await throttle.pause(host, for: delay)
            }
            try await Task.sleep(nanoseconds: UInt64(max(0, delay) * 1_000_000_000))
        }
    }
}

/// The shared fetchers, one per cache folder.
private final class SharedFetchers: Sendable {
    static let instance = SharedFetchers()
    private let fetchers = Mutex<[String: HTTPFetcher]>([:])

    func fetcher(for paths: RegistryPaths) -> HTTPFetcher {
        fetchers.withLock { fetchers in
            let key = paths.cacheDirectory.standardizedFileURL.path
            if let fetcher = fetchers[key] { return fetcher }
            let fetcher = HTTPFetcher(paths: paths)
            fetchers[key] = fetcher
            if let cache = fetcher.cache {
                // Expired and corrupt entries go once per process, off the caller's path.
                Task.detached(priority: .background) { cache.prune() }
            }
            return fetcher
        }
    }
}
