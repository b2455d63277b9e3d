import Foundation
import Synchronization
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// A raw answer from the network, before retries and the cache.
struct HTTPRawResponse: Sendable {
    var url: URL
    var status: Int
    var headers: [String: String]
    var body: Data
}

/// One `URLSession` whose delegate streams each body and cuts it off at a size cap, so a huge
/// or never-ending body is never buffered whole; a deadline per request stops a body that
/// never finishes.
final class HTTPTransport: NSObject, URLSessionDataDelegate, @unchecked Sendable {
    /// The state of one running transfer.
    private struct Transfer {
        let continuation: CheckedContinuation<HTTPRawResponse, any Error>
        let limit: Int
        let url: URL
        var response: HTTPURLResponse?
        var body = Data()
        var failure: HTTPFetchError?

        init(continuation: CheckedContinuation<HTTPRawResponse, any Error>, limit: Int, url: URL) {
            self.continuation = continuation
            self.limit = limit
            self.url = url
        }
    }

    private let transfers = Mutex<[Int: Transfer]>([:])
    private let session = Mutex<URLSession?>(nil)

    override init() {
        super.init()
        let configuration = URLSessionConfiguration.ephemeral
        configuration.urlCache = nil
        configuration.requestCachePolicy = .reloadIgnoringLocalCacheData
        configuration.httpCookieStorage = nil
        configuration.httpShouldSetCookies = false
        let queue = OperationQueue()
        queue.maxConcurrentOperationCount = 1
        let session = URLSession(configuration: configuration, delegate: self, delegateQueue: queue)
        self.session.withLock { $0 = session }
    }

    /// Ends the session once running transfers are done (the session keeps its delegate alive until then).
    func shutdown() {
        session.withLock { $0 }?.finishTasksAndInvalidate()
    }

    /// Sends `request`; fails with `.tooLarge` past `limit` bytes and `.timedOut` after `deadline` seconds.
    func perform(_ request: URLRequest, limit: Int, deadline: TimeInterval) async throws -> HTTPRawResponse {
        guard let session = session.withLock({ $0 }), let url = request.url else {
            throw HTTPFetchError.invalidURL(request.url?.absoluteString ?? "")
        }
        let task = session.dataTask(with: request)
        let identifier = task.taskIdentifier
        let timer = Task { [weak self] in
            try await Task.sleep(nanoseconds: UInt64(max(0.001, deadline) * 1_000_000_000))
            self?.fail(identifier, task: task, with: .timedOut(url: url.absoluteString, seconds: deadline))
        }
        defer { timer.cancel() }
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                transfers.withLock {
                    $0[identifier] = Transfer(continuation: continuation, limit: limit, url: url)
                }
                task.resume()
            }
        } onCancel: {
            task.cancel()
        }
    }

    private func fail(_ identifier: Int, task: URLSessionTask, with failure: HTTPFetchError) {
        let found = transfers.withLock { transfers -> Bool in
            guard transfers[identifier] != nil else { return false }
            if transfers[identifier]?.failure == nil { transfers[identifier]?.failure = failure }
            return true
        }
        if found { task.cancel() }
    }

    // MARK: URLSessionDataDelegate

    func urlSession(
        _ session: URLSession, dataTask: URLSessionDataTask, didReceive response: URLResponse,
        completionHandler: @escaping (URLSession.ResponseDisposition) -> Void
    ) {
        let allow = transfers.withLock { transfers -> Bool in
            guard var transfer = transfers[dataTask.taskIdentifier] else { return false }
            defer { transfers[dataTask.taskIdentifier] = transfer }
            transfer.response = response as? HTTPURLResponse
            if response.expectedContentLength > Int64(transfer.limit) {
                transfer.failure = .tooLarge(url: transfer.url.absoluteString, limit: transfer.limit)
                return false
            }
            return true
        }
        completionHandler(allow ? .allow : .cancel)
    }

    func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive data: Data) {
        let overflow = transfers.withLock { transfers -> Bool in
            let id = dataTask.taskIdentifier
            guard let transfer = transfers[id], transfer.failure == nil else { return false }
            // Appended in place (a copy of the transfer would copy its body).
            transfers[id]?.body.append(data)
            if (transfers[id]?.body.count ?? 0) > transfer.limit {
                transfers[id]?.failure = .tooLarge(url: transfer.url.absoluteString, limit: transfer.limit)
                transfers[id]?.body = Data()
                return true
            }
            return false
        }
        if overflow { dataTask.cancel() }
    }

    func urlSession(_ session: URLSession, task: URLSessionTask, didCompleteWithError error: (any Error)?) {
        guard let transfer = transfers.withLock({ $0.removeValue(forKey: task.taskIdentifier) }) else { return }
        if let failure = transfer.failure {
            transfer.continuation.resume(throwing: failure)
        } else if let error {
            if let urlError = error as? URLError, urlError.code == .cancelled {
                transfer.continuation.resume(throwing: CancellationError())
            } else if let urlError = error as? URLError, urlError.code == .timedOut {
                transfer.continuation.resume(throwing: HTTPFetchError.timedOut(url: transfer.url.absoluteString, seconds: task.originalRequest?.timeoutInterval ?? 0))
            } else {
                transfer.continuation.resume(throwing: HTTPFetchError.transport(url: transfer.url.absoluteString, message: error.localizedDescription))
            }
        } else if let response = transfer.response {
            var headers: [String: String] = [:]
            for (key, value) in response.allHeaderFields {
                if let key = key as? String, let value = value as? String { headers[key.lowercased()] = value }
            }
            transfer.continuation.resume(returning: HTTPRawResponse(
                url: response.url ?? transfer.url, status: response.statusCode, headers: headers, body: transfer.body
            ))
        } else {
            transfer.continuation.resume(throwing: HTTPFetchError.transport(url: transfer.url.absoluteString, message: "no HTTP response"))
        }
    }
}
