import Foundation
import TestSupport
import XCTest

/// Runs `Tests/EndToEnd/e2e_pypi.py`: real PyPI servers (`mcp-server-time`, `-git`,
/// `-fetch`) installed from PyPI into images built by the registry and driven through it
/// with Python's `mcp` client, plus the build failures. Set-up builds the Debian Python
/// base image once per machine (the configured `python:3.12-slim` cannot be pulled here).
final class PyPIEndToEndTests: XCTestCase {
    func testRealPyPIServersThroughTheRegistry() async throws {
        let environment = ProcessInfo.processInfo.environment
        let python = environment["MCP_REGISTRY_E2E_PYTHON"] ?? EndToEndTests.packageRoot.appendingPathComponent(".build/venv/bin/python").path
        guard FileManager.default.isExecutableFile(atPath: python) else {
            XCTFail("No Python with the mcp package at \(python): run scripts/test (it creates .build/venv).")
            return
        }
        let binary = EndToEndTests.productsDirectory.appendingPathComponent("mcp-registry").path
        XCTAssertTrue(FileManager.default.isExecutableFile(atPath: binary), "build the package first: \(binary)")
        _ = try await TestPodman.requireDebianBase(registryType: "pypi")

        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = [EndToEndTests.packageRoot.appendingPathComponent("Tests/EndToEnd/e2e_pypi.py").path, binary]
        process.environment = EndToEndTests.podmanEnvironment
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let data = await Task.detached { output.fileHandleForReading.readDataToEndOfFile() }.value
        process.waitUntilExit()
        let text = String(decoding: data, as: UTF8.self)
        print(text)
        XCTAssertEqual(process.terminationStatus, 0, "PyPI end-to-end checks failed:\n\(text)")
        XCTAssertTrue(text.contains(" passed, 0 failed"), text)
    }
}
