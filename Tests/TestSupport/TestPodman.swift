import ContainerRuntime
import Foundation
import XCTest

/// Shared set-up for tests that run real podman: the package root, the podman environment
/// (`CONTAINERS_CONF` from `../shared/podman/containers.conf` when present) and the fixture
/// image, built with `scripts/build-test-image` when missing.
public enum TestPodman {
    /// The fixture image's reference: `MCP_REGISTRY_TEST_IMAGE` when set (so test runs that
    /// share one podman store each use their own tag), else `localhost/mcp-registry-fixture:test`.
    public static let image = ProcessInfo.processInfo.environment["MCP_REGISTRY_TEST_IMAGE"].flatMap { $0.isEmpty ? nil : $0 }
        ?? "localhost/mcp-registry-fixture:test"

    public static var packageRoot: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }

    public static var environment: [String: String] {
        var env: [String: String] = [:]
        if ProcessInfo.processInfo.environment["CONTAINERS_CONF"] == nil {
            let conf = packageRoot.appendingPathComponent("../shared/podman/containers.conf").standardizedFileURL
            if FileManager.default.fileExists(atPath: conf.path) { env["CONTAINERS_CONF"] = conf.path }
        }
        return env
    }

    public static func engine() -> PodmanEngine { PodmanEngine(environment: environment) }

    /// The fixture binary `swift build` made, when there is one.
    public static var fixtureBinary: String? {
        let path = packageRoot.appendingPathComponent(".build/debug/mcp-fixture-server").path
        return FileManager.default.isExecutableFile(atPath: path) ? path : nil
    }

    /// Skips when podman is absent; (re)builds the fixture image when it is missing or was
    /// made from another build of the fixture binary.
    public static func requireFixtureImage(file: StaticString = #filePath, line: UInt = #line) async throws -> PodmanEngine {
        let engine = engine()
        guard engine.executable != nil else { throw XCTSkip("podman is not installed") }
        var env = ProcessInfo.processInfo.environment
        env.merge(environment) { _, new in new }
        var wanted: String?
        if let binary = fixtureBinary {
            env["FIXTURE_BINARY"] = binary
            wanted = try await ProcessRunner.run("/usr/bin/env", ["sha256sum", binary], environment: env)
                .stdoutText.split(separator: " ").first.map(String.init)
        }
        if try await engine.imageExists(image) {
            let label = try await ProcessRunner.run(
                engine.executable!, ["image", "inspect", "--format", "{{index .Labels \"io.mcp-registry.fixture-sha\"}}", image], environment: engine.environment)
            if wanted == nil || label.stdoutText.trimmingCharacters(in: .whitespacesAndNewlines) == wanted { return engine }
        }
        let script = packageRoot.appendingPathComponent("scripts/build-test-image").path
        let result = try await ProcessRunner.run("/bin/bash", [script, image], environment: env)
        XCTAssertEqual(result.status, 0, "build-test-image failed: \(result.stderrText)", file: file, line: line)
        let exists = try await engine.imageExists(image)
        XCTAssertTrue(exists, file: file, line: line)
        return engine
    }
}
