import ContainerRuntime
import Foundation
import RegistryCore

/// Issue 16, the soak (not CI): the real `mcp-registry serve` over stdio, with real podman
/// and the fixture image, through `--soak-cycles` add/remove cycles, `--soak-calls` proxied
/// calls with `--soak-in-flight` in flight, and `--soak-refreshes` refreshes of a local git
/// source (the Docker fixture, changed by a commit every tenth time). Figures: containers
/// left (0), descriptors and threads at the end against the start, resident memory sampled
/// every minute (no upward trend), calls lost (0).
enum SoakSuite {
    static func run(_ options: BenchmarkOptions) async throws {
        print("== soak: \(options.soakCycles) add/remove cycles, \(options.soakCalls) proxied calls with \(options.soakInFlight) in flight, "
              + "\(options.soakRefreshes) refreshes of a local git source; image \(options.image)")
        var environment: [String: String] = [:]
        if ProcessInfo.processInfo.environment["CONTAINERS_CONF"] == nil {
            let conf = options.fixtures.deletingLastPathComponent().appendingPathComponent("podman/containers.conf")
            if FileManager.default.fileExists(atPath: conf.path) { environment["CONTAINERS_CONF"] = conf.path }
        }
        let engine = PodmanEngine(environment: environment)
        guard engine.executable != nil, (try? await engine.checkAvailable()) != nil, (try? await engine.imageExists(options.image)) == true else {
            print("  UNAVAILABLE: podman or the image \(options.image) is missing; soak skipped (scripts/bench builds the image).")
            return
        }
        guard FileManager.default.isExecutableFile(atPath: options.server.path) else {
            print("  UNAVAILABLE: no server binary at \(options.server.path); soak skipped.")
            return
        }
        let work = try temporaryFolder("robust-bench-soak")
        defer { if !options.keep { try? FileManager.default.removeItem(at: work) } }

        // The git source: the Docker fixture as a local repository, served in place of the
        // built-in `docker` source (a mirror); the other built-ins are off (no network).
        let upstream = work.appendingPathComponent("upstream", isDirectory: true)
        try FileManager.default.copyItem(at: options.fixtures.appendingPathComponent("docker-mcp-registry"), to: upstream)
        try SourcesSuite.git(["init", "-q", "-b", "main"], in: upstream)
        try SourcesSuite.git(["add", "-A"], in: upstream)
        try SourcesSuite.git(["commit", "-q", "-m", "fixture"], in: upstream)
        let configFolder = work.appendingPathComponent("config/mcp-registry", isDirectory: true)
        try FileManager.default.createDirectory(at: configFolder, withIntermediateDirectories: true)
        let settings = RegistrySettings(sources: [
            SourceSetting(id: "docker", format: "docker", url: upstream.absoluteString),
            SourceSetting(id: "awesome", format: "awesome", url: "https://github.com/TensorBlock/awesome-mcp-servers", enabled: false),
            SourceSetting(id: "official", format: "official", url: "https://registry.modelcontextprotocol.io", enabled: false),
            SourceSetting(id: "mcpservers", format: "mcpservers", url: "https://mcpservers.org", enabled: false),
        ])
        try JSONEncoder().encode(settings).write(to: configFolder.appendingPathComponent("config.json"))

        let before = Set((try? await engine.listManaged())?.map(\.name) ?? [])
        let registry = try StdioRegistry(binary: options.server, image: options.image, work: work, environment: environment)
        let pid = registry.process.processIdentifier
        let channel = registry.channel
        // A first refresh and a first add/remove warm the process up before the start figures.
        try refresh(channel)
        try cycle(channel)
        let start = ProcessCensus(pid: pid)
        let sampler = MemorySampler(pid: pid, interval: 60)
        let began = Date()
        print("  start (after one refresh and one add/remove): \(start)")

        var failedCycles: [String] = []
        for index in 0..<options.soakCycles {
            do { try cycle(channel) } catch { failedCycles.append("cycle \(index): \(error)") }
        }
        let afterCycles = ProcessCensus(pid: pid)
        print(String(format: "  %d add/remove cycles: %d failed, %.0f s; now %@", options.soakCycles, failedCycles.count, Date().timeIntervalSince(began), afterCycles.description))
        for failure in failedCycles.prefix(3) { print("    \(failure)") }

        let callsBegan = Date()
        let added = try channel.callTool("registry-add", #"{"id":"bench/fixture","prefix":"fx"}"#)
        guard !added.isError else { throw SuiteError("registry-add failed: \(added.text ?? "")") }
        let calls = try channel.pipelinedCalls(
            "fx__echo", total: options.soakCalls, inFlight: options.soakInFlight,
            arguments: { #"{"text":"soak-\#($0)"}"# }, expected: { "soak-\($0)" })
        _ = try channel.callTool("registry-remove", #"{"id":"bench/fixture"}"#)
        let afterCalls = ProcessCensus(pid: pid)
        print(String(format: "  %d proxied calls, %d in flight: %d answered correctly, %d lost, %.0f s; now %@   target calls lost = 0: %@",
                     options.soakCalls, options.soakInFlight, calls.correct, calls.lost, Date().timeIntervalSince(callsBegan),
                     afterCalls.description, calls.lost == 0 && calls.correct == options.soakCalls ? "met" : "MISSED"))

        let refreshesBegan = Date()
        var failedRefreshes: [String] = []
        for index in 0..<options.soakRefreshes {
            if index % 10 == 9 {
                let readme = upstream.appendingPathComponent("soak-\(index).md")
                try Data("change \(index)\n".utf8).write(to: readme)
                try SourcesSuite.git(["add", "-A"], in: upstream)
                try SourcesSuite.git(["commit", "-q", "-m", "change \(index)"], in: upstream)
            }
            do { try refresh(channel) } catch { failedRefreshes.append("refresh \(index): \(error)") }
        }
        let samples = sampler.stop()
        let end = ProcessCensus(pid: pid)
        print(String(format: "  %d refreshes of the git source: %d failed, %.0f s", options.soakRefreshes, failedRefreshes.count, Date().timeIntervalSince(refreshesBegan)))
        for failure in failedRefreshes.prefix(3) { print("    \(failure)") }

        registry.stop()
        try? await Task.sleep(nanoseconds: 2_000_000_000)
        let left = ((try? await engine.listManaged())?.map(\.name) ?? []).filter { !before.contains($0) }
        print("  end: \(end)")
        print("  descriptors: \(start.descriptors) at the start → \(end.descriptors) at the end   target no growth: \(end.descriptors <= start.descriptors ? "met" : "MISSED")")
        print("  threads: \(start.threads) at the start → \(end.threads) at the end   target no growth: \(end.threads <= start.threads ? "met" : "MISSED")")
        let slope = MemorySampler.slope(samples)
        let minutes = Date().timeIntervalSince(began) / 60
        print("  resident memory every minute (MB): " + samples.map { String(format: "%.0f", Double($0.kB) / 1024) }.joined(separator: " "))
        print(String(format: "  resident memory trend: %+.2f MB per minute over %.1f minutes (%d samples)   target no upward trend: %@",
                     slope / 1024, minutes, samples.count,
                     samples.count < 3 ? "too few samples to tell (run longer)" : (slope * minutes < 0.05 * Double(start.residentKB) ? "met" : "MISSED")))
        print("  containers left after the registry stopped: \(left.count)   target 0: \(left.isEmpty ? "met" : "MISSED \(left)")")
    }

    nonisolated(unsafe) static var lastRefreshStart = Date.distantPast

    /// `registry-add` the fixture, check its tool answers, `registry-remove` it.
    static func cycle(_ channel: RawChannel) throws {
        let added = try channel.callTool("registry-add", #"{"id":"bench/fixture","prefix":"fx"}"#)
        guard !added.isError else { throw SuiteError("registry-add failed: \(added.text ?? "")") }
        let echo = try channel.callTool("fx__echo", #"{"text":"cycle"}"#)
        guard echo.text == "cycle" else { throw SuiteError("echo answered \(echo.text ?? "nothing")") }
        let removed = try channel.callTool("registry-remove", #"{"id":"bench/fixture"}"#)
        guard !removed.isError else { throw SuiteError("registry-remove failed: \(removed.text ?? "")") }
    }

    /// Refreshes the `docker` source and waits (up to 120 s) until registry-status shows a
    /// new attempt finished; throws when it failed.
    static func refresh(_ channel: RawChannel) throws {
        // registry-status gives `lastAttempt` to the second: two refreshes in one second
        // would look like one.
        let sinceLast = Date().timeIntervalSince(lastRefreshStart)
        if sinceLast < 1.1 { Thread.sleep(forTimeInterval: 1.1 - sinceLast) }
        lastRefreshStart = Date()
        let before = try sourceStatus(channel)?["lastAttempt"].map { "\($0)" }
        let started = try channel.callTool("registry-refresh", #"{"source":"docker","force":true}"#)
        guard !started.isError else { throw SuiteError("registry-refresh failed: \(started.text ?? "")") }
        let deadline = Date().addingTimeInterval(120)
        while Date() < deadline {
            if let status = try sourceStatus(channel), status["refreshing"] as? Bool == false,
               let attempt = status["lastAttempt"].map({ "\($0)" }), attempt != before {
                if let error = status["lastError"] as? String { throw SuiteError("the refresh failed: \(error)") }
                return
            }
            Thread.sleep(forTimeInterval: 0.05)
        }
        throw SuiteError("the refresh did not finish within 120 s")
    }

    static func sourceStatus(_ channel: RawChannel) throws -> [String: Any]? {
        let result = try channel.request("tools/call", #"{"name":"registry-status","arguments":{}}"#)
        let sources = (result["structuredContent"] as? [String: Any])?["sources"] as? [[String: Any]] ?? []
        return sources.first { $0["sourceID"] as? String == "docker" }
    }
}
