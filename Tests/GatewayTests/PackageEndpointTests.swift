import ContainerRuntime
import Foundation
import Gateway
import RegistryCore
import XCTest

#if canImport(Glibc)
    import Glibc
#endif

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

    func testTheProbeNeedsAnHTTPReplyNotJustAConnection() throws {
        let port = try LoopbackHTTPProbe.freePort()
        XCTAssertTrue((1024...65535).contains(port))
        XCTAssertFalse(LoopbackHTTPProbe.answersHTTP(port: port, path: "/"), "nothing listens yet")
        // Accepted and closed without a reply (what podman's rootless forwarder does before
        // the server listens): not an answer.
        let silent = try LoopbackListener(port: port, reply: nil)
        XCTAssertFalse(LoopbackHTTPProbe.answersHTTP(port: port, path: "/mcp", timeout: 1))
        silent.close()
        let answering = try LoopbackListener(port: try LoopbackHTTPProbe.freePort(), reply: "HTTP/1.1 405 Method Not Allowed\r\nContent-Length: 0\r\n\r\n")
        defer { answering.close() }
        XCTAssertTrue(LoopbackHTTPProbe.answersHTTP(port: answering.port, path: "/mcp"))
    }
}

/// A real TCP listener on 127.0.0.1 that answers every connection with `reply` (or closes it
/// at once when `nil`), on a thread of its own.
private final class LoopbackListener: @unchecked Sendable {
    let port: Int
    private let fd: Int32

    init(port: Int, reply: String?) throws {
        self.port = port
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        self.fd = fd
        var yes: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(fd, 8) == 0 else { throw POSIXError(.EADDRINUSE) }
        Thread {
            while true {
                let client = accept(fd, nil, nil)
                if client < 0 { return }
                if let reply {
                    var request = [UInt8](repeating: 0, count: 512)
                    _ = recv(client, &request, request.count, 0)
                    _ = reply.withCString { send(client, $0, strlen($0), Int32(MSG_NOSIGNAL)) }
                }
                Glibc.close(client)
            }
        }.start()
    }

    func close() {
        shutdown(fd, Int32(SHUT_RDWR))
        Glibc.close(fd)
    }
}
