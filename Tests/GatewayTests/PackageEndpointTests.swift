import ContainerRuntime
import Foundation
import Gateway
import RegistryCore
import XCTest

/// Packages whose own transport is HTTP: where they answer inside their container
/// (`PackageEndpoint`), the loopback-only published port in the `podman run` argv, when such
/// a package is launchable, and the loopback probe against a real HTTP server.
final class PackageEndpointTests: XCTestCase {
    private func package(_ url: String, arguments: [String] = [], env: [String: String] = [:]) -> PackageLaunch {
        PackageLaunch(registryType: "pypi", identifier: "demo", version: "1.0.0", transport: "streamable-http",
                      packageArguments: arguments, env: env, transportURL: url)
    }

    func testThePortComesFromTheFlagParameterDefaultOrTheUsersValue() throws {
        let configuration = ConfigurationSpec(parameters: ["type": "object", "properties": ["port": ["type": "string", "default": "8017"]]])
        let launch = package("http://localhost:{--port}/mcp", arguments: ["streamable-http", "{{port|flag:--port}}"])
        let byDefault = try PackageEndpoint.resolve(launch.transportURL!, package: launch, configuration: configuration, config: [:])
        XCTAssertEqual(byDefault, PackageEndpoint(containerPort: 8017, pathAndQuery: "/mcp"))
        XCTAssertEqual(byDefault.url(hostPort: 40001), "http://127.0.0.1:40001/mcp")
        let chosen = try PackageEndpoint.resolve(launch.transportURL!, package: launch, configuration: configuration, config: ["port": "9100"])
        XCTAssertEqual(chosen.containerPort, 9100)
    }

    func testThePortComesFromAnEnvironmentVariableOrALiteralArgument() throws {
        let env = ConfigurationSpec(env: [EnvRequirement(name: "PORT", defaultValue: "9000")])
        let fromEnv = package("http://0.0.0.0:{PORT}/sse?x=1")
        XCTAssertEqual(try PackageEndpoint.resolve(fromEnv.transportURL!, package: fromEnv, configuration: env, config: [:]),
                       PackageEndpoint(containerPort: 9000, pathAndQuery: "/sse?x=1"))
        let literal = package("http://localhost:{port}", arguments: ["--port", "7000"])
        XCTAssertEqual(try PackageEndpoint.resolve(literal.transportURL!, package: literal, configuration: ConfigurationSpec(), config: [:]),
                       PackageEndpoint(containerPort: 7000, pathAndQuery: "/"))
        let plain = package("http://localhost:8080/mcp")
        XCTAssertEqual(try PackageEndpoint.resolve(plain.transportURL!, package: plain, configuration: ConfigurationSpec(), config: [:]).containerPort, 8080)
    }

    func testUnfilledOrStructureChangingValuesAreRefused() {
        let launch = package("http://localhost:{port}/{path}")
        XCTAssertThrowsError(try PackageEndpoint.resolve(launch.transportURL!, package: launch, configuration: ConfigurationSpec(), config: [:])) {
            XCTAssertEqual($0 as? PackageTransportError, .unresolvedURL(variables: ["port", "path"]))
        }
        let hostile = package("http://localhost:{port}/mcp")
        for value in ["80@evil.com", "80/../x", "80#", "1:2"] {
            XCTAssertThrowsError(try PackageEndpoint.resolve(hostile.transportURL!, package: hostile, configuration: ConfigurationSpec(), config: ["port": .string(value)]), value) {
                guard case .invalidURL = $0 as? PackageTransportError else { return XCTFail("\($0)") }
            }
        }
        for url in ["https://localhost:8443/mcp", "http://localhost:70000/mcp", "localhost:80"] {
            let bad = package(url)
            XCTAssertThrowsError(try PackageEndpoint.resolve(url, package: bad, configuration: ConfigurationSpec(), config: [:]), url)
        }
    }

    func testThePublishedPortIsLoopbackOnlyAndKeepsTheNetwork() {
        var plan = ContainerPlan(entryID: "x/demo", image: "localhost/demo:1", name: "mcp-registry-demo-1", disableNetwork: true)
        XCTAssertTrue(plan.runArguments.contains("none"))
        XCTAssertFalse(plan.requiresNetwork)
        plan.publishedPorts = [PublishedPort(hostPort: 40001, containerPort: 8017)]
        let argv = plan.runArguments
        XCTAssertTrue(plan.requiresNetwork)
        XCTAssertFalse(argv.contains("--network"), "a published port needs a network: \(argv)")
        let index = argv.firstIndex(of: "-p")
        XCTAssertNotNil(index)
        XCTAssertEqual(index.map { argv[$0 + 1] }, "127.0.0.1:40001:8017/tcp")
        XCTAssertEqual(argv.filter { $0 == "-p" }.count, 1)
        for option in ["--read-only", "no-new-privileges", "ALL"] { XCTAssertTrue(argv.contains(option), option) }
    }

    func testHTTPPackagesAreLaunchableWithAURLOnly() {
        XCTAssertTrue(LaunchSpec.package(package("http://localhost:{port}/mcp")).isLaunchable)
        var sse = package("http://localhost:8000/sse")
        sse.transport = "sse"
        XCTAssertTrue(LaunchSpec.package(sse).isLaunchable)
        var noURL = package("")
        noURL.transportURL = nil
        XCTAssertEqual(LaunchSpec.package(noURL).notLaunchableReason?.field, "packages[].transport.url")
        var oci = package("http://localhost:8080/mcp")
        oci.registryType = "oci"
        XCTAssertTrue(LaunchSpec.package(oci).isLaunchable)
        var nuget = package("http://localhost:8080/mcp")
        nuget.registryType = "nuget"
        XCTAssertEqual(LaunchSpec.package(nuget).notLaunchableReason?.reason, .unsupportedPackageType)
        var poci = package("")
        poci.transport = "poci"
        XCTAssertEqual(LaunchSpec.package(poci).notLaunchableReason?.reason, .unsupportedTransport)
    }

    func testAPackageLaunchFromAnOlderCacheStillDecodes() throws {
        let old = #"{"registryType":"pypi","identifier":"demo","transport":"stdio","runtimeArguments":[],"packageArguments":[],"env":{}}"#
        let decoded = try JSONDecoder().decode(PackageLaunch.self, from: Data(old.utf8))
        XCTAssertNil(decoded.transportURL)
        XCTAssertEqual(decoded.transportHeaders, [])
        let http = package("http://localhost:{port}/mcp")
        XCTAssertEqual(try JSONDecoder().decode(PackageLaunch.self, from: JSONEncoder().encode(http)), http)
    }

    func testTheProbeWaitsForARealHTTPServer() async throws {
        let port = try LoopbackHTTPProbe.freePort()
        XCTAssertTrue((1024...65535).contains(port))
        XCTAssertFalse(LoopbackHTTPProbe.answersHTTP(port: port, path: "/"), "nothing listens yet")
        let server = Process()
        server.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        server.arguments = ["python3", "-m", "http.server", "--bind", "127.0.0.1", String(port)]
        // Not FileHandle.nullDevice: on Linux it leaves the child's stdout closed, and
        // http.server exits when it prints its banner.
        let devNull = FileHandle(forWritingAtPath: "/dev/null")
        server.standardOutput = devNull
        server.standardError = devNull
        try server.run()
        defer { server.terminate(); server.waitUntilExit() }
        var answered = false
        for _ in 0..<240 where !answered && server.isRunning {
            answered = LoopbackHTTPProbe.answersHTTP(port: port, path: "/")
            if !answered { try await Task.sleep(nanoseconds: 250_000_000) }
        }
        XCTAssertTrue(answered, "python's http.server never answered on \(port)")
    }
}
