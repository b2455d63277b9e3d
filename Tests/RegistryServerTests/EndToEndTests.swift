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
        let catalog = Self.packageRoot.appendingPathComponent("../shared/fixtures/docker-mcp-registry/servers").standardizedFileURL.path
        _ = try await TestPodman.requireFixtureImage()
        guard let run = try await Self.runScript("e2e_stdio.py", arguments: [catalog, TestPodman.image]) else { return }
        XCTAssertEqual(run.status, 0, "end-to-end checks failed:\n\(run.output)")
        XCTAssertTrue(run.output.contains(" passed, 0 failed"), run.output)
    }

    /// Runs `Tests/EndToEnd/<script>` with the end-to-end Python (`MCP_REGISTRY_E2E_PYTHON`
    /// or `.build/venv`), the built `mcp-registry` as its first argument, then `arguments`,
    /// in the podman environment. Prints and returns its exit status and output (stdout and
    /// stderr together); `nil` after an `XCTFail` when no such Python exists.
    static func runScript(_ script: String, arguments: [String] = []) async throws -> (status: Int32, output: String)? {
        let environment = ProcessInfo.processInfo.environment
        let python = environment["MCP_REGISTRY_E2E_PYTHON"] ?? packageRoot.appendingPathComponent(".build/venv/bin/python").path
        guard FileManager.default.isExecutableFile(atPath: python) else {
            XCTFail("No Python with the mcp package at \(python): run scripts/test (it creates .build/venv).")
            return nil
        }
        let binary = productsDirectory.appendingPathComponent("mcp-registry").path
        XCTAssertTrue(FileManager.default.isExecutableFile(atPath: binary), "build the package first: \(binary)")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = [packageRoot.appendingPathComponent("Tests/EndToEnd/\(script)").path, binary] + arguments
        process.environment = podmanEnvironment
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let data = await Task.detached { output.fileHandleForReading.readDataToEndOfFile() }.value
        process.waitUntilExit()
        let text = String(decoding: data, as: UTF8.self)
        print(text)
        return (process.terminationStatus, text)
    }

    /// The environment for podman: the project's containers.conf when the machine needs it.
    static var podmanEnvironment: [String: String] {
        ProcessInfo.processInfo.environment.merging(TestPodman.environment) { _, new in new }
    }
}
