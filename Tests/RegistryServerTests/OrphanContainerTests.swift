import ContainerRuntime
import Foundation
import TestSupport
import XCTest

/// Kills `mcp-registry serve` with SIGKILL while `registry-add` starts the fixture server in
/// real podman, then starts it again: whatever container the killed registry left behind is
/// gone once the next one has started (its start-up sweep, or the child's own exit on EOF).
final class OrphanContainerTests: XCTestCase {
    func testNoContainerOfAKilledRegistrySurvivesTheNextStart() async throws {
        let engine = try await TestPodman.requireFixtureImage()
        let binary = EndToEndTests.productsDirectory.appendingPathComponent("mcp-registry").path
        let root = try TemporaryDirectory(prefix: "robust-orphan").url
        defer { try? FileManager.default.removeItem(at: root) }
        let catalog = root.appendingPathComponent("robustcat")
        try FileManager.default.createDirectory(at: catalog.appendingPathComponent("fixture"), withIntermediateDirectories: true)
        try Data("name: fixture\nimage: \(TestPodman.image)\ntype: server\nabout:\n  title: Fixture\n  description: The fixture.\n".utf8)
            .write(to: catalog.appendingPathComponent("fixture/server.yaml"))
        var environment = ProcessInfo.processInfo.environment.merging(TestPodman.environment) { _, new in new }
        environment["HOME"] = root.path
        environment["XDG_CONFIG_HOME"] = root.appendingPathComponent("config").path
        environment["MCP_REGISTRY_HOME"] = root.appendingPathComponent("data").path
        for id in ["docker", "awesome", "official", "mcpservers"] {
            _ = try KillableRun(binary: binary, arguments: ["sources", "disable", id], environment: environment).run(killAfter: nil)
        }
        // The catalog in the cache first, so registry-add finds the entry at once.
        _ = try KillableRun(binary: binary, arguments: ["refresh", "--catalog", catalog.path], environment: environment).run(killAfter: nil)
        let arguments = ["serve", "--catalog", catalog.path, "--no-refresh"]
        let add = CrashSafetyTests.jsonLines([
            ["jsonrpc": "2.0", "id": 1, "method": "initialize", "params": [
                "protocolVersion": "2025-06-18", "capabilities": [:], "clientInfo": ["name": "robust", "version": "1"]]],
            ["jsonrpc": "2.0", "method": "notifications/initialized"],
            ["jsonrpc": "2.0", "id": 2, "method": "tools/call", "params": ["name": "registry-add", "arguments": ["id": "robustcat/fixture"]]],
        ])
        let rounds = Int(ProcessInfo.processInfo.environment["MCP_REGISTRY_KILLS"] ?? "") ?? 3
        var sawContainer = 0
        var pids: [Int32] = []
        defer { for pid in pids { Self.remove(engine, pid: pid) } }
        for round in 0..<rounds {
            // Kill once the container runs (round 0 proves it was there), later at random.
            var run = KillableRun(binary: binary, arguments: arguments, environment: environment)
            run.input = add
            run.pollInterval = 0.25
            var killedPID: Int32 = 0
            let started = Date()
            let delay = Double.random(in: 1...8)
            _ = try run.run(onStart: { killedPID = $0; pids.append($0) }) { elapsed in
                if elapsed > 120 { return true }
                if round == 0 {
                    let running = Self.containers(engine, pid: killedPID)
                    if !running.isEmpty { sawContainer += 1 }
                    return !running.isEmpty
                }
                return Date().timeIntervalSince(started) > delay
            }
            // The next start: let its start-up sweep run, then stop it cleanly (stdin EOF).
            var next = KillableRun(binary: binary, arguments: arguments, environment: environment)
            next.input = CrashSafetyTests.jsonLines([[
                "jsonrpc": "2.0", "id": 1, "method": "initialize", "params": [
                    "protocolVersion": "2025-06-18", "capabilities": [:], "clientInfo": ["name": "robust", "version": "1"]]]])
            next.pollInterval = 0.25
            next.stopsGently = true
            _ = try next.run(onStart: { pids.append($0) }) { elapsed in Self.containers(engine, pid: killedPID).isEmpty || elapsed > 60 }
            XCTAssertEqual(Self.containers(engine, pid: killedPID), [], "round \(round): a container of the killed registry survived")
        }
        XCTAssertEqual(sawContainer, 1, "the fixture container never started: the kill proved nothing")
    }

    /// Removes what a registry of this pid left (only ours: the label carries our pids).
    static func remove(_ engine: PodmanEngine, pid: Int32) {
        guard let podman = engine.executable else { return }
        for name in containers(engine, pid: pid) {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: podman)
            process.arguments = ["rm", "--force", "-t", "1", name]
            process.environment = ProcessInfo.processInfo.environment.merging(engine.environment) { _, new in new }
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try? process.run()
            process.waitUntilExit()
        }
    }

    /// Names of running or stopped containers the registry with this pid started.
    static func containers(_ engine: PodmanEngine, pid: Int32) -> [String] {
        guard pid > 0, let podman = engine.executable else { return [] }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: podman)
        process.arguments = ["ps", "-a", "--format", "{{.Names}}", "--filter", "label=\(ContainerLabels.ownerPID)=\(pid)"]
        process.environment = ProcessInfo.processInfo.environment.merging(engine.environment) { _, new in new }
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return [] }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self).split(separator: "\n").map(String.init)
    }
}
