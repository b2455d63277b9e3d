import ContainerRuntime
import Foundation
import RegistryCore
import TestSupport
import XCTest

#if canImport(Glibc)
import Glibc
#endif

/// `--network none` unless the entry declares the network (issue 12), with real podman:
/// from inside a container that declared nothing, a listener on the host's 127.0.0.1 and on
/// the host's own address cannot be reached (the attempt is made in the container's network
/// namespace with `nsenter`); a container whose entry declares a service URL, or that the
/// user's `containers.network` setting allows, is started with a network.
final class ContainerNetworkTests: XCTestCase {
    var engine: PodmanEngine!
    var started: [String] = []
    /// Kept open while a test runs (the container stops when its stdin closes).
    var handles: [ContainerHandle] = []

    override func setUp() async throws {
        engine = try await TestPodman.requireFixtureImage()
        guard getuid() == 0, FileManager.default.isExecutableFile(atPath: "/usr/bin/nsenter") else {
            throw XCTSkip("entering a container's network namespace needs root and nsenter")
        }
    }

    override func tearDown() async throws {
        for name in started { try? await engine.stop(name, timeout: 0) }
    }

    /// An `oci` package of the fixture image, with the given environment variables declared.
    func package(_ id: String, env: [EnvRequirement] = []) -> CatalogEntry {
        CatalogEntry(
            id: id, name: "fixture",
            launch: .package(PackageLaunch(registryType: "oci", identifier: TestPodman.image, transport: "stdio")),
            configuration: ConfigurationSpec(env: env))
    }

    /// Starts the entry's container and returns its name and the pid of its first process.
    func start(_ entry: CatalogEntry, network: [String: Bool] = [:], config: [String: JSONValue] = [:]) async throws -> (String, Int32) {
        let planner = ContainerPlanner(settings: ContainerSettings(memory: "256m", pidsLimit: 64, network: network), session: "speed-network-tests")
        let plan = try planner.plan(entry: entry, config: config, availableSecrets: [])
        started.append(plan.name)
        handles.append(try await engine.run(plan, secrets: [:]))
        for _ in 0..<200 {
            let result = try await ProcessRunner.run(engine.executable!, ["inspect", "--format", "{{.State.Pid}}", plan.name], environment: engine.environment)
            if let pid = Int32(result.stdoutText.trimmingCharacters(in: .whitespacesAndNewlines)), pid > 0 { return (plan.name, pid) }
            try await Task.sleep(for: .milliseconds(100))
        }
        XCTFail("\(plan.name) did not start")
        throw CancellationError()
    }

    func networkMode(_ name: String) async throws -> String {
        try await ProcessRunner.run(engine.executable!, ["inspect", "--format", "{{.HostConfig.NetworkMode}}", name], environment: engine.environment)
            .stdoutText.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// The network interfaces in the namespace of `pid` (`/proc/<pid>/net/dev`).
    func interfaces(_ pid: Int32) throws -> [String] {
        let text = try String(contentsOfFile: "/proc/\(pid)/net/dev", encoding: .utf8)
        return text.split(separator: "\n").dropFirst(2).compactMap { $0.split(separator: ":").first?.trimmingCharacters(in: .whitespaces) }
    }

    /// Whether a TCP connection to `host:port` succeeds from the network namespace of `pid`
    /// (or from the host's with `pid` nil).
    func connects(from pid: Int32?, to host: String, port: UInt16) async throws -> Bool {
        let script = "import socket,sys; socket.create_connection((sys.argv[1], int(sys.argv[2])), timeout=5).close()"
        let command = ["python3", "-c", script, host, String(port)]
        let result = pid == nil
            ? try await ProcessRunner.run("/usr/bin/env", command, environment: ProcessInfo.processInfo.environment)
            : try await ProcessRunner.run("/usr/bin/nsenter", ["--net=/proc/\(pid!)/ns/net", "--"] + command, environment: ProcessInfo.processInfo.environment)
        return result.succeeded
    }

    /// A TCP listener on all of the host's addresses; returns the socket and its port.
    func listen() throws -> (Int32, UInt16) {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        XCTAssertGreaterThanOrEqual(fd, 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = INADDR_ANY
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) } }
        XCTAssertEqual(bound, 0)
        XCTAssertEqual(Glibc.listen(fd, 16), 0)
        _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) } }
        return (fd, UInt16(bigEndian: address.sin_port))
    }

    /// The host's first non-loopback IPv4 address.
    func hostAddress() async throws -> String? {
        let result = try await ProcessRunner.run("/usr/bin/env", ["hostname", "-I"], environment: ProcessInfo.processInfo.environment)
        return result.stdoutText.split(separator: " ").map(String.init).first { $0.contains(".") && !$0.hasPrefix("127.") }
    }

    func testAnEntryThatDeclaresNoNetworkRunsWithoutOneAndCannotReachTheHost() async throws {
        let (listener, port) = try listen()
        defer { close(listener) }
        let control = try await connects(from: nil, to: "127.0.0.1", port: port)
        XCTAssertTrue(control, "the listener answers on the host")

        let entry = package("official/io.github.speed/quiet")
        XCTAssertEqual(entry.networkNeed, .unstated)
        let (name, pid) = try await start(entry)
        let mode = try await networkMode(name)
        XCTAssertEqual(mode, "none")
        XCTAssertEqual(try interfaces(pid), ["lo"], "only its own loopback")
        let loopback = try await connects(from: pid, to: "127.0.0.1", port: port)
        XCTAssertFalse(loopback, "the host's 127.0.0.1 is not its 127.0.0.1")
        if let host = try await hostAddress() {
            let fromHost = try await connects(from: nil, to: host, port: port)
            XCTAssertTrue(fromHost, "the listener answers on \(host) on the host")
            let fromContainer = try await connects(from: pid, to: host, port: port)
            XCTAssertFalse(fromContainer, "the host's own address is unreachable")
        }
    }

    func testAnEntryThatDeclaresAServiceOrIsAllowedRunsWithANetwork() async throws {
        let declared = package("official/io.github.speed/api", env: [EnvRequirement(name: "SERVICE_BASE_URL", value: "https://example.invalid")])
        XCTAssertEqual(declared.networkNeed, .required(.serviceVariable("SERVICE_BASE_URL")))
        let (name, pid) = try await start(declared)
        let mode = try await networkMode(name)
        XCTAssertNotEqual(mode, "none")
        let names = try interfaces(pid)
        XCTAssertTrue(names.contains { $0 != "lo" }, "it has an interface besides loopback: \(names)")

        // The user's setting gives a network to an entry that declared nothing.
        let (allowed, allowedPID) = try await start(package("official/io.github.speed/quiet"), network: ["OFFICIAL/io.github.speed/quiet": true])
        let allowedMode = try await networkMode(allowed)
        XCTAssertNotEqual(allowedMode, "none")
        let allowedNames = try interfaces(allowedPID)
        XCTAssertTrue(allowedNames.contains { $0 != "lo" }, "\(allowedNames)")
    }
}
