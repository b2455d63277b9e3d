import ContainerRuntime
import Foundation
import Gateway
import MCP
import RegistryCore
import Synchronization
import TestSupport
import XCTest

/// npm packages through the gateway with real podman.
///
/// No package registry is reachable on the build machines, so the "npm" runtime here is
/// configured (`containers.packageRuntimes["npm"]`) with a base image of our own: the
/// fixture MCP server image, in which the package is already "installed" (the install step
/// is empty) and whose command is the fixture binary. Everything else is the real path:
/// the package image is built with `podman build` from that base (non-root user, labels),
/// cached by package and version, planned with the same hardening, environment and
/// secrets as image servers, and spoken to over MCP. What cannot be checked here: the real
/// `npm install` / `pip install` steps and the default `npx` / console-script commands
/// against `node:22-alpine` and `python:3.12-slim`.
final class PackageConnectorTests: XCTestCase {
    var engine: PodmanEngine!
    var root: URL!
    var gateway: Gateway?
    var builtTags: [String] = []

    override func setUp() async throws {
        engine = try await TestPodman.requireFixtureImage()
        root = try TemporaryDirectory(prefix: "pkg").url
    }

    override func tearDown() async throws {
        await gateway?.stopAll()
        for tag in builtTags {
            _ = try? await ProcessRunner.run(engine.executable!, ["rmi", "-f", tag], environment: engine.environment)
        }
        try? FileManager.default.removeItem(at: root)
    }

    var paths: RegistryPaths {
        RegistryPaths(dataDirectory: root.appendingPathComponent("data"), configDirectory: root.appendingPathComponent("config"))
    }

    func testNpmPackageIsBuiltIntoAnImageCachedAndRunHardened() async throws {
        let runtime = PackageRuntimeSettings(baseImage: TestPodman.image, install: [], command: ["/mcp-fixture-server"])
        let settings = RegistrySettings(containers: ContainerSettings(
            memory: "256m", pidsLimit: 64, startTimeout: 30, callTimeout: 30, packageRuntimes: ["npm": runtime]))
        let builder = RecordingBuilder(engine: engine)
        let containers = ContainerConnector(engine: engine, forbiddenPaths: [paths.configDirectory.path])
        let gateway = Gateway(
            settings: settings, secrets: SecretStore(paths: paths), configStore: ServerConfigStore(paths: paths),
            engine: engine, connectors: [PackageConnector(containers: containers, builder: builder)])
        self.gateway = gateway

        let version = "1.0.\(UInt16.random(in: 1...UInt16.max))"
        let package = PackageLaunch(
            registryType: "npm", identifier: "@mcp-registry/fixture", version: version, runtimeHint: "npx",
            env: ["FIXTURE_MODE": "{mode}"])
        let image = try PackageImage(package: package, runtime: try XCTUnwrap(settings.containers.packageRuntime(for: "npm")))
        builtTags.append(image.tag)
        let entry = CatalogEntry(
            id: "official/io.github.mcp-registry/fixture", name: "fixture",
            launch: .package(package),
            configuration: ConfigurationSpec(
                secrets: [SecretRequirement(name: "fixture.token", env: "FIXTURE_TOKEN", description: "A token")],
                parameters: ["type": "object", "properties": ["mode": ["type": "string"]], "required": ["mode"]]))
        let secret = "pkg-secret-\(UUID().uuidString)"
        try SecretStore(paths: paths).set("fixture.token", secret)

        let activation = try await gateway.activate(entry: entry, prefix: "pkg", config: ["mode": "packaged"])
        XCTAssertEqual(activation.summary.kind, "package")
        XCTAssertEqual(activation.summary.image, image.tag)
        XCTAssertTrue(activation.tools.contains { $0.name == "pkg__echo" })
        XCTAssertEqual(builder.builds, 1)
        XCTAssertTrue(builder.lines.contains { $0.contains("STEP") }, "build output streamed: \(builder.lines)")
        XCTAssertTrue(builder.containerfiles.first?.contains("USER 65534:65534") ?? false)
        let exists = try await engine.imageExists(image.tag)
        XCTAssertTrue(exists)

        let mode = try await gateway.call(exposedName: "pkg__env", arguments: ["name": "FIXTURE_MODE"])
        XCTAssertEqual(textOf(mode), "packaged")
        let token = try await gateway.call(exposedName: "pkg__env", arguments: ["name": "FIXTURE_TOKEN"])
        XCTAssertEqual(textOf(token), secret)

        // Hardened like image servers, non-root, and the secret never on the command line.
        let name = try XCTUnwrap(activation.summary.containerName)
        let inspect = try await ProcessRunner.run(
            engine.executable!, ["inspect", "--format", "{{.Config.User}} {{.HostConfig.ReadonlyRootfs}} {{.HostConfig.CapDrop}}", name],
            environment: engine.environment)
        XCTAssertTrue(inspect.stdoutText.hasPrefix("65534:65534 true"), inspect.stdoutText)
        let args = try await ProcessRunner.run("/bin/ps", ["-eo", "args"], environment: [:])
        XCTAssertFalse(args.stdoutText.contains(secret))

        // Removed and added again: the cached image is reused, nothing is rebuilt.
        try await gateway.remove(id: "pkg")
        let again = try await gateway.activate(entry: entry, prefix: "pkg", config: ["mode": "again"])
        XCTAssertFalse(again.alreadyActive)
        XCTAssertEqual(builder.builds, 1)
        let mode2 = try await gateway.call(exposedName: "pkg__env", arguments: ["name": "FIXTURE_MODE"])
        XCTAssertEqual(textOf(mode2), "again")
    }

    /// Runtime arguments that ask for a folder go to the container plan (checked against
    /// the allowed roots there); the rest stay the runtime's (npx flags).
    func testRuntimeArgumentsSplitIntoContainerOptionsAndRuntimeFlags() {
        let split = PackageConnector.splitRuntimeArguments(["-v", "{repo}:/repo", "--yes", "--mount=type=bind,src=/a,dst=/b", "--volume"])
        XCTAssertEqual(split.container, ["-v", "{repo}:/repo", "--mount=type=bind,src=/a,dst=/b"])
        XCTAssertEqual(split.runtime, ["--yes", "--volume"])
    }

    /// With the configured base image missing and unpullable, and no Debian base builder,
    /// the pull's error is what the caller sees (nothing is built).
    func testMissingBaseWithoutFallbackIsTheEnginesError() async throws {
        let runtime = PackageRuntimeSettings(baseImage: "localhost/pypi-no-such-base:1", install: [], command: ["/mcp-fixture-server"])
        let settings = RegistrySettings(containers: ContainerSettings(pullPolicy: "never", packageRuntimes: ["npm": runtime]))
        let builder = RecordingBuilder(engine: engine)
        let gateway = Gateway(
            settings: settings, secrets: SecretStore(paths: paths), configStore: ServerConfigStore(paths: paths),
            engine: engine, connectors: [PackageConnector(containers: ContainerConnector(engine: engine), builder: builder)])
        self.gateway = gateway
        let entry = CatalogEntry(
            id: "official/io.github.mcp-registry/nobase", name: "nobase",
            launch: .package(PackageLaunch(registryType: "npm", identifier: "@mcp-registry/nobase", version: "1.0.0")))
        do {
            _ = try await gateway.activate(entry: entry, prefix: "nobase")
            XCTFail("a missing base image should fail")
        } catch {
            XCTAssertTrue("\(error)".contains("pypi-no-such-base"), "\(error)")
        }
        XCTAssertEqual(builder.builds, 0)
    }
}

/// The real podman builder, counting builds and keeping what it was given and said.
final class RecordingBuilder: ImageBuilder, @unchecked Sendable {
    let engine: PodmanEngine
    private struct Record {
        var builds = 0
        var lines: [String] = []
        var containerfiles: [String] = []
    }

    private let record = Mutex(Record())

    init(engine: PodmanEngine) { self.engine = engine }

    var builds: Int { record.withLock { $0.builds } }
    var lines: [String] { record.withLock { $0.lines } }
    var containerfiles: [String] { record.withLock { $0.containerfiles } }

    func build(containerfile: String, tag: String, context: URL?, progress: @escaping @Sendable (String) -> Void) async throws {
        began(containerfile)
        try await engine.build(containerfile: containerfile, tag: tag, context: context) { [weak self] line in
            self?.record(line: line)
            progress(line)
        }
    }

    private func began(_ containerfile: String) {
        record.withLock { record in
            record.builds += 1
            record.containerfiles.append(containerfile)
        }
    }

    private func record(line: String) {
        record.withLock { $0.lines.append(line) }
    }
}
