import Foundation
import Synchronization

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// A long-lived `GET` of a `text/event-stream`, read as it arrives: what it answered, then
/// its events in order, then how it ended, as one ordered stream of `Output`.
///
/// Redirects are followed only to URLs that pass the `RemoteEndpointPolicy` (this session
/// is our own, so each hop is checked, unlike the SDK's).
final class SSEEventReader: NSObject, URLSessionDataDelegate, @unchecked Sendable {
    /// What the stream reports, in order.
    enum Output: Sendable {
        /// The server answered 200 with an event stream; `url` is where it finally came
        /// from (after redirects).
        case opened(url: URL)
        /// The server answered with this status instead (415: not an event stream).
        case status(Int)
        /// A redirect pointed somewhere the policy refuses.
        case refusedRedirect(RemoteConnectorError)
        /// One event of the stream.
        case event(SSEEventParser.Event)
        /// The stream ended: closed by the server (`nil`) or failed (the reason).
        case ended(reason: String?)
    }

    private let policy: RemoteEndpointPolicy
    private struct State {
        var parser = SSEEventParser()
        var session: URLSession?
        var finished = false
        var redirectError: RemoteConnectorError?
    }

    private let state = Mutex(State())
    private let outputs: AsyncStream<Output>
    private let continuation: AsyncStream<Output>.Continuation

    init(policy: RemoteEndpointPolicy) {
        self.policy = policy
        (outputs, continuation) = AsyncStream<Output>.makeStream()
    }

    /// Opens `GET url` with the headers; the outputs follow on the returned stream.
    func start(url: URL, headers: [(String, String)]) -> AsyncStream<Output> {
        var request = URLRequest(url: url)
        request.httpMethod = "GET"
        request.setValue("text/event-stream", forHTTPHeaderField: "Accept")
        request.setValue("no-cache", forHTTPHeaderField: "Cache-Control")
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        let configuration = URLSessionConfiguration.remoteEventStream
        let session = URLSession(configuration: configuration, delegate: self, delegateQueue: nil)
        state.withLock { $0.session = session }
        session.dataTask(with: request).resume()
        return outputs
    }

    /// Closes the stream; nothing more is reported.
    func cancel() {
        let session = state.withLock { state -> URLSession? in
            state.finished = true
            defer { state.session = nil }
            return state.session
        }
        session?.invalidateAndCancel()
        continuation.finish()
    }

    func urlSession(
        _ session: URLSession, task: URLSessionTask, willPerformHTTPRedirection response: HTTPURLResponse,
        newRequest request: URLRequest, completionHandler: @escaping @Sendable (URLRequest?) -> Void
    ) {
        guard let next = request.url else { return completionHandler(nil) }
        do {
            try policy.check(next)
            completionHandler(request)
        } catch {
            let from = response.url?.absoluteString ?? "the SSE URL"
            let refusal: RemoteConnectorError
            if case .refusedURL(_, let reason)? = error as? RemoteConnectorError {
                refusal = .refusedURL(url: "\(next.absoluteString) (a redirect from \(from))", reason: reason)
            } else {
                refusal = .refusedURL(url: "\(next.absoluteString) (a redirect from \(from))", reason: "\(error)")
            }
            state.withLock { $0.redirectError = refusal }
            completionHandler(nil)
        }
    }

    func urlSession(
        _ session: URLSession, dataTask: URLSessionDataTask, didReceive response: URLResponse,
        completionHandler: @escaping @Sendable (URLSession.ResponseDisposition) -> Void
    ) {
        let http = response as? HTTPURLResponse
        let code = http?.statusCode ?? 0
        let type = http?.value(forHTTPHeaderField: "Content-Type") ?? ""
        let (redirectError, finished) = state.withLock { ($0.redirectError, $0.finished) }
        guard !finished else { return completionHandler(.cancel) }
        if let redirectError {
            continuation.yield(.refusedRedirect(redirectError))
        } else if code != 200 {
            continuation.yield(.status(code))
        } else if !type.lowercased().contains("text/event-stream") {
            continuation.yield(.status(415))
        } else {
            continuation.yield(.opened(url: response.url ?? dataTask.originalRequest?.url ?? URL(fileURLWithPath: "/")))
            return completionHandler(.allow)
        }
        completionHandler(.cancel)
    }

    func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive data: Data) {
        let events = state.withLock { state -> [SSEEventParser.Event] in
            state.finished ? [] : state.parser.feed(data)
        }
        for event in events { continuation.yield(.event(event)) }
    }

    func urlSession(_ session: URLSession, task: URLSessionTask, didCompleteWithError error: Error?) {
        let alreadyFinished = state.withLock { state -> Bool in
            defer { state.finished = true }
            return state.finished
        }
        session.finishTasksAndInvalidate()
        guard !alreadyFinished else { return }
        let reason: String?
        if let error, (error as? URLError)?.code != .cancelled {
            reason = (error as? URLError)?.localizedDescription ?? "\(error)"
        } else {
            reason = nil
        }
        continuation.yield(.ended(reason: reason))
        continuation.finish()
    }
}
