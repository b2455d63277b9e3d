import Foundation
import Logging
import MCP

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// The legacy HTTP+SSE transport (MCP 2024-11-05) to a remote server; swift-sdk has no
/// client for it.
///
/// - `connect` opens `GET` on the SSE URL (with the entry's headers) and waits for the
///   server's `endpoint` event: its data is the URL (relative or absolute) to `POST`
///   messages to. It is resolved against the SSE URL and must be on the same origin and
///   pass the `RemoteEndpointPolicy`, since the headers (secrets) go there too.
/// - `send` POSTs each JSON-RPC message there with the headers; any 2xx is fine (the answer
///   comes on the stream, the body is ignored). Redirects of a POST are not followed.
/// - `receive` yields the data of every `message` event of the stream.
/// - The stream is the session: when it closes or breaks, or a POST meets a refused
///   connection or a 404 (the server restarted and forgot the session), `onDrop` is called
///   once, so the gateway reconnects with back-off, as for Streamable HTTP.
actor SSEClientTransport: Transport {
    nonisolated let logger: Logger
    private let url: URL
    private let headers: [(String, String)]
    private let policy: RemoteEndpointPolicy
    private let host: String
    private let timeout: Double
    private let onDrop: @Sendable (String) -> Void
    private let onUnauthorized: @Sendable (String) -> RemoteConnectorError
    private let stream: AsyncThrowingStream<Data, Swift.Error>
    private let continuation: AsyncThrowingStream<Data, Swift.Error>.Continuation
    private let session: URLSession
    private var reader: SSEEventReader?
    private var pump: Task<Void, Never>?
    /// Where the stream finally came from (after redirects).
    private var streamURL: URL?
    /// Where messages are POSTed (from the `endpoint` event).
    private var messageURL: URL?
    private var starting: CheckedContinuation<Void, Swift.Error>?
    private var started: Result<Void, Swift.Error>?
    private var closed = false

    /// - Parameters:
    ///   - url: the SSE URL (already checked by the policy).
    ///   - timeout: seconds for the `endpoint` event and for each POST.
    init(
        url: URL,
        headers: [(String, String)],
        policy: RemoteEndpointPolicy,
        host: String,
        timeout: Double,
        onDrop: @escaping @Sendable (String) -> Void,
        onUnauthorized: @escaping @Sendable (String) -> RemoteConnectorError
    ) {
        self.url = url
        self.headers = headers
        self.policy = policy
        self.host = host
        self.timeout = timeout
        self.onDrop = onDrop
        self.onUnauthorized = onUnauthorized
        self.logger = Logger(label: "mcp-registry.sse-transport")
        (stream, continuation) = AsyncThrowingStream<Data, Swift.Error>.makeStream()
        let configuration = URLSessionConfiguration.remote(timeout: timeout)
        session = URLSession(configuration: configuration, delegate: RedirectRefuser(), delegateQueue: nil)
    }

    func connect() async throws {
        guard reader == nil, !closed else { return }
        let reader = SSEEventReader(policy: policy)
        self.reader = reader
        let outputs = reader.start(url: url, headers: headers)
        pump = Task { [weak self] in
            for await output in outputs {
                guard let self else { return }
                await self.handle(output)
            }
        }
        let host = self.host
        let timeout = self.timeout
        let timer = Task { [weak self] in
            try? await Task.sleep(nanoseconds: UInt64(timeout * 1_000_000_000))
            guard !Task.isCancelled else { return }
            await self?.finishStart(.failure(RemoteConnectorError.unreachable(
                host: host, reason: "its SSE stream named no endpoint for messages within \(Int(timeout)) s")))
        }
        defer { timer.cancel() }
        do {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, Swift.Error>) in
                if let started {
                    continuation.resume(with: started)
                } else {
                    starting = continuation
                }
            }
        } catch {
            reader.cancel()
            throw error
        }
        logger.debug("legacy SSE session open", metadata: ["host": "\(host)"])
    }

    func disconnect() async {
        closed = true
        finishStart(.failure(MCPError.internalError("Transport disconnected")))
        reader?.cancel()
        reader = nil
        pump?.cancel()
        session.invalidateAndCancel()
        continuation.finish()
    }

    func send(_ data: Data) async throws {
        guard let messageURL, !closed else { throw MCPError.internalError("Transport not connected") }
        var request = URLRequest(url: messageURL, timeoutInterval: timeout)
        request.httpMethod = "POST"
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        request.httpBody = data
        let response: URLResponse
        do {
            (_, response) = try await session.data(for: request)
        } catch {
            throw classify(error)
        }
        let code = (response as? HTTPURLResponse)?.statusCode ?? 0
        switch code {
        case 200..<300:
            return
        case 401:
            throw onUnauthorized("401 Unauthorized")
        case 403:
            throw onUnauthorized("403 Forbidden")
        case 404:
            drop("\(host) no longer knows the session (the server restarted)")
            throw RemoteConnectorError.unreachable(host: host, reason: "the server restarted and forgot the session")
        default:
            throw MCPError.internalError("\(host) answered HTTP \(code) to a message")
        }
    }

    func receive() -> AsyncThrowingStream<Data, Swift.Error> { stream }

    // MARK: - The stream

    private func handle(_ output: SSEEventReader.Output) {
        switch output {
        case .opened(let url):
            streamURL = url
        case .status(let code):
            switch code {
            case 401: finishStart(.failure(onUnauthorized("401 Unauthorized")))
            case 403: finishStart(.failure(onUnauthorized("403 Forbidden")))
            case 415: finishStart(.failure(RemoteConnectorError.unreachable(host: host, reason: "its SSE URL did not answer with an event stream")))
            default: finishStart(.failure(RemoteConnectorError.unreachable(host: host, reason: "its SSE URL answered HTTP \(code)")))
            }
        case .refusedRedirect(let error):
            finishStart(.failure(error))
        case .event(let event) where event.name == "endpoint":
            guard messageURL == nil else { return }
            do {
                messageURL = try resolveEndpoint(event.data)
                finishStart(.success(()))
            } catch {
                finishStart(.failure(error))
            }
        case .event(let event) where event.name == "message":
            guard !event.data.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { return }
            continuation.yield(Data(event.data.utf8))
        case .event:
            break
        case .ended(let reason):
            guard let started else {
                finishStart(.failure(RemoteConnectorError.unreachable(
                    host: host, reason: reason ?? "its SSE stream closed before naming an endpoint for messages")))
                return
            }
            if case .success = started {
                drop(reason.map { "the connection to \(host) failed (\($0))" } ?? "\(host) closed the SSE stream (the session is over)")
            }
        }
    }

    private func finishStart(_ result: Result<Void, Swift.Error>) {
        guard started == nil else { return }
        started = result
        starting?.resume(with: result)
        starting = nil
    }

    private func drop(_ reason: String) {
        guard !closed else { return }
        onDrop(reason)
    }

    /// The `endpoint` event's URL, resolved against the stream's URL and checked.
    private func resolveEndpoint(_ text: String) throws -> URL {
        let base = streamURL ?? url
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty, let target = URL(string: trimmed, relativeTo: base)?.absoluteURL, target.host != nil else {
            throw RemoteConnectorError.invalidURL("the message endpoint \(trimmed) of \(host)")
        }
        guard Self.origin(target) == Self.origin(base) else {
            throw RemoteConnectorError.refusedURL(
                url: target.absoluteString,
                reason: "the SSE server at \(Self.origin(base)) names a message endpoint on another origin, where its credentials would go")
        }
        try policy.check(target)
        return target
    }

    /// `scheme://host:port`, with the scheme's default port filled in.
    static func origin(_ url: URL) -> String {
        let scheme = url.scheme?.lowercased() ?? ""
        let port = url.port ?? (scheme == "https" ? 443 : scheme == "http" ? 80 : 0)
        return "\(scheme)://\((url.host ?? "").lowercased()):\(port)"
    }

    /// Reports drops and turns `URLError`s into readable errors.
    private func classify(_ error: Error) -> Error {
        guard let urlError = error as? URLError else { return error }
        switch urlError.code {
        case .cancelled:
            return error
        case .timedOut:
            return RemoteConnectorError.unreachable(host: host, reason: "the request timed out")
        default:
            drop("the connection to \(host) failed (\(urlError.localizedDescription))")
            return RemoteConnectorError.unreachable(host: host, reason: urlError.localizedDescription)
        }
    }
}
