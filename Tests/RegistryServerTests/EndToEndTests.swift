import Foundation
import TestSupport
import XCTest

/// Runs `Tests/EndToEnd/e2e_stdio.py`: Python's `mcp` client drives the built
/// `mcp-registry` binary over stdio. The Python comes from `MCP_REGISTRY_E2E_PYTHON`
/// (scripts/test sets it up) or `.build/venv`.
final class EndToEndTests: XCTestCase {
    static var packageRoot: URL { TestPodman.packageRoot }

    /// The folder the test bundle was built into; the executables are beside it.
    static var productsDirectory: URL {
        for bundle in Bundle.allBundles where bundle.bundlePath.hasSuffix(".xctest") {
            return bundle.bundleURL.deletingLastPathComponent()
        }
        return URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
    }

    func testPythonMCPClientDrivesTheServerOverStdio() async throws {
        let environment = ProcessInfo.processInfo.environment
        let python = environment["MCP_REGISTRY_E2E_PYTHON"] ?? Self.packageRoot.appendingPathComponent(".build/venv/bin/python").path
        guard FileManager.default.isExecutableFile(atPath: python) else {
            XCTFail("No Python with the mcp package at \(python): run scripts/test (it creates .build/venv).")
            return
        }
        let binary = Self.productsDirectory.appendingPathComponent("mcp-registry").path
        XCTAssertTrue(FileManager.default.isExecutableFile(atPath: binary), "build the package first: \(binary)")
        let catalog = Self.packageRoot.appendingPathComponent("../shared/fixtures/docker-mcp-registry/servers").standardizedFileURL.path

        _ = try await TestPodman.requireFixtureImage()
        let image = TestPodman.image

        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = [Self.packageRoot.appendingPathComponent("Tests/EndToEnd/e2e_stdio.py").path, binary, catalog, image]
        process.environment = Self.podmanEnvironment
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let text = String(decoding: data, as: UTF8.self)
        print(text)
        XCTAssertEqual(process.terminationStatus, 0, "end-to-end checks failed:\n\(text)")
        XCTAssertTrue(text.contains(" passed, 0 failed"), text)
    }

    /// The environment for podman: the project's containers.conf when the machine needs it.
    static var podmanEnvironment: [String: String] {
        ProcessInfo.processInfo.environment.merging(TestPodman.environment) { _, new in new }
    }
}
