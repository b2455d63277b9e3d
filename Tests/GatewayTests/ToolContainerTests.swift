import CatalogSources
import ContainerRuntime
import Foundation
import Gateway
import MCP
import RegistryCore
import TestSupport
import XCTest

/// Docker `type: poci` entries through the gateway against real podman: each declared tool
/// is a proxied tool whose call runs the tool's container once (a static probe built
/// locally, `scripts/build-poci-test-image`).
final class ToolContainerTests: XCTestCase {
    var engine: PodmanEngine!
    var root: URL!
    var gateway: Gateway?

    override func setUp() async throws {
        engine = try await TestPodman.requirePociProbeImage()
        root = URL(fileURLWithPath: VolumePolicyPath.resolve(try TemporaryDirectory(prefix: "poci").url.path))
    }

    override func tearDown() async throws {
        await gateway?.stopAll()
        try? FileManager.default.removeItem(at: root)
    }

    /// A `server.yaml` as the Docker registry writes them, read by the real parser.
    func entry() throws -> CatalogEntry {
        let image = TestPodman.pociProbeImage
        let yaml = """
        name: probe
        type: poci
        meta:
          category: test
        about:
          title: Probe
          description: Tools that run the poci probe.
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
                label:
                  type: string
              required:
                - args
            container:
              image: \(image)
              command:
                - echo
                - "{{label}}"
                - "{{args|into}}"
          - name: fail
            description: Fails with the code given.
            parameters:
              type: object
              properties:
                code:
                  type: integer
            container:
              image: \(image)
              command: [fail, "{{code}}", "something broke", "second line"]
          - name: sleep
            description: Sleeps a minute.
            container:
              image: \(image)
              command: [sleep, "60"]
          - name: inspect
            description: Says how it runs.
            container:
              image: \(image)
              command: [inspect]
          - name: exists
            description: Checks a path.
            parameters:
              type: object
              properties:
                path:
                  type: string
              required:
                - path
            container:
              image: \(image)
              command: [exists, "{{path}}"]
              volumes:
                - "{{path}}:{{path}}:ro"
        """
        return try DockerServerParser.entry(yaml: yaml, toolsJSON: nil, folderName: "probe", sourceID: "docker", location: nil)
    }

    func makeGateway(callTimeout: Double = 60) -> Gateway {
        let settings = RegistrySettings(containers: ContainerSettings(
            pullPolicy: "never", memory: "64m", pidsLimit: 32, allowedVolumeRoots: [root.path], callTimeout: callTimeout))
        let gateway = Gateway(settings: settings, engine: engine)
        self.gateway = gateway
        return gateway
    }

    func leftovers() async throws -> [ContainerInfo] {
        try await engine.listManaged().filter { $0.labels[ContainerLabels.entry] == EntryID.encoded("docker/probe") }
    }

    func testDeclaredToolsAreListedAndEachCallRunsItsContainer() async throws {
        let entry = try entry()
        XCTAssertTrue(entry.isLaunchable)
        let gateway = makeGateway()
        let activation = try await gateway.activate(entry: entry, prefix: "probe")
        XCTAssertEqual(activation.tools.map(\.name), ["probe__echo", "probe__fail", "probe__sleep", "probe__inspect", "probe__exists"])
        let echo = try XCTUnwrap(activation.tools.first)
        XCTAssertEqual(echo.description, "Prints each argument on its own line.")
        XCTAssertEqual(echo.inputSchema.objectValue?["required"], ["args"], "the declared parameters are the input schema")
        XCTAssertEqual(echo.inputSchema.objectValue?["properties"]?.objectValue?["args"], ["type": "array", "items": ["type": "string"]])

        // Hostile values reach the tool as argv elements, one each, as written: no shell.
        let hostile = ["two words", ";", "a; rm -rf /", "$(id)", "`id`", "--privileged", "-v", "/:/host", "x\"y'z", "${HOME}", "|cat"]
        let result = try await gateway.call(exposedName: "probe__echo", arguments: [
            "args": .array(hostile.map { .string($0) }), "label": "label with $(spaces)",
        ])
        XCTAssertNotEqual(result.isError, true, textOf(result))
        XCTAssertEqual(textOf(result), (["label with $(spaces)"] + hostile).map { "[\($0)]\n" }.joined())
        XCTAssertEqual(result.structuredContent?.objectValue?["exitStatus"], .int(0))

        // A left-out optional argument drops out; a missing required one is refused.
        let bare = try await gateway.call(exposedName: "probe__echo", arguments: ["args": ["only"]])
        XCTAssertEqual(textOf(bare), "[only]\n")
        let refused = try await gateway.call(exposedName: "probe__echo", arguments: [:])
        XCTAssertEqual(refused.isError, true)
        XCTAssertTrue(textOf(refused).contains("args"), textOf(refused))

        // The hardening of every container the registry runs.
        let inspect = try await gateway.call(exposedName: "probe__inspect", arguments: nil)
        XCTAssertNotEqual(inspect.isError, true, textOf(inspect))
        XCTAssertTrue(textOf(inspect).contains("root-writable=no (read-only)"), textOf(inspect))
        XCTAssertTrue(textOf(inspect).contains("interfaces=lo\n"), "no network but loopback: \(textOf(inspect))")

        // A non-zero exit is isError with the status and stderr's last lines.
        let failed = try await gateway.call(exposedName: "probe__fail", arguments: ["code": 3])
        XCTAssertEqual(failed.isError, true)
        XCTAssertTrue(textOf(failed).contains("exit status 3"), textOf(failed))
        XCTAssertTrue(textOf(failed).contains("something broke\nsecond line"), textOf(failed))
        XCTAssertEqual(failed.structuredContent?.objectValue?["exitStatus"], .int(3))

        // A volume from an argument: inside the allowed roots it is mounted; outside refused.
        let file = root.appendingPathComponent("input.txt")
        try Data("hi".utf8).write(to: file)
        let found = try await gateway.call(exposedName: "probe__exists", arguments: ["path": .string(file.path)])
        XCTAssertNotEqual(found.isError, true, textOf(found))
        let outside = try await gateway.call(exposedName: "probe__exists", arguments: ["path": "/etc"])
        XCTAssertEqual(outside.isError, true)
        XCTAssertTrue(textOf(outside).contains("refused"), textOf(outside))
        let smuggled = try await gateway.call(exposedName: "probe__exists", arguments: ["path": .string(file.path + ":/etc")])
        XCTAssertEqual(smuggled.isError, true, textOf(smuggled))

        // Every container is gone after its call; removing the entry leaves nothing either.
        let left = try await leftovers()
        XCTAssertEqual(left.map(\.name), [])
        _ = try await gateway.remove(id: "docker/probe")
        let afterRemoval = try await leftovers()
        XCTAssertTrue(afterRemoval.isEmpty)
    }

    func testACallPastItsTimeIsStoppedAndRemoved() async throws {
        let gateway = makeGateway(callTimeout: 10)
        _ = try await gateway.activate(entry: try entry(), prefix: "probe")
        let result = try await gateway.call(exposedName: "probe__sleep", arguments: nil)
        XCTAssertEqual(result.isError, true)
        XCTAssertTrue(textOf(result).contains("timed out after 5 s"), textOf(result))
        XCTAssertFalse(textOf(result).contains("woke"), textOf(result))
        XCTAssertEqual(result.structuredContent?.objectValue?["timedOut"], .bool(true))
        let left = try await leftovers()
        XCTAssertEqual(left.map(\.name), [], "the stopped container is removed")
    }
}
