import ContainerRuntime
import RegistryServer
import Foundation
import Gateway
import MCP
import MCPStdio
import RegistryCore

/// The activation figures (issue 5), with real podman and the fixture MCP server image:
/// add → tools listed, the proxied call's overhead against calling the same child directly,
/// and concurrent proxied calls.
enum ActivationSuite {
    static func run(_ options: BenchmarkOptions) async throws {
        print("== activation: image \(options.image); \(options.runs) adds, \(options.calls) echo calls each way, \(options.concurrent) concurrent calls")
        var environment: [String: String] = [:]
        if ProcessInfo.processInfo.environment["CONTAINERS_CONF"] == nil {
            let conf = options.fixtures.deletingLastPathComponent().appendingPathComponent("podman/containers.conf")
            if FileManager.default.fileExists(atPath: conf.path) { environment["CONTAINERS_CONF"] = conf.path }
        }
        let engine = PodmanEngine(environment: environment)
        guard engine.executable != nil else {
            print("  UNAVAILABLE: podman is not installed; activation figures skipped. \(ContainerEngineError.installHint)")
            return
        }
        do {
            try await engine.checkAvailable()
        } catch {
            print("  UNAVAILABLE: podman does not work here (\(error)); activation figures skipped.")
            return
        }
        guard try await engine.imageExists(options.image) else {
            print("  UNAVAILABLE: the image \(options.image) is missing; build it with `scripts/build-test-image \(options.image)` (scripts/bench does). Activation figures skipped.")
            return
        }

        let settings = RegistrySettings()
        let entry = CatalogEntry(
            id: "local/fixture", name: "fixture",
            launch: .container(ContainerLaunch(image: options.image, disableNetwork: true)))
        let gateway = Gateway(settings: settings, engine: engine)

        // Add → tools listed (the whole activation: plan, podman run, initialize, list), then remove.
        var adds: [Double] = []
        for _ in 0..<options.runs {
            let start = DispatchTime.now().uptimeNanoseconds
            let activation = try await gateway.activate(entry: entry, prefix: "fx", remember: false)
            let listed = await gateway.tools()
            adds.append(seconds(since: start))
            guard activation.tools.contains(where: { $0.name == "fx__echo" }), listed.contains(where: { $0.name == "fx__echo" }) else {
                throw SuiteError("the activation listed no fx__echo: \(activation.tools.map(\.name))")
            }
            try await gateway.remove(id: entry.id)
        }

        // The same hardened `podman run -i` plan, started directly, to `initialize` answered.
        let planner = ContainerPlanner(settings: settings.containers, session: "bench-direct")
        var bare: [Double] = []
        for _ in 0..<options.runs {
            let start = DispatchTime.now().uptimeNanoseconds
            let direct = try await DirectChild.start(planner: planner, entry: entry, engine: engine)
            bare.append(seconds(since: start))
            await direct.stop(engine: engine)
        }
        // The same with a network (a bridge: netavark and its iptables rules), which an entry
        // that needs the network pays on every start.
        var bridged = entry
        bridged.launch = .container(ContainerLaunch(image: options.image, disableNetwork: false))
        var bareBridged: [Double] = []
        for _ in 0..<options.runs {
            let start = DispatchTime.now().uptimeNanoseconds
            let direct = try await DirectChild.start(planner: planner, entry: bridged, engine: engine)
            bareBridged.append(seconds(since: start))
            await direct.stop(engine: engine)
        }
        print("  add → tools listed (Gateway.activate):       \(Percentiles(adds).describe(target: 1.0))")
        print("  for reference, bare hardened podman run -i → initialize answered: \(Percentiles(bare).describe())")
        print("  the same with a bridge network instead of --network none:          \(Percentiles(bareBridged).describe())")
        let activateOverBare = Percentiles(adds).p50 - Percentiles(bare).p50
        print(String(format: "  add (in process) − bare podman run + initialize: p50 %+.1f ms   ", activateOverBare * 1000)
              + Target.verdict(activateOverBare, under: 0.050, label: "difference"))

        // Proxied against direct, interleaved so both see the same machine.
        _ = try await gateway.activate(entry: entry, prefix: "fx", remember: false)
        let direct = try await DirectChild.start(planner: planner, entry: entry, engine: engine)
        var directTimes: [Double] = []
        var proxiedTimes: [Double] = []
        do {
            for round in 0..<(options.calls + 50) {
                let text = "echo-\(round)"
                var start = DispatchTime.now().uptimeNanoseconds
                let own = try await direct.client.callTool(name: "echo", arguments: ["text": .string(text)])
                let directSeconds = seconds(since: start)
                start = DispatchTime.now().uptimeNanoseconds
                let proxied = try await gateway.call(exposedName: "fx__echo", arguments: ["text": .string(text)])
                let proxiedSeconds = seconds(since: start)
                guard Self.text(own.content) == text, Self.text(proxied.content) == text else {
                    throw SuiteError("echo answered \(Self.text(own.content) ?? "nothing") / \(Self.text(proxied.content) ?? "nothing") for \(text)")
                }
                if round >= 50 {  // the first 50 of each warm up
                    directTimes.append(directSeconds)
                    proxiedTimes.append(proxiedSeconds)
                }
            }
        } catch {
            await direct.stop(engine: engine)
            await gateway.stopAll()
            throw error
        }
        await direct.stop(engine: engine)
        let directStats = Percentiles(directTimes)
        let proxiedStats = Percentiles(proxiedTimes)
        print("  echo, child called directly (MCP client → podman run -i): \(directStats.describe())")
        print("  echo, proxied (Gateway.call → child session → podman):    \(proxiedStats.describe())")
        let overheadP50 = proxiedStats.p50 - directStats.p50
        print(String(format: "  proxied call overhead: p50 %+.3f ms · p99 %+.3f ms   ", overheadP50 * 1000, (proxiedStats.p99 - directStats.p99) * 1000)
              + Target.verdict(overheadP50, under: 0.001))

        // Concurrent proxied calls: every one must come back with its own answer.
        var lost: [String] = []
        var rounds: [Double] = []
        let concurrentRounds = 3
        for round in 0..<concurrentRounds {
            let start = DispatchTime.now().uptimeNanoseconds
            let failures = await withTaskGroup(of: String?.self) { group in
                for index in 0..<options.concurrent {
                    group.addTask {
                        let text = "concurrent-\(round)-\(index)"
                        do {
                            let result = try await gateway.call(exposedName: "fx__echo", arguments: ["text": .string(text)])
                            return Self.text(result.content) == text && result.isError != true ? nil : "\(text): wrong answer \(Self.text(result.content) ?? "none")"
                        } catch {
                            return "\(text): \(error)"
                        }
                    }
                }
                var failures: [String] = []
                for await failure in group { if let failure { failures.append(failure) } }
                return failures
            }
            rounds.append(seconds(since: start))
            lost += failures
        }
        await gateway.stopAll()
        let total = options.concurrent * concurrentRounds
        print("  \(options.concurrent) concurrent proxied calls × \(concurrentRounds) rounds: \(total - lost.count)/\(total) answered correctly, "
              + String(format: "%.0f ms per round (median)   target no call lost: %@", Percentiles(rounds).p50 * 1000, lost.isEmpty ? "met" : "MISSED"))
        for failure in lost.prefix(5) { print("    lost: \(failure)") }

        try await stdioFigures(options, entry: entry, planner: planner, engine: engine, environment: environment, bare: bare)
    }

    /// The same figures as a client sees them: the real `mcp-registry serve` over stdio,
    /// driven with raw JSON-RPC lines, against raw lines to the child started directly.
    static func stdioFigures(
        _ options: BenchmarkOptions, entry: CatalogEntry, planner: ContainerPlanner, engine: PodmanEngine, environment: [String: String],
        bare: [Double]
    ) async throws {
        guard FileManager.default.isExecutableFile(atPath: options.server.path) else {
            print("  no server binary at \(options.server.path): the figures over stdio are skipped")
            return
        }
        print("  through the real server over stdio (mcp-registry serve, raw JSON-RPC lines, entry bench/fixture from a local catalog):")
        let work = try temporaryFolder("registry-bench-activation")
        defer { if !options.keep { try? FileManager.default.removeItem(at: work) } }
        let registry = try StdioRegistry(binary: options.server, image: options.image, work: work, environment: environment)
        defer { registry.stop() }
        let channel = registry.channel

        var adds: [Double] = []
        for _ in 0..<options.runs {
            let start = DispatchTime.now().uptimeNanoseconds
            let added = try channel.callTool("registry-add", #"{"id":"bench/fixture","prefix":"fx"}"#)
            let names = try channel.toolNames()
            adds.append(seconds(since: start))
            guard !added.isError, names.contains("fx__echo") else { throw SuiteError("registry-add failed: \(added.text ?? "")") }
            _ = try channel.callTool("registry-remove", #"{"id":"bench/fixture"}"#)
        }
        print("    registry-add → tools/list shows the tools:   \(Percentiles(adds).describe(target: 1.0))")
        let addOverBare = Percentiles(adds).p50 - Percentiles(bare).p50
        print(String(format: "    add over stdio − bare podman run + initialize: p50 %+.1f ms   ", addOverBare * 1000)
              + Target.verdict(addOverBare, under: 0.050, label: "difference"))

        let added = try channel.callTool("registry-add", #"{"id":"bench/fixture","prefix":"fx"}"#)
        guard !added.isError else { throw SuiteError("registry-add failed: \(added.text ?? "")") }
        let plan = try planner.plan(entry: entry, config: [:], availableSecrets: [])
        let handle = try await engine.run(plan, secrets: [:])
        defer { handle.closePipes() }
        let child = RawChannel(writingTo: handle.stdin, readingFrom: handle.stdout)
        try child.initialize()
        var directTimes: [Double] = []
        var proxiedTimes: [Double] = []
        for round in 0..<(options.calls + 50) {
            let text = "echo-\(round)"
            var start = DispatchTime.now().uptimeNanoseconds
            let own = try child.callTool("echo", #"{"text":"\#(text)"}"#)
            let directSeconds = seconds(since: start)
            start = DispatchTime.now().uptimeNanoseconds
            let proxied = try channel.callTool("fx__echo", #"{"text":"\#(text)"}"#)
            let proxiedSeconds = seconds(since: start)
            guard own.text == text, proxied.text == text else {
                throw SuiteError("echo answered \(own.text ?? "nothing") / \(proxied.text ?? "nothing") for \(text)")
            }
            if round >= 50 {
                directTimes.append(directSeconds)
                proxiedTimes.append(proxiedSeconds)
            }
        }
        handle.closePipes()
        try? await engine.stop(handle.name, timeout: 2)
        let directStats = Percentiles(directTimes)
        let proxiedStats = Percentiles(proxiedTimes)
        print("    echo, child directly (raw lines → podman run -i): \(directStats.describe())")
        print("    echo, proxied (raw lines → registry → child):     \(proxiedStats.describe())")
        let overhead = proxiedStats.p50 - directStats.p50
        print(String(format: "    proxied call overhead over stdio: p50 %+.3f ms · p99 %+.3f ms   ", overhead * 1000, (proxiedStats.p99 - directStats.p99) * 1000)
              + Target.verdict(overhead, under: 0.0003))

        var correct = 0
        var times: [Double] = []
        let rounds = 3
        for round in 0..<rounds {
            let start = DispatchTime.now().uptimeNanoseconds
            correct += try channel.concurrentCalls(
                "fx__echo", count: options.concurrent,
                arguments: { #"{"text":"c-\#(round)-\#($0)"}"# }, expected: { "c-\(round)-\($0)" })
            times.append(seconds(since: start))
        }
        let total = options.concurrent * rounds
        print("    \(options.concurrent) proxied calls sent at once × \(rounds) rounds: \(correct)/\(total) answered correctly, "
              + String(format: "%.0f ms per round (median)   target no call lost: %@", Percentiles(times).p50 * 1000, correct == total ? "met" : "MISSED"))
        _ = try channel.callTool("registry-remove", #"{"id":"bench/fixture"}"#)
    }

    static func text(_ content: [Tool.Content]) -> String? {
        for item in content {
            if case .text(let text, _, _) = item { return text }
        }
        return nil
    }
}

/// The fixture started directly with the gateway's own hardened plan, and an MCP client
/// (swift-sdk `Client` over `PipeTransport`) on its stdin/stdout: the baseline for the
/// proxied call.
struct DirectChild {
    let handle: ContainerHandle
    let client: Client

    static func start(planner: ContainerPlanner, entry: CatalogEntry, engine: PodmanEngine) async throws -> DirectChild {
        let plan = try planner.plan(entry: entry, config: [:], availableSecrets: [])
        let handle = try await engine.run(plan, secrets: [:])
        let client = Client(name: "registry-benchmark-direct", version: "1")
        do {
            _ = try await client.connect(transport: PipeTransport(input: handle.stdout, output: handle.stdin))
        } catch {
            try? await engine.stop(handle.name, timeout: 1)
            throw error
        }
        return DirectChild(handle: handle, client: client)
    }

    func stop(engine: PodmanEngine) async {
        await client.disconnect()
        handle.closePipes()
        try? await engine.stop(handle.name, timeout: 2)
        _ = await handle.waitForExit()
    }
}
