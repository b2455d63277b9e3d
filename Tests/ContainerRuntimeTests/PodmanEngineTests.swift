import ContainerRuntime
import Foundation
import RegistryCore
import TestSupport
import XCTest

final class PodmanEngineTests: XCTestCase {
    var engine: PodmanEngine!
    var started: [String] = []

    override func setUp() async throws {
        engine = try await TestPodman.requireFixtureImage()
    }

    override func tearDown() async throws {
        for name in started { try? await engine.stop(name, timeout: 0) }
    }

    func fixturePlan(ownerPID: Int32 = getpid(), command: [String] = []) throws -> ContainerPlan {
        let entry = CatalogEntry(
            id: "local/fixture", name: "fixture",
            launch: .container(ContainerLaunch(image: TestPodman.image, command: command, disableNetwork: true)),
            configuration: ConfigurationSpec(secrets: [SecretRequirement(name: "fixture.token", env: "FIXTURE_TOKEN")]))
        let planner = ContainerPlanner(settings: ContainerSettings(memory: "256m", pidsLimit: 64), session: "engine-tests", ownerPID: ownerPID)
        let plan = try planner.plan(entry: entry, config: [:], availableSecrets: ["fixture.token"])
        started.append(plan.name)
        return plan
    }

    /// Writes JSON-RPC lines to the container and reads lines until one has the given id.
    func exchange(_ handle: ContainerHandle, _ lines: [String], untilID id: Int) async throws -> String {
        handle.stdin.write(Data((lines.joined(separator: "\n") + "\n").utf8))
        return try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                var buffer = Data()
                while true {
                    let chunk = handle.stdout.availableData
                    if chunk.isEmpty { return continuation.resume(throwing: CocoaError(.fileReadUnknown)) }
                    buffer.append(chunk)
                    for line in String(decoding: buffer, as: UTF8.self).split(separator: "\n") where line.contains("\"id\":\(id),") {
                        return continuation.resume(returning: String(line))
                    }
                }
            }
        }
    }

    func testRunSpeaksStdioMCPWithSecretOnlyInEnvironmentThenStops() async throws {
        let plan = try fixturePlan()
        let secret = "s3cret-\(UUID().uuidString)"
        let handle = try await engine.run(plan, secrets: ["FIXTURE_TOKEN": secret])
        let reply = try await exchange(handle, [
            #"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"t","version":"1"}}}"#,
            #"{"jsonrpc":"2.0","method":"notifications/initialized"}"#,
            #"{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"env","arguments":{"name":"FIXTURE_TOKEN"}}}"#,
        ], untilID: 2)
        XCTAssertTrue(reply.contains(secret), "the secret reaches the container's environment")

        let info = try await engine.inspect(plan.name)
        XCTAssertEqual(info?.running, true)
        XCTAssertEqual(info?.labels[ContainerLabels.entry], "local/fixture")
        XCTAssertEqual(info?.labels[ContainerLabels.managed], "true")
        XCTAssertFalse(info?.command.joined(separator: " ").contains(secret) ?? true)
        let isRunning = await engine.isRunning(plan.name)
        XCTAssertTrue(isRunning)
        // Not on the podman process's command line either.
        let cmdline = try String(decoding: Data(contentsOf: URL(fileURLWithPath: "/proc/\(handle.processID)/cmdline")), as: UTF8.self)
        XCTAssertTrue(cmdline.contains("FIXTURE_TOKEN"))
        XCTAssertFalse(cmdline.contains(secret))
        let managed = try await engine.listManaged()
        XCTAssertTrue(managed.contains { $0.name == plan.name })

        try await engine.stop(plan.name, timeout: 2)
        let status = await handle.waitForExit()
        XCTAssertNotNil(handle.exitStatus)
        _ = status
        let after = try await engine.inspect(plan.name)
        XCTAssertNil(after, "stopped container is removed (--rm)")
        handle.closePipes()
    }

    func testBadCommandExitsWithStderrTail() async throws {
        let plan = try fixturePlan(command: ["--no-such-flag"])
        let handle = try await engine.run(plan, secrets: ["FIXTURE_TOKEN": "x"])
        let status = await handle.waitForExit()
        XCTAssertNotEqual(status, 0)
        // The stderr reader may trail the exit by a moment; wait for its line.
        var lines: [String] = []
        for _ in 0..<50 where !lines.contains(where: { $0.contains("unknown argument --no-such-flag") }) {
            lines = handle.stderr.last()
            try await Task.sleep(nanoseconds: 20_000_000)
        }
        XCTAssertTrue(lines.contains { $0.contains("unknown argument --no-such-flag") }, "\(lines)")
        let info = try await engine.inspect(plan.name)
        XCTAssertNil(info)
        handle.closePipes()
    }

    func testSweepRemovesUntrackedOrphansAndSparesTheRest() async throws {
        // An orphan: owned by a registry process that no longer exists.
        let deadPID: Int32 = 2_000_000_000 // above any pid_max: never alive
        let orphanPlan = try fixturePlan(ownerPID: deadPID)
        let keptPlan = try fixturePlan()
        let orphan = try await engine.run(orphanPlan, secrets: ["FIXTURE_TOKEN": "x"])
        let kept = try await engine.run(keptPlan, secrets: ["FIXTURE_TOKEN": "x"])
        for name in [orphanPlan.name, keptPlan.name] {
            var running = false
            for _ in 0..<100 where !running {
                running = await engine.isRunning(name)
                if !running { try await Task.sleep(nanoseconds: 50_000_000) }
            }
            XCTAssertTrue(running, name)
        }
        let removed = try await engine.sweep(except: [keptPlan.name])
        XCTAssertTrue(removed.contains(orphanPlan.name))
        XCTAssertFalse(removed.contains(keptPlan.name))
        _ = await orphan.waitForExit()
        let orphanInfo = try await engine.inspect(orphanPlan.name)
        XCTAssertNil(orphanInfo)
        let keptRunning = await engine.isRunning(keptPlan.name)
        XCTAssertTrue(keptRunning)
        try await engine.stop(keptPlan.name, timeout: 1)
        _ = await kept.waitForExit()
        orphan.closePipes()
        kept.closePipes()
    }

    /// The engine states the fact; how to install podman is `RegistryServer`'s wording
    /// (`ErrorWordingTests`).
    func testMissingPodmanIsReportedAsMissing() async throws {
        let missing = PodmanEngine(executable: "podman-not-installed-here")
        do {
            try await missing.checkAvailable()
            XCTFail("expected an error")
        } catch {
            XCTAssertEqual(error as? ContainerEngineError, .engineMissing(engine: "podman", reason: .notFound))
            XCTAssertEqual("\(error)", "podman is not installed or cannot run")
        }
    }
}
