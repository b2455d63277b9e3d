import Foundation
import MCP
import RegistryCore
import TestSupport
import XCTest

/// A Docker `type: poci` entry through the registry's own tools, over a real MCP session:
/// registry-find shows it launchable, registry-add lists its declared tools, and a proxied
/// call runs its container (the locally built probe image; real podman).
final class PociRegistryToolsTests: XCTestCase {
    func testFindShowsItLaunchableAndAddListsItsTools() async throws {
        _ = try await TestPodman.requirePociProbeImage()
        let catalog = try TemporaryDirectory(prefix: "poci-catalog")
        defer { catalog.remove() }
        let folder = catalog.url.appendingPathComponent("probe")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try """
        name: probe
        type: poci
        meta:
          category: test
        about:
          title: Probe
          description: Echoes its arguments from a one-shot container.
        tools:
          - name: echo
            description: Prints each argument on its own line.
            parameters:
              type: object
              properties:
                args:
                  type: array
                  items:
                    type: string
              required:
                - args
            container:
              image: \(TestPodman.pociProbeImage)
              command: [echo, "{{args|into}}"]
        """.write(to: folder.appendingPathComponent("server.yaml"), atomically: true, encoding: .utf8)

        let registry = try await InProcessRegistry(catalogs: [catalog.url]) { _ in
            RegistrySettings(containers: ContainerSettings(pullPolicy: "never", callTimeout: 60))
        }
        do {
            try await registry.waitForEntries(1)
            let found = try await registry.call("registry-find", ["query": "probe", "launchable": "only"])
            let first = try XCTUnwrap(found.object["results"]?.arrayValue?.first?.objectValue, found.text)
            XCTAssertEqual(first["launchable"]?.boolValue, true, found.text)
            let id = try XCTUnwrap(first["id"]?.stringValue)

            let added = try await registry.call("registry-add", ["id": .string(id)])
            XCTAssertNotEqual(added.isError, true, added.text)
            XCTAssertTrue(added.text.contains("probe__echo"), added.text)

            let listed = try await registry.client.listTools().tools
            let echo = try XCTUnwrap(listed.first { $0.name == "probe__echo" }, "\(listed.map(\.name))")
            XCTAssertEqual(echo.inputSchema.objectValue?["required"], ["args"])
            let result = try await registry.call("probe__echo", ["args": ["a b", "$(id)"]])
            XCTAssertNotEqual(result.isError, true, result.text)
            XCTAssertEqual(result.text, "[a b]\n[$(id)]\n")

            let removed = try await registry.call("registry-remove", ["id": .string(id)])
            XCTAssertNotEqual(removed.isError, true, removed.text)
        } catch {
            await registry.stop()
            throw error
        }
        await registry.stop()
    }
}
