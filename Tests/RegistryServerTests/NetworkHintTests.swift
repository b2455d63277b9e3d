import Foundation
import Gateway
import MCP
import TestSupport
import XCTest

@testable import RegistryServer

/// A relayed call of a server that runs without a network (`--network none`) and fails the
/// way a missing network fails gets a sentence that says so and names the setting that
/// gives it one (issue 12), on every path a call takes: a direct `tools/call`, through
/// `registry-exec`, and forwarded undecoded. Real podman, the fixture image, whose
/// `connect` tool fails with the system's `Network is unreachable` there.
final class NetworkHintTests: XCTestCase {
    func testAFailedCallWithoutANetworkSaysHowToAllowIt() async throws {
        _ = try await TestPodman.requireFixtureImage()
        let catalog = try TemporaryDirectory(prefix: "speed-network-hint")
        defer { catalog.remove() }
        let folder = catalog.appending("ours")
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("fixture"), withIntermediateDirectories: true)
        try """
            name: fixture
            image: \(TestPodman.image)
            type: server
            run:
              disableNetwork: true
            about:
              title: Fixture
              description: A tiny MCP server used by the registry's own tests.
            """.write(to: folder.appendingPathComponent("fixture/server.yaml"), atomically: true, encoding: .utf8)
        let registry = try await InProcessRegistry(catalogs: [folder])
        do {
            try await registry.waitForEntries(1)
            let added = try await registry.call("registry-add", ["id": "ours/fixture"])
            XCTAssertNotEqual(added.isError, true, added.text)

            // The container's id came from podman's --cidfile, not a later inspect.
            let active = try await registry.call("registry-active")
            let containerID = active.object["servers"]?.arrayValue?.first?.objectValue?["containerID"]?.stringValue ?? ""
            XCTAssertEqual(containerID.count, 12, active.text)
            XCTAssertTrue(containerID.allSatisfy(\.isHexDigit), containerID)
            let containerName = active.object["servers"]?.arrayValue?.first?.objectValue?["containerName"]?.stringValue ?? ""
            let idFile = FileManager.default.temporaryDirectory.appendingPathComponent("mcp-registry-cid-\(getuid())/\(containerName).cid")
            XCTAssertFalse(containerName.isEmpty)
            XCTAssertFalse(FileManager.default.fileExists(atPath: idFile.path), "the id file is removed once read")

            let unreachable: [String: Value] = ["address": "192.0.2.1", "port": 9]
            let direct = try await registry.call("fixture__connect", unreachable)
            XCTAssertEqual(direct.isError, true, direct.text)
            XCTAssertTrue(direct.text.lowercased().contains("network is unreachable"), "the child's own words stay: \(direct.text)")
            Self.assertHint(direct.text)

            let exec = try await registry.call("registry-exec", ["tool": "fixture__connect", "arguments": .object(unreachable)])
            XCTAssertEqual(exec.isError, true, exec.text)
            Self.assertHint(exec.text)

            // Forwarded undecoded (the stdio fast path): one more text item, the rest as it came.
            let provider = GatewayToolProvider(gateway: await registry.application.gateway)
            let line = try XCTUnwrap(JSONRPCLine(Data(
                #"{"jsonrpc":"2.0","id":41,"method":"tools/call","params":{"name":"fixture__connect","arguments":{"address":"192.0.2.1","port":9}}}"#.utf8)))
            let reply = await provider.forwardProxied(name: "fixture__connect", request: line)
            let forwarded = try XCTUnwrap(reply)
            let result = try JSONDecoder().decode(CallTool.Result.self, from: forwarded)
            XCTAssertEqual(result.isError, true)
            XCTAssertEqual(result.content.count, 2, String(decoding: forwarded, as: UTF8.self))
            Self.assertHint(result.text)

            // A failure that does not read like the network gets no hint.
            let failed = try await registry.call("fixture__fail")
            XCTAssertEqual(failed.isError, true, failed.text)
            XCTAssertFalse(failed.text.contains("without a network"), failed.text)
            // Nor does a success.
            let echo = try await registry.call("fixture__echo", ["text": "network is unreachable"])
            XCTAssertNotEqual(echo.isError, true, echo.text)
            XCTAssertEqual(echo.text, "network is unreachable")
        } catch {
            await registry.stop()
            throw error
        }
        await registry.stop()
    }

    static func assertHint(_ text: String, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertTrue(text.contains("ours/fixture runs without a network"), text, file: file, line: line)
        XCTAssertTrue(text.contains(#"{"containers": {"network": {"ours/fixture": true}}}"#), text, file: file, line: line)
        XCTAssertTrue(text.contains("`mcp-registry config network ours/fixture allow`"), text, file: file, line: line)
        XCTAssertTrue(text.contains("registry-remove and registry-add"), text, file: file, line: line)
    }
}
