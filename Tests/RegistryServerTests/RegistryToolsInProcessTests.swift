import Foundation
import MCP
import TestSupport
import XCTest

/// Every registry tool driven through the real server over `InMemoryTransport`: the success
/// path and the main errors. The catalog is the Docker registry fixture (328 servers) read
/// as a local folder; activation uses real podman and the fixture image.
final class RegistryToolsInProcessTests: XCTestCase {
    static let dockerServers = TestPodman.packageRoot
        .appendingPathComponent("../shared/fixtures/docker-mcp-registry/servers").standardizedFileURL

    func testCatalogToolsAnswerAndRefuseBadInput() async throws {
        let registry = try await InProcessRegistry(catalogs: [Self.dockerServers])
        do {
            XCTAssertEqual(registry.initialize.serverInfo.name, "mcp-registry")
            XCTAssertEqual(registry.initialize.capabilities.tools?.listChanged, true)
            let listed = try await registry.client.listTools().tools.map(\.name)
            XCTAssertEqual(Set(listed), [
                "registry-find", "registry-info", "registry-list", "registry-add", "registry-config-set",
                "registry-active", "registry-exec", "registry-remove", "registry-status", "registry-refresh",
            ])
            try await registry.waitForEntries(328)

            // registry-status
            let status = try await registry.call("registry-status")
            XCTAssertNotEqual(status.isError, true)
            let sources = status.object["sources"]?.arrayValue?.compactMap(\.objectValue) ?? []
            XCTAssertTrue(sources.contains { $0["kind"]?.stringValue == "local" && $0["entryCount"]?.intValue == 328 }, "\(sources)")

            // registry-find
            let found = try await registry.call("registry-find", ["query": "grafana"])
            let first = found.object["results"]?.arrayValue?.first?.objectValue
            XCTAssertEqual(first?["name"]?.stringValue, "grafana")
            let grafana = try XCTUnwrap(first?["id"]?.stringValue)
            XCTAssertTrue(found.text.contains(grafana), found.text)
            let tooMany = try await registry.call("registry-find", ["query": "x", "limit": 1000])
            XCTAssertEqual(tooMany.isError, true)
            XCTAssertTrue(tooMany.text.contains("between 1 and 100"), tooMany.text)
            let nothing = try await registry.call("registry-find", [:])
            XCTAssertEqual(nothing.isError, true)
            XCTAssertTrue(nothing.text.contains("registry-list"), nothing.text)
            let misspelt = try await registry.call("registry-find", ["qeury": "x"])
            XCTAssertEqual(misspelt.isError, true)
            XCTAssertTrue(misspelt.text.contains("query"), misspelt.text)

            // registry-info
            let info = try await registry.call("registry-info", ["id": .string(grafana)])
            XCTAssertNotEqual(info.isError, true, info.text)
            XCTAssertEqual(info.object["entry"]?.objectValue?["launch"]?.objectValue?["container"]?.objectValue?["image"]?.stringValue, "mcp/grafana")
            XCTAssertTrue(info.text.contains("registry-add"), info.text)
            let unknown = try await registry.call("registry-info", ["id": .string(grafana + "x")])
            XCTAssertEqual(unknown.isError, true)
            XCTAssertTrue(unknown.text.contains("Did you mean"), unknown.text)
            let noID = try await registry.call("registry-info", [:])
            XCTAssertEqual(noID.isError, true)
            XCTAssertTrue(noID.text.contains("'id' is required"), noID.text)

            // registry-list
            let page1 = try await registry.call("registry-list", ["limit": 100])
            let cursor = try XCTUnwrap(page1.object["nextCursor"]?.stringValue)
            let page2 = try await registry.call("registry-list", ["limit": 100, "cursor": .string(cursor)])
            let ids1 = Set(page1.object["results"]?.arrayValue?.compactMap { $0.objectValue?["id"]?.stringValue } ?? [])
            let ids2 = Set(page2.object["results"]?.arrayValue?.compactMap { $0.objectValue?["id"]?.stringValue } ?? [])
            XCTAssertEqual(ids1.count, 100)
            XCTAssertFalse(ids2.isEmpty)
            XCTAssertTrue(ids1.isDisjoint(with: ids2))
            let badCursor = try await registry.call("registry-list", ["cursor": "garbage"])
            XCTAssertEqual(badCursor.isError, true)
            let badSource = try await registry.call("registry-list", ["source": "nope"])
            XCTAssertEqual(badSource.isError, true)
            XCTAssertTrue(badSource.text.contains("Known sources"), badSource.text)

            // registry-refresh
            let refresh = try await registry.call("registry-refresh", [:])
            XCTAssertNotEqual(refresh.isError, true, refresh.text)
            XCTAssertFalse(refresh.object["requests"]?.arrayValue?.isEmpty ?? true, refresh.text)
            let refreshUnknown = try await registry.call("registry-refresh", ["source": "nope"])
            XCTAssertEqual(refreshUnknown.isError, true)
            XCTAssertTrue(refreshUnknown.text.contains("no source 'nope'"), refreshUnknown.text)

            // A tool nobody has.
            let noTool = try await registry.call("registry-nope", [:])
            XCTAssertEqual(noTool.isError, true)
            XCTAssertTrue(noTool.text.contains("registry-find"), noTool.text)
        } catch {
            await registry.stop()
            throw error
        }
        await registry.stop()
    }

    func testGatewayToolsSayWhatToDoWhenNothingRuns() async throws {
        let registry = try await InProcessRegistry(catalogs: [Self.dockerServers])
        do {
            try await registry.waitForEntries(328)
            let active = try await registry.call("registry-active")
            XCTAssertNotEqual(active.isError, true, active.text)
            XCTAssertEqual(active.object["servers"]?.arrayValue?.count, 0)

            let remove = try await registry.call("registry-remove", ["id": "servers/nothing-here"])
            XCTAssertEqual(remove.isError, true)
            XCTAssertTrue(remove.text.contains("not active"), remove.text)
            XCTAssertTrue(remove.text.contains("registry-active"), remove.text)

            let exec = try await registry.call("registry-exec", ["tool": "nope__echo", "arguments": [:]])
            XCTAssertEqual(exec.isError, true)
            XCTAssertTrue(exec.text.contains("nope__echo"), exec.text)
            let execOwn = try await registry.call("registry-exec", ["tool": "registry-find", "arguments": ["query": "x"]])
            XCTAssertEqual(execOwn.isError, true)
            XCTAssertTrue(execOwn.text.contains("proxied tools only"), execOwn.text)

            let add = try await registry.call("registry-add", ["id": "servers/nothing-here"])
            XCTAssertEqual(add.isError, true)
            XCTAssertTrue(add.text.contains("servers/nothing-here"), add.text)
            let noValues = try await registry.call("registry-config-set", ["id": "servers/grafana"])
            XCTAssertEqual(noValues.isError, true)
            XCTAssertTrue(noValues.text.contains("'values' is required"), noValues.text)
            let unknownName = try await registry.call("registry-config-set", ["id": "servers/grafana", "values": ["nope": "x"]])
            XCTAssertEqual(unknownName.isError, true)
            XCTAssertTrue(unknownName.text.contains("nope"), unknownName.text)
        } catch {
            await registry.stop()
            throw error
        }
        await registry.stop()
    }

    /// registry-find and registry-list read the user's stored values and secrets (once per
    /// call): grafana needs its API key, then, once it is set through
    /// registry-config-set, it is ready in both tools; the others on the page keep theirs.
    func testFindAndListReadinessFollowTheStores() async throws {
        let registry = try await InProcessRegistry(catalogs: [Self.dockerServers])
        do {
            try await registry.waitForEntries(328)
            func grafana(_ result: CallTool.Result) -> [String: Value]? {
                result.object["results"]?.arrayValue?.compactMap(\.objectValue).first { $0["name"]?.stringValue == "grafana" }
            }
            let before = try await registry.call("registry-find", ["query": "grafana"])
            let needs = try XCTUnwrap(grafana(before), before.text)
            XCTAssertEqual(needs["status"]?.stringValue, "needs-configuration", before.text)
            let missing = needs["missing"]?.arrayValue?.compactMap(\.stringValue) ?? []
            XCTAssertEqual(missing, ["grafana.api_key (secret)"], before.text)
            let id = try XCTUnwrap(needs["id"]?.stringValue)
            let others = before.object["results"]?.arrayValue?.compactMap(\.objectValue).filter { $0["id"]?.stringValue != id } ?? []

            let secret = "search-readiness-s3cret"
            let set = try await registry.call("registry-config-set", ["id": .string(id), "values": ["grafana.api_key": .string(secret)]])
            XCTAssertNotEqual(set.isError, true, set.text)

            let after = try await registry.call("registry-find", ["query": "grafana"])
            XCTAssertEqual(grafana(after)?["status"]?.stringValue, "ready", after.text)
            XCTAssertEqual(grafana(after)?["missing"]?.arrayValue ?? [], [], after.text)
            XCTAssertFalse(after.text.contains(secret))
            // The rest of the page is judged as before.
            for other in others {
                let now = after.object["results"]?.arrayValue?.compactMap(\.objectValue).first { $0["id"] == other["id"] }
                XCTAssertEqual(now?["status"], other["status"], "\(other["id"] ?? "-")")
            }

            let listed = try await registry.call("registry-list", ["limit": 100, "category": "monitoring"])
            XCTAssertEqual(grafana(listed)?["status"]?.stringValue, "ready", listed.text)
        } catch {
            await registry.stop()
            throw error
        }
        await registry.stop()
    }

    /// registry-add → proxied call → registry-exec → registry-active → registry-remove, with
    /// the secret set through registry-config-set, against the fixture server in podman.
    func testActivationThroughTheToolsInPodman() async throws {
        _ = try await TestPodman.requireFixtureImage()
        let catalog = try TemporaryDirectory(prefix: "refactor-ours")
        defer { catalog.remove() }
        let folder = catalog.appending("ours")
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("fixture"), withIntermediateDirectories: true)
        try """
            name: fixture
            image: \(TestPodman.image)
            type: server
            about:
              title: Fixture
              description: A tiny MCP server used by the registry's own tests.
            config:
              description: A token the fixture can read back.
              secrets:
                - name: fixture.token
                  env: FIXTURE_TOKEN
                  example: abc123
            """.write(to: folder.appendingPathComponent("fixture/server.yaml"), atomically: true, encoding: .utf8)
        let registry = try await InProcessRegistry(catalogs: [folder])
        do {
            try await registry.waitForEntries(1)
            let missing = try await registry.call("registry-add", ["id": "ours/fixture"])
            XCTAssertEqual(missing.isError, true)
            XCTAssertTrue(missing.text.contains("fixture.token") && missing.text.contains("registry-config-set"), missing.text)

            let secret = "refactor-s3cret-value"
            let stored = try await registry.call("registry-config-set", ["id": "ours/fixture", "values": ["fixture.token": .string(secret)]])
            XCTAssertNotEqual(stored.isError, true, stored.text)
            XCTAssertFalse(stored.text.contains(secret))

            let added = try await registry.call("registry-add", ["id": "ours/fixture"])
            XCTAssertNotEqual(added.isError, true, added.text)
            let tools = added.object["tools"]?.arrayValue?.compactMap { $0.objectValue?["name"]?.stringValue } ?? []
            XCTAssertTrue(tools.contains("fixture__echo"), "\(tools)")

            let echo = try await registry.call("fixture__echo", ["text": "in process"])
            XCTAssertNotEqual(echo.isError, true, echo.text)
            XCTAssertTrue(echo.text.contains("in process"), echo.text)
            let summed = try await registry.call("registry-exec", ["tool": "fixture__add", "arguments": ["a": 2, "b": 3]])
            XCTAssertNotEqual(summed.isError, true, summed.text)
            XCTAssertTrue(summed.text.contains("5"), summed.text)
            let token = try await registry.call("registry-exec", ["tool": "fixture__env", "arguments": ["name": "FIXTURE_TOKEN"]])
            XCTAssertTrue(token.text.contains(secret), "the secret reaches the container")

            let active = try await registry.call("registry-active")
            let server = active.object["servers"]?.arrayValue?.first?.objectValue
            XCTAssertEqual(server?["entryID"]?.stringValue, "ours/fixture")
            XCTAssertEqual(server?["status"]?.stringValue, "running")
            XCTAssertFalse(active.text.contains(secret))

            let removed = try await registry.call("registry-remove", ["id": "ours/fixture"])
            XCTAssertNotEqual(removed.isError, true, removed.text)
            XCTAssertEqual(removed.object["confirmedGone"]?.boolValue, true, removed.text)
            let gone = try await registry.call("fixture__echo", ["text": "after"])
            XCTAssertEqual(gone.isError, true, gone.text)
        } catch {
            await registry.stop()
            throw error
        }
        await registry.stop()
    }
}
