import Foundation
import Logging
import MCP

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// Streamable HTTP to a remote server: swift-sdk's `HTTPClientTransport`, with three things
/// added around it.
///
/// - **SSE bodies become messages.** On Linux the SDK reads each POST response whole and,
///   when the server answers with `text/event-stream` (most servers do), hands the raw SSE
///   text to `Client`, which cannot decode it. Here such a body is split into its events and
///   each `data:` payload is passed on as one JSON-RPC message (responses, and the progress
///   or log notifications the server sent before them).
/// - **Drops are reported.** A request that cannot reach the server (connection refused or
///   lost), or that the server answers with 404 for our session (it restarted and forgot
///   it), calls `onDrop` once, so the gateway restarts the child with back-off like a
///   container that exited.
/// - **The negotiated protocol version** is handed to the SDK transport (its `Client` only
///   does that when the transport is an `HTTPClientTransport` itself).
///
/// - **The server's own messages** (its `tools/list_changed`, pings) arrive on a GET event
///   stream opened once the session exists (`RemoteEventStream`; the SDK opens none on
///   Linux). It is opened again when it closes; a server that offers none (405) is fine;
///   a server that cannot be reached any more counts as a drop, so reconnecting starts
///   without waiting for a call.
///
/// Closing ends the session at the server (`DELETE`, best effort).
///
/// Not covered: redirects met after the start-up probe are followed by the SDK's
/// `URLSession` unchecked (see `RemoteRedirects`).
actor RemoteTransport: Transport {
    nonisolated let logger: Logger
    private let inner: HTTPClientTransport
    private let endpoint: URL
    private let headers: [(String, String)]
    private let host: String
    private let onDrop: @Sendable (String) -> Void
    private let onUnauthorized: @Sendable (String) -> RemoteConnectorError
    private let stream: AsyncThrowingStream<Data, Swift.Error>
    private let continuation: AsyncThrowingStream<Data, Swift.Error>.Continuation
    private var pump: Task<Void, Never>?
    private var connected = false
    private var events: RemoteEventStream?
    private var eventStreamOffered = true
    private var eventStreamCloses = 0
    private var eventStreamOpenedAt = Date()

    init(
        inner: HTTPClientTransport,
        endpoint: URL,
        headers: [(String, String)],
        host: String,
        onDrop: @escaping @Sendable (String) -> Void,
        onUnauthorized: @escaping @Sendable (String) -> RemoteConnectorError
    ) {
        self.inner = inner
        self.endpoint = endpoint
        self.headers = headers
        self.host = host
        self.onDrop = onDrop
        self.onUnauthorized = onUnauthorized
        self.logger = Logger(label: "mcp-registry.remote-transport")
        (stream, continuation) = AsyncThrowingStream<Data, Swift.Error>.makeStream()
    }

    func connect() async throws {
        guard pump == nil else { return }
        try await inner.connect()
        connected = true
        let inner = self.inner
        let continuation = self.continuation
        pump = Task {
            var negotiated = false
            do {
                for try await body in await inner.receive() {
                    for message in SSEPayloads.messages(in: body) {
                        if !negotiated, let version = Self.negotiatedVersion(message) {
                            negotiated = true
                            await inner.updateNegotiatedProtocolVersion(version)
                            continuation.yield(message)
                            await self.openEventStream()
                            continue
                        }
                        continuation.yield(message)
                    }
                }
                continuation.finish()
            } catch {
                continuation.finish(throwing: error)
            }
        }
    }

    func disconnect() async {
        let wasConnected = connected
        connected = false
        events?.cancel()
        events = nil
        if wasConnected, let sessionID = await inner.sessionID {
            await endSession(sessionID)
        }
        await inner.disconnect()
        pump?.cancel()
        continuation.finish()
    }

    func send(_ data: Data) async throws {
        do {
            try await inner.send(data)
        } catch {
            throw classify(error)
        }
    }

    func receive() -> AsyncThrowingStream<Data, Swift.Error> { stream }

    /// Tells the server the session is over (`DELETE` with its id), best effort, within 2 s.
    private func endSession(_ sessionID: String) async {
        var request = URLRequest(url: endpoint, timeoutInterval: 2)
        request.httpMethod = "DELETE"
        request.setValue(sessionID, forHTTPHeaderField: "Mcp-Session-Id")
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = 2
        configuration.timeoutIntervalForResource = 2
        let session = URLSession(configuration: configuration)
        defer { session.finishTasksAndInvalidate() }
        _ = try? await session.data(for: request)
    }

    // MARK: - The GET event stream

    private func openEventStream() async {
        guard connected, eventStreamOffered, events == nil, let sessionID = await inner.sessionID else { return }
        let version = await inner.protocolVersion
        let continuation = self.continuation
        let stream = RemoteEventStream(
            onMessage: { message in continuation.yield(message) },
            onEnd: { [weak self] end in Task { await self?.eventStreamEnded(end) } })
        events = stream
        eventStreamOpenedAt = Date()
        stream.start(url: endpoint, headers: headers, sessionID: sessionID, protocolVersion: version)
    }

    private func eventStreamEnded(_ end: RemoteEventStream.End) async {
        events = nil
        guard connected else { return }
        switch end {
        case .status(let code):
            // 405: the server offers no stream; anything else: leave it to the requests.
            eventStreamOffered = false
            logger.debug("no event stream", metadata: ["host": "\(host)", "status": "\(code)"])
        case .unreachable(let reason):
            onDrop("the connection to \(host) failed (\(reason))")
        case .closed:
            // Closed soon after opening: wait longer each time (up to 30 s).
            eventStreamCloses = Date().timeIntervalSince(eventStreamOpenedAt) > 10 ? 0 : eventStreamCloses + 1
            let delay = min(30, 0.25 * pow(2, Double(min(eventStreamCloses, 8))))
            try? await Task.sleep(nanoseconds: UInt64(delay * 1_000_000_000))
            await openEventStream()
        }
    }

    /// Reports drops and turns the SDK's errors into readable ones.
    private func classify(_ error: Error) -> Error {
        if let urlError = error as? URLError {
            switch urlError.code {
            case .cancelled:
                return error
            case .timedOut:
                return RemoteConnectorError.unreachable(host: host, reason: "the request timed out")
            default:
                let reason = "the connection to \(host) failed (\(urlError.localizedDescription))"
                onDrop(reason)
                return RemoteConnectorError.unreachable(host: host, reason: urlError.localizedDescription)
            }
        }
        if let mcpError = error as? MCPError, case .internalError(let message?) = mcpError {
            switch message {
            case "Session expired":
                onDrop("\(host) no longer knows the session (the server restarted)")
                return RemoteConnectorError.unreachable(host: host, reason: "the server restarted and forgot the session")
            case "Authentication required":
                return onUnauthorized("401 Unauthorized")
            case "Access forbidden":
                return onUnauthorized("403 Forbidden")
            default:
                return error
            }
        }
        return error
    }

    /// The protocol version in an `initialize` result.
    static func negotiatedVersion(_ message: Data) -> String? {
        guard message.count < 1_000_000,
            let object = try? JSONSerialization.jsonObject(with: message) as? [String: Any],
            let result = object["result"] as? [String: Any],
            result["serverInfo"] != nil,
            let version = result["protocolVersion"] as? String
        else { return nil }
        return version
    }
}
