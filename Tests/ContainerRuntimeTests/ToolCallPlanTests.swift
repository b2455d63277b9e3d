import ContainerRuntime
import Foundation
import RegistryCore
import TestSupport
import XCTest

/// The container of one Docker `poci` tool call, as a plan (no podman).
final class ToolCallPlanTests: XCTestCase {
    var allowedRoot: URL!

    override func setUpWithError() throws {
        allowedRoot = try TemporaryDirectory(prefix: "toolplan").url
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: allowedRoot)
    }

    func planner(network: [String: Bool] = [:]) -> ContainerPlanner {
        ContainerPlanner(
            settings: ContainerSettings(memory: "256m", cpus: "0.5", pidsLimit: 64, allowedVolumeRoots: [allowedRoot.path], network: network),
            session: "test-session", ownerPID: 4242)
    }

    /// Like the Docker catalog's `ffmpeg` entry.
    let ffmpeg = ToolContainer(
        name: "ffmpeg", description: "run the ffmpeg command",
        inputSchema: ["type": "object", "properties": ["args": ["type": "array", "items": ["type": "string"]], "basedir": ["type": "string"]]],
        image: "linuxserver/ffmpeg:version-7.1-cli", command: ["{{args|into}}"], volumes: ["{{basedir}}:{{basedir}}"])

    var entry: CatalogEntry {
        CatalogEntry(
            id: "docker/ffmpeg", name: "ffmpeg",
            launch: .package(PackageLaunch(registryType: "oci", identifier: ffmpeg.image, transport: "poci", toolContainers: [ffmpeg])))
    }

    func testArgumentsBecomeArgvElementsAfterTheImageUnderTheHardening() throws {
        let hostile = ["-i", "in put.mp4", "; rm -rf /", "$(reboot)", "--privileged"]
        let plan = try planner().planToolCall(
            entry: entry, tool: ffmpeg,
            arguments: ["args": .array(hostile.map(JSONValue.string)), "basedir": .string(allowedRoot.path)], nameSuffix: "t1")
        let argv = plan.runArguments
        let image = try XCTUnwrap(argv.firstIndex(of: "docker.io/linuxserver/ffmpeg:version-7.1-cli"))
        XCTAssertEqual(Array(argv[(image + 1)...]), hostile, "each value one element, after the image, as written")
        let options = Array(argv[..<image])
        for hardening in [["--rm"], ["--read-only"], ["--cap-drop", "ALL"], ["--security-opt", "no-new-privileges"], ["--network", "none"],
                          ["--memory", "256m"], ["--cpus", "0.5"], ["--pids-limit", "64"], ["--pull", "never"]] {
            XCTAssertTrue(options.indices.contains { Array(options[$0..<min(options.count, $0 + hardening.count)]) == hardening }, "\(hardening) in \(options)")
        }
        XCTAssertFalse(options.contains("--privileged"))
        XCTAssertEqual(plan.volumes, ["\(allowedRoot.path):\(allowedRoot.path)"])
        XCTAssertEqual(plan.labels[ContainerLabels.tool], "ffmpeg")
        XCTAssertEqual(plan.name, "mcp-registry-ffmpeg-ffmpeg-t1")
        // The user may give it the network.
        XCTAssertFalse(try planner(network: ["docker/ffmpeg": true]).planToolCall(entry: entry, tool: ffmpeg, arguments: [:]).disableNetwork)
    }

    func testValuesThatWouldReachPodmanOptionsAreRefused() throws {
        for basedir in ["/etc", "-v", "\(allowedRoot.path):/etc", "/nonexistent-\(UUID().uuidString)"] {
            XCTAssertThrowsError(try planner().planToolCall(entry: entry, tool: ffmpeg, arguments: ["basedir": .string(basedir)]), basedir)
        }
        XCTAssertThrowsError(try planner().planToolCall(entry: entry, tool: ffmpeg, arguments: ["args": ["a\u{0}b"]]))
        var withUser = ffmpeg
        withUser.user = "{{who}}"
        XCTAssertThrowsError(try planner().planToolCall(entry: entry, tool: withUser, arguments: ["who": "root --privileged"]))
        XCTAssertEqual(try planner().planToolCall(entry: entry, tool: withUser, arguments: ["who": "1000:1000"]).user, "1000:1000")
        // Left out, an optional volume drops out.
        XCTAssertEqual(try planner().planToolCall(entry: entry, tool: ffmpeg, arguments: [:]).volumes, [])
    }
}
