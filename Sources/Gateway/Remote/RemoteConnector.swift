import ContainerRuntime
import Foundation
import Logging
import MCP
import RegistryCore
import Synchronization

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// Reaches remote servers over Streamable HTTP (swift-sdk's `HTTPClientTransport`, wrapped
/// by `RemoteTransport`), or over the legacy HTTP+SSE transport (`SSEClientTransport`) when
/// the entry says `sse` (Docker's `transport_type: sse`, the official `remotes[].type: sse`).
///
/// - The URL's `{var}` come from the user's configuration and `${NAME}` from the secrets;
///   headers likewise (`RemoteTemplate`). An optional header whose values are not set is
///   left out; a required one, or the URL, fails with the names to set.
/// - The endpoint must pass `RemoteEndpointPolicy` (https only, no internal addresses,
///   unless the settings allow them), and so must every redirect it answers a probe with
///   (`RemoteRedirects`; redirects the SDK meets later are followed unchecked). For `sse`
///   every redirect of the stream is checked as it happens, and the message endpoint the
///   server names must be on the same origin and pass the policy too.
/// - OAuth remotes (`oauthProvider`): the registry cannot run a browser sign-in, so a
///   personal access token stored as the entry's OAuth secret is sent as
///   `Authorization: Bearer <token>` (unless a header of the entry already sets
///   `Authorization`); without one it fails saying which provider and which secret.
/// - Either way a dropped connection (refused, the stream closed, the session forgotten)
///   fires the connection's termination, so the gateway reconnects with back-off.
/// - Other transports (not Streamable HTTP nor `sse`) fail clearly.
public struct RemoteConnector: ChildConnector {
    public let kind = "remote"
    private let logger = Logger(label: "mcp-registry.remotes")

    public init() {}

    public func canConnect(_ entry: CatalogEntry) -> Bool {
        if case .remote = entry.launch { return true }
        return false
    }

    public func open(_ request: ChildLaunchRequest) async throws -> any ChildConnection {
        var endpoint = try Self.endpoint(for: request)
        let policy = RemoteEndpointPolicy(settings: request.settings.remotes)
        try policy.check(endpoint.url)
        if endpoint.isLegacySSE { return openSSE(request, endpoint: endpoint, policy: policy) }
        let final = try await RemoteRedirects(policy: policy).resolve(endpoint.url)
        if final != endpoint.url {
            logger.info("the remote redirects; connecting to where it leads", metadata: ["entry": "\(request.entry.id)", "to": "\(final.host ?? "")"])
            endpoint.url = final
        }

        let timeout = max(request.settings.containers.callTimeout, request.settings.containers.startTimeout) + 30
        let configuration = URLSessionConfiguration.remote(timeout: timeout)
        let headers = endpoint.headers
        // The GET event stream is RemoteTransport's own (the SDK's is not available on Linux).
        let inner = HTTPClientTransport(
            endpoint: endpoint.url, configuration: configuration, streaming: false,
            requestModifier: { request in
                var request = request
                for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
                return request
            })
        let signal = TerminationSignal()
        let host = endpoint.url.host ?? endpoint.display
        let secretNames = endpoint.secretNames
        let provider = endpoint.oauthProvider
        let transport = RemoteTransport(
            inner: inner, endpoint: endpoint.url, headers: headers, host: host,
            onDrop: { reason in signal.fire(reason) },
            onUnauthorized: { status in
                .unauthorized(host: host, status: status, secretNames: secretNames, oauthProvider: provider)
            })
        logger.info("connecting to remote", metadata: ["entry": "\(request.entry.id)", "url": "\(endpoint.display)"])
        return RemoteConnection(
            transport: transport, signal: signal,
            summary: ChildSummary(kind: kind, url: endpoint.display, secretNames: secretNames))
    }

    /// The legacy HTTP+SSE transport; its stream checks its own redirects.
    private func openSSE(_ request: ChildLaunchRequest, endpoint: Endpoint, policy: RemoteEndpointPolicy) -> any ChildConnection {
        let signal = TerminationSignal()
        let host = endpoint.url.host ?? endpoint.display
        let secretNames = endpoint.secretNames
        let provider = endpoint.oauthProvider
        let timeout = max(request.settings.containers.callTimeout, request.settings.containers.startTimeout) + 30
        let transport = SSEClientTransport(
            url: endpoint.url, headers: endpoint.headers, policy: policy, host: host, timeout: timeout,
            onDrop: { reason in signal.fire(reason) },
            onUnauthorized: { status in
                .unauthorized(host: host, status: status, secretNames: secretNames, oauthProvider: provider)
            })
        logger.info("connecting to remote (legacy SSE)", metadata: ["entry": "\(request.entry.id)", "url": "\(endpoint.display)"])
        return RemoteConnection(
            transport: transport, signal: signal,
            summary: ChildSummary(kind: kind, url: endpoint.display, secretNames: secretNames))
    }

    /// A remote's resolved endpoint: the URL, the headers to send (values may be secret),
    /// the URL to show (secrets as `${NAME}`) and the secret names used.
    public struct Endpoint: Sendable {
        public var url: URL
        public var display: String
        public var headers: [(String, String)]
        public var secretNames: [String]
        public var oauthProvider: String?
        /// The legacy HTTP+SSE transport (`sse`) rather than Streamable HTTP.
        public var isLegacySSE = false
    }

    /// Fills in the entry's URL and headers.
    public static func endpoint(for request: ChildLaunchRequest) throws -> Endpoint {
        guard case .remote(let remote) = request.entry.launch else {
            throw GatewayError.unsupportedLaunch(entryID: request.entry.id, kind: request.entry.launch.kind)
        }
        let id = request.entry.id
        let transport = remote.transport.lowercased()
        let isLegacySSE = transport == "sse"
        guard isLegacySSE || ["streamable-http", "streamable_http", "streamablehttp", "http", ""].contains(transport) else {
            throw RemoteConnectorError.unsupportedTransport(entryID: id, transport: remote.transport)
        }
        let lookup = ConfigLookup(values: request.config, schema: request.entry.configuration.parameters)
        let secret = RemoteTemplate.resolver(for: request.entry.configuration, secrets: request.secrets)

        let renderedURL = try RemoteTemplate.render(remote.url, lookup: lookup, secret: secret, isURL: true)
        guard renderedURL.missing.isEmpty else {
            throw RemoteConnectorError.missingValue(entryID: id, field: "URL", names: renderedURL.missing)
        }
        if renderedURL.value.contains(where: { $0.isWhitespace || $0 == "\0" }) {
            throw RemoteConnectorError.invalidValue(field: "URL", reason: "it contains spaces or control characters")
        }
        guard let url = URL(string: renderedURL.value), url.host != nil else {
            throw RemoteConnectorError.invalidURL(renderedURL.display)
        }

        var headers: [(String, String)] = []
        var secretNames = renderedURL.secretNames
        for header in remote.headers {
            let rendered = try RemoteTemplate.render(header.value, lookup: lookup, secret: secret)
            if !rendered.missing.isEmpty {
                if header.isRequired {
                    throw RemoteConnectorError.missingValue(entryID: id, field: "\(header.name) header", names: rendered.missing)
                }
                continue
            }
            guard isHeaderName(header.name) else {
                throw RemoteConnectorError.invalidValue(field: "header \(header.name)", reason: "not a valid header name")
            }
            if rendered.value.unicodeScalars.contains(where: { $0 == "\r" || $0 == "\n" || $0 == "\0" }) {
                throw RemoteConnectorError.invalidValue(field: "the \(header.name) header", reason: "it contains a line break")
            }
            if rendered.value.trimmingCharacters(in: .whitespaces).isEmpty { continue }
            headers.append((header.name, rendered.value))
            secretNames += rendered.secretNames
        }

        if let provider = remote.oauthProvider,
            !headers.contains(where: { $0.0.lowercased() == "authorization" })
        {
            guard let tokenSecret = oauthSecret(request.entry) else {
                throw RemoteConnectorError.oauthRequired(entryID: id, provider: provider, secretName: "\(request.entry.name).personal_access_token")
            }
            guard let found = secret(tokenSecret.env) ?? secret(tokenSecret.name) else {
                throw RemoteConnectorError.oauthRequired(entryID: id, provider: provider, secretName: tokenSecret.name)
            }
            if found.value.unicodeScalars.contains(where: { $0 == "\r" || $0 == "\n" || $0 == "\0" }) {
                throw RemoteConnectorError.invalidValue(field: "the \(found.name) token", reason: "it contains a line break")
            }
            headers.append(("Authorization", "Bearer \(found.value)"))
            secretNames.append(found.name)
        }
        var seen = Set<String>()
        return Endpoint(
            url: url, display: renderedURL.display, headers: headers,
            secretNames: secretNames.filter { seen.insert($0).inserted }, oauthProvider: remote.oauthProvider,
            isLegacySSE: isLegacySSE)
    }

    /// The secret that holds an OAuth remote's token: one of the entry's secrets that no
    /// header or URL references, preferring one described as an OAuth token (the Docker
    /// catalog declares the provider's `secret` that way).
    public static func oauthSecret(_ entry: CatalogEntry) -> SecretRequirement? {
        guard case .remote(let remote) = entry.launch, remote.oauthProvider != nil else { return nil }
        let templates = [remote.url] + remote.headers.map(\.value)
        let unreferenced = entry.configuration.secrets.filter { secret in
            !templates.contains { $0.contains("${\(secret.env)}") || $0.contains("${\(secret.name)}") }
        }
        return unreferenced.first { $0.description?.localizedCaseInsensitiveContains("oauth") ?? false } ?? unreferenced.first
    }

    /// The OAuth error for an entry whose token is among `missing`, if that is the case.
    public static func oauthRequirement(_ entry: CatalogEntry, missing: [MissingValue]) -> RemoteConnectorError? {
        guard case .remote(let remote) = entry.launch, let provider = remote.oauthProvider,
            !remote.headers.contains(where: { $0.name.lowercased() == "authorization" }),
            let secret = oauthSecret(entry), missing.contains(where: { $0.name == secret.name || $0.name == secret.env })
        else { return nil }
        return .oauthRequired(entryID: entry.id, provider: provider, secretName: secret.name)
    }

    static func isHeaderName(_ name: String) -> Bool {
        !name.isEmpty && name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "!#$%&'*+-.^_`|~".contains($0)) }
    }
}

/// A remote server as a child connection: nothing runs locally; closing disconnects.
public final class RemoteConnection: ChildConnection, @unchecked Sendable {
    public let transport: any Transport
    public let summary: ChildSummary
    private let signal: TerminationSignal

    init(transport: any Transport, signal: TerminationSignal, summary: ChildSummary) {
        self.transport = transport
        self.signal = signal
        self.summary = summary
    }

    public func recentErrorOutput(_ limit: Int) -> [String] { [] }

    public func onTermination(_ handler: @escaping @Sendable (String) -> Void) {
        signal.add(handler)
    }

    public func close() async {
        signal.close()
        await transport.disconnect()
    }
}

/// Fires its handlers once with the first reason; after `close` it never fires.
final class TerminationSignal: Sendable {
    private struct State {
        var handlers: [@Sendable (String) -> Void] = []
        var reason: String?
        var closed = false
    }

    private let state = Mutex(State())

    func add(_ handler: @escaping @Sendable (String) -> Void) {
        let fired = state.withLock { state -> String? in
            if let reason = state.reason, !state.closed { return reason }
            state.handlers.append(handler)
            return nil
        }
        if let fired { handler(fired) }
    }

    func fire(_ reason: String) {
        let handlers = state.withLock { state -> [@Sendable (String) -> Void] in
            guard state.reason == nil, !state.closed else { return [] }
            state.reason = reason
            return state.handlers
        }
        handlers.forEach { $0(reason) }
    }

    func close() {
        state.withLock { state in
            state.closed = true
            state.handlers = []
        }
    }
}
