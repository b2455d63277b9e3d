import Foundation

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// Checks where a remote endpoint redirects before the MCP session starts.
///
/// swift-sdk's `HTTPClientTransport` follows redirects inside its own `URLSession`, where
/// they cannot be checked. So before connecting, the endpoint is probed with a `HEAD`
/// request (no credentials sent, redirects not followed): each `Location` it points to
/// must pass the same `RemoteEndpointPolicy` (https only, no internal addresses unless
/// allowed), up to five hops, and the session then starts at the final URL. A redirect
/// that the server only gives on later requests (a `POST` after the probe) is still
/// followed by the SDK unchecked.
struct RemoteRedirects {
    var policy: RemoteEndpointPolicy
    var timeout: Double = 10
    static let maximumHops = 5

    /// The URL the endpoint finally leads to (itself when it does not redirect or the probe
    /// gets no answer: connecting then reports the real error).
    func resolve(_ url: URL) async throws -> URL {
        let configuration = URLSessionConfiguration.remote(timeout: timeout)
        let session = URLSession(configuration: configuration, delegate: RedirectRefuser(), delegateQueue: nil)
        defer { session.finishTasksAndInvalidate() }
        var current = url
        for _ in 0...Self.maximumHops {
            var request = URLRequest(url: current)
            request.httpMethod = "HEAD"
            guard let (_, response) = try? await session.data(for: request),
                let http = response as? HTTPURLResponse,
                [301, 302, 303, 307, 308].contains(http.statusCode),
                let location = http.value(forHTTPHeaderField: "Location"),
                let next = URL(string: location, relativeTo: current)?.absoluteURL
            else { return current }
            do {
                try policy.check(next)
            } catch let error as RemoteConnectorError {
                if case .refusedURL(_, let reason) = error {
                    throw RemoteConnectorError.refusedURL(url: "\(next.absoluteString) (a redirect from \(current.absoluteString))", reason: reason)
                }
                throw error
            }
            current = next
        }
        throw RemoteConnectorError.refusedURL(url: url.absoluteString, reason: "it redirects more than \(Self.maximumHops) times")
    }
}

/// Makes a session hand back a redirect response instead of following it.
final class RedirectRefuser: NSObject, URLSessionTaskDelegate, @unchecked Sendable {
    func urlSession(
        _ session: URLSession, task: URLSessionTask, willPerformHTTPRedirection response: HTTPURLResponse,
        newRequest request: URLRequest, completionHandler: @escaping @Sendable (URLRequest?) -> Void
    ) {
        completionHandler(nil)
    }
}
