import Foundation

/// One GET the fetcher performs.
public struct HTTPRequest: Sendable, Hashable {
    /// How the on-disk HTTP cache takes part in a request.
    public enum CachePolicy: Sendable, Hashable {
        /// Neither read nor write the cache.
        case noCache
        /// Send a conditional request (`If-None-Match` / `If-Modified-Since`) when a cached copy
        /// exists; a `304` returns the cached body.
        case revalidate
        /// Use a cached copy validated less than this many seconds ago without asking the
        /// server; otherwise revalidate.
        case returnCacheWithin(TimeInterval)
    }

    public var url: URL
    /// Extra request headers (`Accept`…). `User-Agent` and the conditional headers are set by the fetcher.
    public var headers: [String: String]
    public var cachePolicy: CachePolicy

    public init(url: URL, headers: [String: String] = [:], cachePolicy: CachePolicy = .revalidate) {
        self.url = url
        self.headers = headers
        self.cachePolicy = cachePolicy
    }
}

/// What came back for a request, after retries and the cache.
public struct HTTPResponse: Sendable, Hashable {
    /// Where the body came from.
    public enum Origin: Sendable, Hashable {
        /// Downloaded now.
        case network
        /// The server answered `304 Not Modified`; the body is the cached copy.
        case revalidated
        /// Served from the cache without a request (fresh enough for the policy).
        case cache
    }

    /// The final URL (after redirects).
    public var url: URL
    /// The HTTP status. A revalidated or cached response reports the cached status (200).
    public var status: Int
    /// Response headers, names lower-cased.
    public var headers: [String: String]
    public var body: Data
    public var origin: Origin
    /// How many requests were sent (1 without retries, 0 from the cache).
    public var attempts: Int

    public init(url: URL, status: Int, headers: [String: String], body: Data, origin: Origin, attempts: Int) {
        self.url = url
        self.status = status
        self.headers = headers
        self.body = body
        self.origin = origin
        self.attempts = attempts
    }

    /// A 2xx status.
    public var isSuccess: Bool { (200..<300).contains(status) }

    /// A header by name, ignoring case.
    public func header(_ name: String) -> String? { headers[name.lowercased()] }
}

/// Why a request produced no response.
public enum HTTPFetchError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The body was larger than the size cap; the download was cut off.
    case tooLarge(url: String, limit: Int)
    /// The request did not finish within its deadline.
    case timedOut(url: String, seconds: Double)
    /// The connection failed (refused, reset, DNS…).
    case transport(url: String, message: String)
    /// The URL has no host or an unsupported scheme.
    case invalidURL(String)
    /// The server answered, but not with what a source needs (thrown by sources, not the fetcher).
    case unexpectedStatus(url: String, status: Int)

    public var description: String {
        switch self {
        case .tooLarge(let url, let limit): "\(url): response larger than \(limit) bytes, download stopped"
        case .timedOut(let url, let seconds): "\(url): no complete response within \(Self.format(seconds)) s"
        case .transport(let url, let message): "\(url): \(message)"
        case .invalidURL(let url): "\(url): not an http(s) URL"
        case .unexpectedStatus(let url, let status): "\(url): HTTP \(status)"
        }
    }

    private static func format(_ seconds: Double) -> String {
        seconds.rounded() == seconds ? String(Int(seconds)) : String(format: "%.2f", seconds)
    }
}
