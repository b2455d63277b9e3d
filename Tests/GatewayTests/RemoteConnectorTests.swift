import Foundation
import Gateway
import MCP
import RegistryCore
import TestSupport
import XCTest

/// Remote servers through the gateway: a real Streamable HTTP MCP server on 127.0.0.1
/// (Python's `mcp` package) that wants a bearer token, reached through a catalog entry
/// whose header holds `${REMOTE_FIXTURE_TOKEN}`.
final class RemoteConnectorTests: XCTestCase {
    var root: URL!
    var gateway: Gateway?
    var server: RemoteFixtureServer?

    override func setUp() async throws {
        root = try TemporaryDirectory(prefix: "remote").url
    }

    override func tearDown() async throws {
        await gateway?.stopAll()
        server?.stop()
        try? FileManager.default.removeItem(at: root)
    }

    var paths: RegistryPaths {
        RegistryPaths(dataDirectory: root.appendingPathComponent("data"), configDirectory: root.appendingPathComponent("config"))
    }

    func makeGateway(remotes: RemoteSettings) -> Gateway {
        let settings = RegistrySettings(
            containers: ContainerSettings(startTimeout: 30, callTimeout: 30),
            remotes: remotes)
        let gateway = Gateway(
            settings: settings, secrets: SecretStore(paths: paths), configStore: ServerConfigStore(paths: paths),
            connectors: [RemoteConnector()],
            restartPolicy: .init(initialDelay: 0.2, maximumDelay: 1, maximumAttempts: 50, stableUptime: 30))
        self.gateway = gateway
        return gateway
    }

    func entry(url: String, transport: String = "streamable-http", oauthProvider: String? = nil, headers: [RemoteHeader]? = nil) -> CatalogEntry {
        CatalogEntry(
            id: "local/remote-fixture", name: "remote-fixture",
            launch: .remote(RemoteLaunch(
                url: url, transport: transport,
                headers: headers ?? [RemoteHeader(name: "Authorization", value: "Bearer ${REMOTE_FIXTURE_TOKEN}", isSecret: true, isRequired: true)],
                oauthProvider: oauthProvider)),
            configuration: ConfigurationSpec(secrets: [
                SecretRequirement(name: "remote-fixture.token", env: "REMOTE_FIXTURE_TOKEN", description: "The fixture's API token")
            ]))
    }

    /// Calls `name` once it is listed (a tool the remote added at run time), waiting up to 10 s.
    func callOnceListed(_ gateway: Gateway, _ name: String, _ arguments: [String: Value]) async throws -> CallTool.Result? {
        for _ in 0..<100 {
            if await gateway.route(for: name) != nil {
                return try await gateway.call(exposedName: name, arguments: arguments)
            }
            try await Task.sleep(nanoseconds: 100_000_000)
        }
        return nil
    }

    /// Calls `name` until it answers (while the gateway reconnects), up to 20 s; the answer,
    /// or the last error when it never came.
    func callUntilAnswered(_ gateway: Gateway, _ name: String, _ arguments: [String: Value]) async throws -> (CallTool.Result?, Error?) {
        var lastError: Error?
        for _ in 0..<200 {
            do {
                return (try await gateway.call(exposedName: name, arguments: arguments), nil)
            } catch {
                lastError = error
                try await Task.sleep(nanoseconds: 100_000_000)
            }
        }
        return (nil, lastError)
    }

    func testCallsARemoteWithASecretHeaderAndReconnectsAfterADrop() async throws {
        let token = "tok-\(UUID().uuidString)"
        let server = try RemoteFixtureServer(token: token)
        self.server = server
        try server.start()
        let gateway = makeGateway(remotes: RemoteSettings(allowPrivateAddresses: true, allowInsecureHTTP: true))
        let store = SecretStore(paths: paths)

        // A wrong token: the server's 401 comes back as a readable error naming the secret.
        try store.set("remote-fixture.token", "wrong")
        do {
            _ = try await gateway.activate(entry: entry(url: server.url), prefix: "rf")
            XCTFail("a wrong token must fail")
        } catch {
            XCTAssertTrue("\(error)".contains("401"), "\(error)")
            XCTAssertTrue("\(error)".contains("remote-fixture.token"), "\(error)")
            XCTAssertFalse("\(error)".contains("wrong"), "no secret value in errors: \(error)")
        }

        try store.set("remote-fixture.token", token)
        let activation = try await gateway.activate(entry: entry(url: server.url), prefix: "rf")
        XCTAssertEqual(activation.serverName, "remote-fixture")
        XCTAssertEqual(Set(activation.tools.map(\.name)), ["rf__echo", "rf__add", "rf__grow"])
        XCTAssertEqual(activation.summary.kind, "remote")
        XCTAssertEqual(activation.summary.url, server.url)
        XCTAssertEqual(activation.summary.secretNames, ["remote-fixture.token"])
        let echo = try await gateway.call(exposedName: "rf__echo", arguments: ["text": "hello"])
        XCTAssertEqual(textOf(echo), "remote: hello")
        let sum = try await gateway.call(exposedName: "rf__add", arguments: ["a": 2, "b": 40])
        XCTAssertEqual(textOf(sum), "42")
        // The remote's own tools/list_changed comes on its event stream and is followed.
        let grown = try await gateway.call(exposedName: "rf__grow", arguments: ["name": "later"])
        XCTAssertEqual(textOf(grown), "added later")
        let later = try await callOnceListed(gateway, "rf__later", ["text": "x"])
        XCTAssertEqual(later.map(textOf), "later: x")
        let active = await gateway.active()
        XCTAssertEqual(active.first?.kind, "remote")
        XCTAssertFalse("\(active)".contains(token), "no secret value in status")

        // Drop the server: the next call fails clearly and the drop starts reconnecting.
        server.kill()
        do {
            _ = try await gateway.call(exposedName: "rf__echo", arguments: ["text": "lost"])
            XCTFail("a call to a dead remote must fail")
        } catch {
            XCTAssertFalse("\(error)".contains(token))
        }
        // Bring it back on the same port; the gateway reconnects with back-off (a new session).
        try server.start()
        let (answer, lastError) = try await callUntilAnswered(gateway, "rf__echo", ["text": "again"])
        XCTAssertEqual(answer.map(textOf), "remote: again", "last error: \(String(describing: lastError))")
        let restarts = await gateway.active().first?.restarts ?? 0
        XCTAssertGreaterThanOrEqual(restarts, 1)

        // Restarted behind our back (it forgets our session, answers 404): reconnects too.
        server.kill()
        try server.start()
        let (third, thirdError) = try await callUntilAnswered(gateway, "rf__echo", ["text": "third"])
        XCTAssertEqual(third.map(textOf), "remote: third", "last error: \(String(describing: thirdError))")
        let moreRestarts = await gateway.active().first?.restarts ?? 0
        XCTAssertGreaterThan(moreRestarts, restarts)

        let removal = try await gateway.remove(id: "rf")
        XCTAssertTrue(Set(removal.removedTools).isSuperset(of: ["rf__echo", "rf__add", "rf__grow"]))
        let left = await gateway.tools()
        XCTAssertTrue(left.isEmpty)
    }

    func testARemoteGivenUpAfterAnOutageIsTriedAgainOnTheNextCall() async throws {
        let token = "tok-\(UUID().uuidString)"
        let server = try RemoteFixtureServer(token: token)
        self.server = server
        try server.start()
        let settings = RegistrySettings(containers: ContainerSettings(startTimeout: 30, callTimeout: 30), remotes: RemoteSettings(allowPrivateAddresses: true, allowInsecureHTTP: true))
        let gateway = Gateway(
            settings: settings, secrets: SecretStore(paths: paths), connectors: [RemoteConnector()],
            restartPolicy: .init(initialDelay: 0.05, maximumDelay: 0.1, maximumAttempts: 2, stableUptime: 30))
        self.gateway = gateway
        try SecretStore(paths: paths).set("remote-fixture.token", token)
        _ = try await gateway.activate(entry: entry(url: server.url), prefix: "rf")

        server.kill()
        _ = try? await gateway.call(exposedName: "rf__echo", arguments: ["text": "lost"])
        var status = ""
        for _ in 0..<300 where status != "failed" {
            status = await gateway.active().first?.status ?? ""
            if status != "failed" { try await Task.sleep(nanoseconds: 50_000_000) }
        }
        XCTAssertEqual(status, "failed", "the restarts give up while the remote is down")
        do {
            _ = try await gateway.call(exposedName: "rf__echo", arguments: ["text": "still down"])
            XCTFail("the remote is still down")
        } catch {
            guard case GatewayError.serverUnavailable(_, .stillUnreachable) = error else { return XCTFail("\(error)") }
        }

        try server.start()
        let back = try await gateway.call(exposedName: "rf__echo", arguments: ["text": "back"])
        XCTAssertEqual(textOf(back), "remote: back")
        let after = await gateway.active().first?.status
        XCTAssertEqual(after, "running")
    }

    func testRedirectsAreCheckedAndFollowed() async throws {
        let token = "tok-\(UUID().uuidString)"
        let server = try RemoteFixtureServer(token: token)
        self.server = server
        try server.start()
        let gateway = makeGateway(remotes: RemoteSettings(allowPrivateAddresses: true, allowInsecureHTTP: true))
        try SecretStore(paths: paths).set("remote-fixture.token", token)
        let base = "http://127.0.0.1:\(server.port)"

        do {
            _ = try await gateway.activate(entry: entry(url: base + "/elsewhere"), prefix: "rf")
            XCTFail("a redirect to a refused URL must fail")
        } catch {
            XCTAssertTrue("\(error)".contains("a redirect from"), "\(error)")
        }

        let activation = try await gateway.activate(entry: entry(url: base + "/old-mcp"), prefix: "rf")
        XCTAssertEqual(activation.summary.url, base + "/old-mcp")
        let echo = try await gateway.call(exposedName: "rf__echo", arguments: ["text": "moved"])
        XCTAssertEqual(textOf(echo), "remote: moved")
    }

    func testLoopbackIsRefusedWithoutTheSetting() async throws {
        let gateway = makeGateway(remotes: RemoteSettings(allowPrivateAddresses: false, allowInsecureHTTP: true))
        try SecretStore(paths: paths).set("remote-fixture.token", "t")
        for url in ["http://127.0.0.1:9/mcp", "http://localhost:9/mcp", "http://[::1]:9/mcp", "http://10.0.0.1/mcp", "http://169.254.169.254/latest"] {
            do {
                _ = try await gateway.activate(entry: entry(url: url))
                XCTFail("\(url) must be refused")
            } catch {
                XCTAssertTrue("\(error)".contains("allowPrivateAddresses"), "\(url): \(error)")
            }
        }
        let active = await gateway.active()
        XCTAssertTrue(active.isEmpty, "nothing left after a refusal")
    }

    func testPlainHTTPIsRefusedWithoutTheSetting() async throws {
        let gateway = makeGateway(remotes: RemoteSettings(allowPrivateAddresses: true, allowInsecureHTTP: false))
        try SecretStore(paths: paths).set("remote-fixture.token", "t")
        do {
            _ = try await gateway.activate(entry: entry(url: "http://127.0.0.1:9/mcp"))
            XCTFail("http must be refused")
        } catch {
            XCTAssertTrue("\(error)".contains("allowInsecureHTTP"), "\(error)")
        }
    }

    func testAddressClassification() throws {
        func kind(_ host: String) throws -> String? {
            try RemoteEndpointPolicy.resolve(host).compactMap(RemoteEndpointPolicy.internalKind).first
        }
        XCTAssertEqual(try kind("127.0.0.1"), "loopback")
        XCTAssertEqual(try kind("::1"), "loopback")
        XCTAssertEqual(try kind("::ffff:192.168.1.1"), "private")
        XCTAssertEqual(try kind("172.20.0.1"), "private")
        XCTAssertEqual(try kind("fd00::1"), "private (unique local)")
        XCTAssertNil(try kind("8.8.8.8"))
        XCTAssertNil(try kind("2606:4700::1111"))
        XCTAssertNoThrow(try RemoteEndpointPolicy(settings: RemoteSettings()).check(URL(string: "https://1.1.1.1/mcp")!))
        XCTAssertThrowsError(try RemoteEndpointPolicy(settings: RemoteSettings()).check(URL(string: "ftp://1.1.1.1/mcp")!))
    }

    func testUnknownTransportsAndOAuthRemotesSayWhatToDo() async throws {
        let gateway = makeGateway(remotes: RemoteSettings(allowPrivateAddresses: true, allowInsecureHTTP: true))
        try SecretStore(paths: paths).set("remote-fixture.token", "t")
        // The gateway states the fact (not launchable); the entry carries why, which
        // RegistryServer words for the model (LaunchBlockerWordingTests).
        let websocket = entry(url: "wss://example.com/ws", transport: "websocket")
        XCTAssertEqual(websocket.allLaunchBlockers.map(\.reason), [.unsupportedTransport])
        XCTAssertEqual(websocket.allLaunchBlockers.first?.detail, "websocket")
        do {
            _ = try await gateway.activate(entry: websocket)
            XCTFail("websocket must be refused")
        } catch GatewayError.notLaunchable(let id) {
            XCTAssertEqual(id, "local/remote-fixture")
        }

        let oauth = CatalogEntry(
            id: "docker/asana", name: "asana",
            launch: .remote(RemoteLaunch(url: "https://mcp.asana.com/mcp", oauthProvider: "asana")),
            configuration: ConfigurationSpec(secrets: [
                SecretRequirement(name: "asana.personal_access_token", env: "ASANA_PERSONAL_ACCESS_TOKEN", description: "OAuth access token from asana")
            ]))
        do {
            _ = try await gateway.activate(entry: oauth)
            XCTFail("an OAuth remote without a token must fail")
        } catch {
            XCTAssertTrue("\(error)".contains("OAuth (asana)"), "\(error)")
            XCTAssertTrue("\(error)".contains("asana.personal_access_token"), "\(error)")
        }
    }

    func testOAuthTokenIsSentAsABearerToken() async throws {
        let token = "pat-\(UUID().uuidString)"
        let server = try RemoteFixtureServer(token: token)
        self.server = server
        try server.start()
        let gateway = makeGateway(remotes: RemoteSettings(allowPrivateAddresses: true, allowInsecureHTTP: true))
        try SecretStore(paths: paths).set("fixture-oauth.personal_access_token", token)
        let oauth = CatalogEntry(
            id: "docker/fixture-oauth", name: "fixture-oauth",
            launch: .remote(RemoteLaunch(url: server.url, oauthProvider: "fixture")),
            configuration: ConfigurationSpec(secrets: [
                SecretRequirement(name: "fixture-oauth.personal_access_token", env: "FIXTURE_OAUTH_TOKEN", description: "OAuth access token from fixture")
            ]))
        let activation = try await gateway.activate(entry: oauth, prefix: "oa")
        XCTAssertEqual(activation.summary.secretNames, ["fixture-oauth.personal_access_token"])
        let echo = try await gateway.call(exposedName: "oa__echo", arguments: ["text": "pat"])
        XCTAssertEqual(textOf(echo), "remote: pat")
    }

    func testLegacySSERemoteWithASecretHeaderReconnectsAfterADrop() async throws {
        let token = "tok-\(UUID().uuidString)"
        let server = try RemoteFixtureServer(token: token, legacySSE: true)
        self.server = server
        try server.start()
        let gateway = makeGateway(remotes: RemoteSettings(allowPrivateAddresses: true, allowInsecureHTTP: true))
        let store = SecretStore(paths: paths)

        // A wrong token: the stream's 401 comes back as a readable error naming the secret.
        try store.set("remote-fixture.token", "wrong")
        do {
            _ = try await gateway.activate(entry: entry(url: server.url, transport: "sse"), prefix: "rf")
            XCTFail("a wrong token must fail")
        } catch {
            XCTAssertTrue("\(error)".contains("401"), "\(error)")
            XCTAssertTrue("\(error)".contains("remote-fixture.token"), "\(error)")
            XCTAssertFalse("\(error)".contains("wrong"), "no secret value in errors: \(error)")
        }

        try store.set("remote-fixture.token", token)
        let activation = try await gateway.activate(entry: entry(url: server.url, transport: "sse"), prefix: "rf")
        XCTAssertEqual(activation.serverName, "remote-fixture")
        XCTAssertEqual(Set(activation.tools.map(\.name)), ["rf__echo", "rf__add", "rf__grow"])
        XCTAssertEqual(activation.summary.kind, "remote")
        XCTAssertEqual(activation.summary.url, server.url)
        XCTAssertEqual(activation.summary.secretNames, ["remote-fixture.token"])
        let echo = try await gateway.call(exposedName: "rf__echo", arguments: ["text": "hello"])
        XCTAssertEqual(textOf(echo), "remote: hello")
        let sum = try await gateway.call(exposedName: "rf__add", arguments: ["a": 2, "b": 40])
        XCTAssertEqual(textOf(sum), "42")
        // The server's own tools/list_changed comes on the same stream and is followed.
        let grown = try await gateway.call(exposedName: "rf__grow", arguments: ["name": "later"])
        XCTAssertEqual(textOf(grown), "added later")
        let later = try await callOnceListed(gateway, "rf__later", ["text": "x"])
        XCTAssertEqual(later.map(textOf), "later: x")
        let active = await gateway.active()
        XCTAssertFalse("\(active)".contains(token), "no secret value in status")

        // Drop the server: the stream ends, and the gateway reconnects with back-off once it
        // is back on the same port (a new session).
        server.kill()
        do {
            _ = try await gateway.call(exposedName: "rf__echo", arguments: ["text": "lost"])
            XCTFail("a call to a dead remote must fail")
        } catch {
            XCTAssertFalse("\(error)".contains(token))
        }
        try server.start()
        let (answer, lastError) = try await callUntilAnswered(gateway, "rf__echo", ["text": "again"])
        XCTAssertEqual(answer.map(textOf), "remote: again", "last error: \(String(describing: lastError))")
        let restarts = await gateway.active().first?.restarts ?? 0
        XCTAssertGreaterThanOrEqual(restarts, 1)
        let sumAgain = try await gateway.call(exposedName: "rf__add", arguments: ["a": 1, "b": 1])
        XCTAssertEqual(textOf(sumAgain), "2")
    }

    func testLegacySSERedirectsAndMessageEndpointsAreChecked() async throws {
        let token = "tok-\(UUID().uuidString)"
        let server = try RemoteFixtureServer(token: token, legacySSE: true)
        self.server = server
        try server.start()
        let gateway = makeGateway(remotes: RemoteSettings(allowPrivateAddresses: true, allowInsecureHTTP: true))
        try SecretStore(paths: paths).set("remote-fixture.token", token)
        let base = "http://127.0.0.1:\(server.port)"

        do {
            _ = try await gateway.activate(entry: entry(url: base + "/elsewhere", transport: "sse"), prefix: "rf")
            XCTFail("a redirect to a refused URL must fail")
        } catch {
            XCTAssertTrue("\(error)".contains("a redirect from"), "\(error)")
        }
        do {
            _ = try await gateway.activate(entry: entry(url: base + "/foreign-sse", transport: "sse"), prefix: "rf")
            XCTFail("a message endpoint on another origin must be refused")
        } catch {
            XCTAssertTrue("\(error)".contains("another origin"), "\(error)")
        }
        let activation = try await gateway.activate(entry: entry(url: base + "/old-sse", transport: "sse"), prefix: "rf")
        XCTAssertEqual(activation.summary.url, base + "/old-sse")
        let echo = try await gateway.call(exposedName: "rf__echo", arguments: ["text": "moved"])
        XCTAssertEqual(textOf(echo), "remote: moved")
    }

    func testSSEBodiesAreSplitIntoMessages() {
        let body = Data("event: message\r\ndata: {\"a\":1}\r\n\r\n: comment\nid: 3\ndata: {\"b\":\ndata: 2}\n\n".utf8)
        let messages = SSEPayloads.messages(in: body).map { String(decoding: $0, as: UTF8.self) }
        XCTAssertEqual(messages, ["{\"a\":1}", "{\"b\":\n2}"])
        XCTAssertEqual(SSEPayloads.messages(in: Data("{\"x\":1}".utf8)).count, 1)
    }
}
