import ContainerRuntime
import Foundation
#if canImport(XCTest)
import XCTest

extension TestPodman {
    /// The image for Docker `poci` tool-container tests: a static `poci-probe` FROM scratch
    /// (`scripts/build-poci-test-image`), tagged `MCP_REGISTRY_TEST_POCI_IMAGE` or
    /// `localhost/mcp-registry-poci-probe:test`.
    public static let pociProbeImage = ProcessInfo.processInfo.environment["MCP_REGISTRY_TEST_POCI_IMAGE"].flatMap { $0.isEmpty ? nil : $0 }
        ?? "localhost/mcp-registry-poci-probe:test"

    /// Skips when podman is absent; (re)builds the probe image when it is missing or was built
    /// from another `scripts/poci-probe.c`.
    public static func requirePociProbeImage(file: StaticString = #filePath, line: UInt = #line) async throws -> PodmanEngine {
        let engine = engine()
        guard engine.executable != nil else { throw XCTSkip("podman is not installed") }
        guard ProcessRunner.which("cc") != nil else { throw XCTSkip("cc is not installed (the probe is compiled with cc -static)") }
        var env = ProcessInfo.processInfo.environment
        env.merge(environment) { _, new in new }
        let source = packageRoot.appendingPathComponent("scripts/poci-probe.c").path
        let wanted = try await ProcessRunner.run("/usr/bin/env", ["sha256sum", source], environment: env)
            .stdoutText.split(separator: " ").first.map(String.init)
        if try await engine.imageExists(pociProbeImage) {
            let label = try await ProcessRunner.run(
                engine.executable!, ["image", "inspect", "--format", "{{index .Labels \"io.mcp-registry.probe-sha\"}}", pociProbeImage],
                environment: engine.environment)
            if label.stdoutText.trimmingCharacters(in: .whitespacesAndNewlines) == wanted { return engine }
        }
        let script = packageRoot.appendingPathComponent("scripts/build-poci-test-image").path
        let result = try await ProcessRunner.run("/bin/bash", [script, pociProbeImage], environment: env)
        XCTAssertEqual(result.status, 0, "build-poci-test-image failed: \(result.stderrText)", file: file, line: line)
        let exists = try await engine.imageExists(pociProbeImage)
        XCTAssertTrue(exists, file: file, line: line)
        return engine
    }
}
#endif
