import Foundation
import Synchronization

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// The GET stream of a Streamable HTTP session: what the server sends on its own (its
/// `tools/list_changed`, log messages, pings), read as it arrives. swift-sdk opens none on
/// Linux, so `RemoteTransport` runs this one next to it.
final class RemoteEventStream: NSObject, URLSessionDataDelegate, @unchecked Sendable {
    /// How a stream ended.
    enum End: Sendable {
        /// The server answered with this status instead of a stream (405: it has none).
        case status(Int)
        /// The connection could not be made (the server is gone).
        case unreachable(String)
        /// The stream closed or broke after it was open.
        case closed
    }

    private struct State {
        var buffer = Data()
        var status: Int?
        var session: URLSession?
        var finished = false
    }

    private let state = Mutex(State())
    private let onMessage: @Sendable (Data) -> Void
    private let onEnd: @Sendable (End) -> Void

    init(onMessage: @escaping @Sendable (Data) -> Void, onEnd: @escaping @Sendable (End) -> Void) {
        self.onMessage = onMessage
        self.onEnd = onEnd
    }

    /// Opens `GET url` with the session's headers.
    func start(url: URL, headers: [(String, String)], sessionID: String, protocolVersion: String?) {
        var request = URLRequest(url: url)
        request.httpMethod = "GET"
        request.setValue("text/event-stream", forHTTPHeaderField: "Accept")
        request.setValue("no-cache", forHTTPHeaderField: "Cache-Control")
        request.setValue(sessionID, forHTTPHeaderField: "Mcp-Session-Id")
        if let protocolVersion { request.setValue(protocolVersion, forHTTPHeaderField: "Mcp-Protocol-Version") }
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        let configuration = URLSessionConfiguration.remoteEventStream
        let session = URLSession(configuration: configuration, delegate: self, delegateQueue: nil)
        state.withLock { $0.session = session }
        session.dataTask(with: request).resume()
    }

    /// Closes the stream; `onEnd` is not called afterwards.
    func cancel() {
        let session = state.withLock { state -> URLSession? in
            state.finished = true
            defer { state.session = nil }
            return state.session
        }
        session?.invalidateAndCancel()
    }

    func urlSession(
        _ session: URLSession, dataTask: URLSessionDataTask, didReceive response: URLResponse,
        completionHandler: @escaping @Sendable (URLSession.ResponseDisposition) -> Void
    ) {
        let code = (response as? HTTPURLResponse)?.statusCode ?? 0
        let type = (response as? HTTPURLResponse)?.value(forHTTPHeaderField: "Content-Type") ?? ""
        guard code == 200, type.contains("text/event-stream") else {
            state.withLock { $0.status = code == 200 ? 415 : code }
            completionHandler(.cancel)
            return
        }
        completionHandler(.allow)
    }

    func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive data: Data) {
        let events = state.withLock { state -> Data? in
            state.buffer.append(data.filter { $0 != 0x0d })
            // Everything up to the last blank line is complete events.
            guard let end = Self.lastEventEnd(state.buffer) else { return nil }
            let complete = state.buffer[state.buffer.startIndex..<end]
            state.buffer = Data(state.buffer[end...])
            return Data(complete)
        }
        guard let events else { return }
        for message in SSEPayloads.messages(in: events) where message.first == UInt8(ascii: "{") || message.first == UInt8(ascii: "[") {
            onMessage(message)
        }
    }

    func urlSession(_ session: URLSession, task: URLSessionTask, didCompleteWithError error: Error?) {
        let (status, alreadyFinished) = state.withLock { state -> (Int?, Bool) in
            let was = state.finished
            state.finished = true
            return (state.status, was)
        }
        session.finishTasksAndInvalidate()
        guard !alreadyFinished else { return }
        if let status {
            onEnd(.status(status))
        } else if let error = error as? URLError, [.cannotConnectToHost, .cannotFindHost, .dnsLookupFailed].contains(error.code) {
            onEnd(.unreachable(error.localizedDescription))
        } else {
            onEnd(.closed)
        }
    }

    /// The index just after the last "\n\n" in `data`.
    static func lastEventEnd(_ data: Data) -> Data.Index? {
        var index = data.endIndex
        while index > data.startIndex + 1 {
            index -= 1
            if data[index] == 0x0a, data[index - 1] == 0x0a { return index + 1 }
        }
        return nil
    }
}
