import ContainerRuntime
import Foundation
import Gateway
import MCP
import RegistryCore
import TestSupport
import XCTest

/// The gateway against real podman and the fixture MCP server image.
final class GatewayTests: XCTestCase {
    var engine: PodmanEngine!
    var root: URL!
    var gateway: Gateway!

    override func setUp() async throws {
        engine = try await TestPodman.requireFixtureImage()
        root = try TemporaryDirectory(prefix: "gw").url
    }

    override func tearDown() async throws {
        await gateway?.stopAll()
        try? FileManager.default.removeItem(at: root)
    }

    var paths: RegistryPaths {
        RegistryPaths(dataDirectory: root.appendingPathComponent("data"), configDirectory: root.appendingPathComponent("config"))
    }

    func makeGateway(callTimeout: Double = 60, restart: Gateway.RestartPolicy = .init(initialDelay: 0.2, maximumDelay: 1, maximumAttempts: 3)) -> Gateway {
        let settings = RegistrySettings(containers: ContainerSettings(memory: "256m", pidsLimit: 64, startTimeout: 30, callTimeout: callTimeout))
        gateway = Gateway(
            settings: settings, secrets: SecretStore(paths: paths), configStore: ServerConfigStore(paths: paths),
            engine: engine, forbiddenPaths: [paths.configDirectory.path],
            stateFile: paths.cacheDirectory.appendingPathComponent("active-servers.json"),
            restartPolicy: restart)
        return gateway
    }

    func fixture(id: String = "local/fixture", command: [String] = []) -> CatalogEntry {
        CatalogEntry(
            id: id, name: "fixture",
            launch: .container(ContainerLaunch(image: TestPodman.image, command: command, disableNetwork: true)),
            configuration: ConfigurationSpec(
                secrets: [SecretRequirement(name: "fixture.token", env: "FIXTURE_TOKEN", description: "A token for tests")],
                env: [EnvRequirement(name: "FIXTURE_MODE", value: "{{fixture.mode|or:plain}}")]))
    }

    func text(_ result: CallTool.Result) -> String { textOf(result) }

    func managedContainers(entry: String) async throws -> [ContainerInfo] {
        try await engine.listManaged().filter { $0.labels[ContainerLabels.entry] == entry }
    }

    func testActivateListCallSecretAndRemove() async throws {
        let gateway = makeGateway()
        let secret = "tok-\(UUID().uuidString)"
        try SecretStore(paths: paths).set("fixture.token", secret)
        let changes = Counter()
        await gateway.onToolsChanged { changes.increment() }

        let activation = try await gateway.activate(entry: fixture(), prefix: "fx")
        XCTAssertEqual(activation.prefix, "fx")
        XCTAssertFalse(activation.alreadyActive)
        XCTAssertEqual(activation.serverName, "mcp-fixture-server")
        XCTAssertEqual(activation.resourceCount, 1)
        XCTAssertEqual(activation.promptCount, 1)
        let names = Set(activation.tools.map(\.name))
        XCTAssertTrue(names.isSuperset(of: ["fx__echo", "fx__add", "fx__env", "fx__fail", "fx__slow"]), "\(names)")
        let add = try XCTUnwrap(activation.tools.first { $0.name == "fx__add" })
        XCTAssertEqual(add.inputSchema, ["type": "object", "properties": ["a": ["type": "number"], "b": ["type": "number"]], "required": ["a", "b"]], "schema verbatim")
        XCTAssertNotNil(add.outputSchema)
        let listed = await gateway.tools()
        XCTAssertEqual(Set(listed.map(\.name)), names)

        let echo = try await gateway.call(exposedName: "fx__echo", arguments: ["text": "hello"])
        XCTAssertEqual(text(echo), "hello")
        let sum = try await gateway.call(exposedName: "fx__add", arguments: ["a": 2, "b": 3])
        XCTAssertEqual(sum.structuredContent, ["sum": 5])
        XCTAssertEqual(text(sum), "5")
        let failed = try await gateway.call(exposedName: "fx__fail", arguments: [:])
        XCTAssertEqual(failed.isError, true)
        XCTAssertEqual(text(failed), "this tool always fails")
        let mode = try await gateway.call(exposedName: "fx__env", arguments: ["name": "FIXTURE_MODE"])
        XCTAssertEqual(text(mode), "plain", "templated env with its or: default")

        // The secret reaches the container…
        let env = try await gateway.call(exposedName: "fx__env", arguments: ["name": "FIXTURE_TOKEN"])
        XCTAssertEqual(text(env), secret)
        // …but not its command line, podman's command line, or the status output.
        let info = await gateway.active()
        XCTAssertEqual(info.count, 1)
        let server = info[0]
        XCTAssertEqual(server.entryID, "local/fixture")
        XCTAssertEqual(server.status, "running")
        XCTAssertEqual(server.secretNames, ["fixture.token"])
        XCTAssertEqual(server.environmentNames, ["FIXTURE_MODE"])
        XCTAssertEqual(server.toolCount, names.count)
        XCTAssertEqual(server.restarts, 0)
        let status = try String(decoding: JSONEncoder().encode(info), as: UTF8.self)
        XCTAssertFalse(status.contains(secret))
        let name = try XCTUnwrap(server.containerName)
        let inspected = try await ProcessRunner.run(engine.executable!, ["container", "inspect", "--format", "{{.Path}} {{json .Args}}", name], environment: engine.environment)
        XCTAssertTrue(inspected.succeeded, inspected.stderrText)
        XCTAssertFalse(inspected.stdoutText.contains(secret))
        let ps = try await ProcessRunner.run("/bin/ps", ["-eo", "args"], environment: ProcessInfo.processInfo.environment)
        XCTAssertTrue(ps.stdoutText.contains(name), "podman run is visible in ps")
        XCTAssertFalse(ps.stdoutText.contains(secret), "but never the secret")
        XCTAssertEqual(gateway.savedActivations(), [ActiveServerRecord(entryID: "local/fixture", prefix: "fx")])

        let again = try await gateway.activate(entry: fixture(), prefix: "other")
        XCTAssertTrue(again.alreadyActive)
        XCTAssertEqual(again.prefix, "fx")

        let removal = try await gateway.remove(id: "local/fixture")
        XCTAssertTrue(removal.confirmedGone)
        XCTAssertEqual(Set(removal.removedTools), names)
        let leftTools = await gateway.tools()
        XCTAssertTrue(leftTools.isEmpty)
        let containers = try await managedContainers(entry: "local/fixture")
        XCTAssertTrue(containers.isEmpty)
        XCTAssertEqual(gateway.savedActivations(), [])
        do {
            _ = try await gateway.call(exposedName: "fx__echo", arguments: ["text": "x"])
            XCTFail("removed tools are gone")
        } catch let error as GatewayError {
            guard case .unknownTool = error else { return XCTFail("\(error)") }
        }
        XCTAssertGreaterThanOrEqual(changes.value, 2, "list_changed on add and on remove")
    }

    func testFailingStartReturnsStderrAndLeavesNothingRunning() async throws {
        let gateway = makeGateway()
        let entry = fixture(id: "local/broken", command: ["--bogus"])
        do {
            _ = try await gateway.activate(entry: entry, config: ["fixture.token": "x"])
            XCTFail("expected a start failure")
        } catch let error as GatewayError {
            guard case .startFailed(let id, _, let stderr) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(id, "local/broken")
            XCTAssertTrue(stderr.contains { $0.contains("unknown argument --bogus") }, "\(stderr)")
            XCTAssertTrue(error.description.contains("unknown argument --bogus"))
            XCTAssertFalse(error.description.contains("\"x\""))
        }
        let containers = try await managedContainers(entry: "local/broken")
        XCTAssertTrue(containers.isEmpty)
        let active = await gateway.active()
        XCTAssertTrue(active.isEmpty)
    }

    func testMissingConfigurationIsListedAndNothingStarts() async throws {
        let gateway = makeGateway()
        do {
            _ = try await gateway.activate(entry: fixture(id: "local/needs-token"))
            XCTFail("expected missing configuration")
        } catch let error as GatewayError {
            guard case .missingConfiguration(_, let missing) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(missing, [MissingValue(kind: "secret", name: "fixture.token", description: "A token for tests")])
            XCTAssertTrue(error.description.contains("fixture.token"), error.description)
        }
        do {
            _ = try await gateway.activate(entry: fixture(id: "local/needs-token"), config: ["nonsense": "1"])
            XCTFail("expected invalid configuration")
        } catch let error as GatewayError {
            guard case .invalidConfiguration(_, let problems) = error,
                  case .unknownName("nonsense", "local/needs-token", let declared)? = problems.first else { return XCTFail("\(error)") }
            XCTAssertTrue(declared.contains(DeclaredSetting(name: "fixture.token", kind: "secret")), "\(problems)")
        }
        let containers = try await managedContainers(entry: "local/needs-token")
        XCTAssertTrue(containers.isEmpty)
    }

    func testCollidingPrefixesCrashRestartAndListChanged() async throws {
        let gateway = makeGateway()
        let changes = Counter()
        await gateway.onToolsChanged { changes.increment() }
        let first = try await gateway.activate(entry: fixture(id: "local/one"), prefix: "fixture", config: ["fixture.token": "a"])
        let second = try await gateway.activate(entry: fixture(id: "local/two"), prefix: "fixture", config: ["fixture.token": "b"])
        XCTAssertEqual(try SecretStore(paths: paths).get("fixture.token"), "b", "values given to activate are remembered")
        XCTAssertEqual(first.prefix, "fixture")
        XCTAssertEqual(second.prefix, "fixture_2", "a colliding prefix gets a suffix")
        let one = try await gateway.call(exposedName: "fixture__env", arguments: ["name": "FIXTURE_TOKEN"])
        let two = try await gateway.call(exposedName: "fixture_2__env", arguments: ["name": "FIXTURE_TOKEN"])
        XCTAssertEqual(text(one), "a")
        XCTAssertEqual(text(two), "b")

        // Resources and prompts are proxied too: prompts by prefix, resource URIs kept
        // unless another server already has them.
        let prompts = await gateway.prompts().map(\.name)
        XCTAssertEqual(Set(prompts), ["fixture__greet", "fixture_2__greet"])
        let greeting = try await gateway.getPrompt(exposedName: "fixture_2__greet", arguments: ["who": "Ada"])
        XCTAssertEqual(greeting.messages.first.map { message -> String in
            if case .text(let text) = message.content { return text } else { return "" }
        }, "Hello, Ada!")
        let resources = await gateway.resources()
        XCTAssertEqual(resources.count, 2)
        XCTAssertTrue(resources.contains { $0.uri == "fixture://readme" && $0.name == "fixture__readme" })
        let other = try XCTUnwrap(resources.first { $0.uri != "fixture://readme" })
        XCTAssertEqual(other.name, "fixture_2__readme")
        let read = try await gateway.readResource(uri: other.uri)
        XCTAssertEqual(read.first?.text, "The fixture server's readme.")
        XCTAssertEqual(read.first?.uri, other.uri)

        // A child's own tools/list_changed is followed.
        let before = changes.value
        _ = try await gateway.call(exposedName: "fixture__grow", arguments: ["name": "extra"])
        try await eventually { await gateway.tools().contains { $0.name == "fixture__extra" } }
        XCTAssertGreaterThan(changes.value, before)
        let extra = try await gateway.call(exposedName: "fixture__extra", arguments: ["text": "grown"])
        XCTAssertEqual(text(extra), "grown")

        // A crash: tools stay listed, calls fail clearly, the child comes back.
        let crashedContainer = await gateway.active().first { $0.entryID == "local/two" }?.containerName
        do {
            _ = try await gateway.call(exposedName: "fixture_2__crash", arguments: [:])
            XCTFail("a crashing call cannot succeed")
        } catch {
            XCTAssertFalse("\(error)".isEmpty)
        }
        let listed = await gateway.tools().map(\.name)
        XCTAssertTrue(listed.contains("fixture_2__echo"), "tools stay listed while restarting")
        try await eventually {
            let server = await gateway.active().first { $0.entryID == "local/two" }
            return server?.status == "running" && server?.restarts == 1
        }
        let restarted = await gateway.active().first { $0.entryID == "local/two" }
        let server = try XCTUnwrap(restarted)
        XCTAssertNotEqual(server.containerName, crashedContainer)
        XCTAssertTrue(server.lastError?.contains("exited") ?? false, "\(server.lastError ?? "nil")")
        let back = try await gateway.call(exposedName: "fixture_2__echo", arguments: ["text": "back"])
        XCTAssertEqual(text(back), "back")

        // A child that keeps dying right after it starts is given up on (maximumAttempts 3).
        for _ in 0..<2 {
            let restartsBefore = await gateway.active().first { $0.entryID == "local/two" }?.restarts ?? 0
            _ = try? await gateway.call(exposedName: "fixture_2__crash", arguments: [:])
            try await eventually {
                let server = await gateway.active().first { $0.entryID == "local/two" }
                return server?.status == "failed" || (server?.status == "running" && (server?.restarts ?? 0) > restartsBefore)
            }
        }
        let given = await gateway.active().first { $0.entryID == "local/two" }
        XCTAssertEqual(given?.status, "failed")
        do {
            _ = try await gateway.call(exposedName: "fixture_2__echo", arguments: ["text": "x"])
            XCTFail("a failed server takes no calls")
        } catch let error as GatewayError {
            guard case .serverUnavailable(let id, .givenUp(let lastError)) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(id, "local/two")
            XCTAssertNotNil(lastError)
        }
        let stillListed = await gateway.tools().map(\.name)
        XCTAssertTrue(stillListed.contains("fixture_2__echo"))

        await gateway.stopAll()
        let left = try await engine.listManaged().filter { ["local/one", "local/two"].contains($0.labels[ContainerLabels.entry] ?? "") }
        XCTAssertTrue(left.isEmpty, "stopAll leaves nothing: \(left.map(\.name))")
        let tools = await gateway.tools()
        XCTAssertTrue(tools.isEmpty)
    }

    func testTimeoutCancellationAndConcurrentCalls() async throws {
        let gateway = makeGateway(callTimeout: 1)
        _ = try await gateway.activate(entry: fixture(), config: ["fixture.token": "t"], remember: false)
        XCTAssertFalse(SecretStore(paths: paths).has("fixture.token"), "remember: false keeps them in memory")
        do {
            _ = try await gateway.call(exposedName: "fixture__slow", arguments: ["seconds": 20])
            XCTFail("expected a time-out")
        } catch let error as ChildSessionError {
            guard case .callTimeout(let tool, _) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(tool, "slow")
        }
        // Progress from the child reaches the caller.
        let progress = Counter()
        let slow = try await gateway.call(exposedName: "fixture__slow", arguments: ["seconds": 0.3], progress: { _ in progress.increment() })
        XCTAssertEqual(text(slow), "slept 0.3s")
        XCTAssertGreaterThan(progress.value, 0)

        // Cancelling the caller cancels the call (else it would return after 0.9 s).
        let task = Task { try await gateway.call(exposedName: "fixture__slow", arguments: ["seconds": 0.9]) }
        try await Task.sleep(nanoseconds: 200_000_000)
        task.cancel()
        switch await task.result {
        case .success(let result): XCTFail("a cancelled call returned \(text(result))")
        case .failure(let error): XCTAssertTrue(error is CancellationError, "\(error)")
        }

        // Concurrent calls all come back with their own answers.
        let answers = try await withThrowingTaskGroup(of: (Int, String).self) { group in
            for index in 0..<40 {
                group.addTask {
                    let result = try await gateway.call(exposedName: "fixture__add", arguments: ["a": .int(index), "b": 1000])
                    return (index, textOf(result))
                }
            }
            var answers: [Int: String] = [:]
            for try await (index, answer) in group { answers[index] = answer }
            return answers
        }
        XCTAssertEqual(answers.count, 40)
        for (index, answer) in answers { XCTAssertEqual(answer, String(index + 1000)) }
        // The session is still healthy after the time-out.
        let echo = try await gateway.call(exposedName: "fixture__echo", arguments: ["text": "still here"])
        XCTAssertEqual(text(echo), "still here")
    }

    func testSweepOrphansSparesTrackedContainers() async throws {
        let gateway = makeGateway()
        _ = try await gateway.activate(entry: fixture(), config: ["fixture.token": "t"])
        // An orphan left by a registry that no longer runs.
        let planner = ContainerPlanner(settings: ContainerSettings(), session: "dead", ownerPID: 2_000_000_000)
        let plan = try planner.plan(entry: fixture(id: "local/orphan"), config: [:], availableSecrets: ["fixture.token"])
        let orphan = try await engine.run(plan, secrets: ["FIXTURE_TOKEN": "x"])
        try await eventually { await self.engine.isRunning(plan.name) }
        let swept = await gateway.sweepOrphans()
        XCTAssertTrue(swept.contains(plan.name))
        _ = await orphan.waitForExit()
        orphan.closePipes()
        let echo = try await gateway.call(exposedName: "fixture__echo", arguments: ["text": "alive"])
        XCTAssertEqual(text(echo), "alive", "the tracked child survives the sweep")
    }

    func testSetConfigurationStoresSecretsApartAndRestartsTheServer() async throws {
        let gateway = makeGateway()
        let entry = fixture()
        XCTAssertEqual(gateway.missingConfiguration(for: entry).map(\.name), ["fixture.token"])
        let stored = try await gateway.setConfiguration(entry: entry, values: ["FIXTURE_TOKEN": "first"])
        XCTAssertEqual(stored.secretNames, ["fixture.token"])
        XCTAssertFalse(stored.restarted)
        XCTAssertEqual(stored.stillMissing, [])
        _ = try await gateway.activate(entry: entry)
        let before = await gateway.active().first?.containerName

        let update = try await gateway.setConfiguration(entry: entry, values: ["fixture.token": "second", "mode": "fancy"])
        XCTAssertTrue(update.restarted)
        XCTAssertEqual(update.valueNames, ["mode"])
        let token = try await gateway.call(exposedName: "fixture__env", arguments: ["name": "FIXTURE_TOKEN"])
        let mode = try await gateway.call(exposedName: "fixture__env", arguments: ["name": "FIXTURE_MODE"])
        XCTAssertEqual(text(token), "second")
        XCTAssertEqual(text(mode), "fancy")
        let after = await gateway.active().first?.containerName
        XCTAssertNotEqual(before, after)
        let settings = try String(contentsOf: paths.settingsFile, encoding: .utf8)
        XCTAssertTrue(settings.contains("fancy"))
        XCTAssertFalse(settings.contains("second"), "secrets never go to the settings file")
        XCTAssertEqual(try SecretStore(paths: paths).get("fixture.token"), "second")

        do {
            _ = try await gateway.setConfiguration(entry: entry, values: ["unknown_thing": "x"])
            XCTFail("expected invalid configuration")
        } catch let error as GatewayError {
            guard case .invalidConfiguration = error else { return XCTFail("\(error)") }
        }
    }

    func testIdleChildIsStoppedAndStartedAgainOnTheNextCall() async throws {
        let settings = RegistrySettings(containers: ContainerSettings(idleTimeout: 1, startTimeout: 30, callTimeout: 30))
        let gateway = Gateway(settings: settings, engine: engine)
        self.gateway = gateway
        _ = try await gateway.activate(entry: fixture(), config: ["fixture.token": "t"])
        let first = await gateway.active().first?.containerName
        try await eventually { await gateway.active().first?.status == "idle" }
        let idleName = try XCTUnwrap(first)
        try await eventually { try await self.engine.inspect(idleName) == nil }
        let tools = await gateway.tools()
        XCTAssertTrue(tools.contains { $0.name == "fixture__echo" }, "an idle server's tools stay listed")
        let echo = try await gateway.call(exposedName: "fixture__echo", arguments: ["text": "awake"])
        XCTAssertEqual(text(echo), "awake")
        let woken = await gateway.active().first
        XCTAssertEqual(woken?.status, "running")
        XCTAssertNotEqual(woken?.containerName, first)
    }

    func testAbsentImageFailsClearlyUnderEachPullPolicy() async throws {
        let entry = CatalogEntry(id: "local/absent", name: "absent", launch: .container(ContainerLaunch(image: "localhost/mcp-registry-absent:\(UUID().uuidString.prefix(8).lowercased())")))
        for (policy, expected) in [("never", "pull policy is `never`"), ("missing", "pulling it failed")] {
            let gateway = Gateway(settings: RegistrySettings(containers: ContainerSettings(pullPolicy: policy)), engine: engine)
            do {
                _ = try await gateway.activate(entry: entry)
                XCTFail("expected a failure")
            } catch {
                XCTAssertTrue("\(error)".contains(expected), "\(policy): \(error)")
                XCTAssertTrue("\(error)".contains("Nothing was left running"))
            }
            let containers = try await managedContainers(entry: "local/absent")
            XCTAssertTrue(containers.isEmpty)
        }
    }

    func testPodmanMissingIsAStartFailureOfTheEngine() async throws {
        let gateway = Gateway(engine: PodmanEngine(executable: "no-podman-here"))
        self.gateway = gateway
        do {
            _ = try await gateway.activate(entry: fixture(), config: ["fixture.token": "t"])
            XCTFail("expected an error")
        } catch {
            guard case .startFailed(_, .engine(.engineMissing("podman", .notFound)), _)? = error as? GatewayError else { return XCTFail("\(error)") }
            XCTAssertTrue("\(error)".contains("podman is not installed or cannot run"), "\(error)")
        }
    }
}
