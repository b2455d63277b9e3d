import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

extension URLSessionConfiguration {
    /// An ephemeral configuration for talking to a remote MCP server: no cookies, no cache,
    /// the given time limit for each request and for the whole resource (long for event
    /// streams that stay open).
    static func remote(timeout: TimeInterval) -> URLSessionConfiguration {
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = timeout
        configuration.timeoutIntervalForResource = timeout
        configuration.httpCookieStorage = nil
        configuration.urlCache = nil
        return configuration
    }

    /// For event streams that stay open for the whole session.
    static var remoteEventStream: URLSessionConfiguration { remote(timeout: 24 * 3600) }
}
