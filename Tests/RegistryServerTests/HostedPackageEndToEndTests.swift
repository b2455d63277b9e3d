import Foundation
import TestSupport
import XCTest

/// Runs `Tests/EndToEnd/e2e_hosted.py`: a tiny Python MCP server package the script writes
/// (FastMCP from PyPI's `mcp`, requirements.txt `mcp`) is published to a real `registry
/// serve` on loopback, added through the aggregator reading that registry as an `official`
/// source (downloaded, SHA-256 checked, unpacked, built with pip installing `mcp` from PyPI,
/// run hardened) and answers over MCP; a wrong digest is an isError that builds nothing; and
/// `mcp-registry install` writes a client entry (temp HOME and config file) that answers when
/// run as the client runs it, with clear errors for an unknown name or version, a digest
/// mismatch and an unreachable registry. Set-up builds the Debian Python base image once per
/// machine (the configured `python:3.12-slim` cannot be pulled here).
final class HostedPackageEndToEndTests: XCTestCase {
    func testHostedPackageThroughTheRegistryAndInstall() async throws {
        let environment = ProcessInfo.processInfo.environment
        let python = environment["MCP_REGISTRY_E2E_PYTHON"] ?? EndToEndTests.packageRoot.appendingPathComponent(".build/venv/bin/python").path
        guard FileManager.default.isExecutableFile(atPath: python) else {
            XCTFail("No Python with the mcp package at \(python): run scripts/install-deps --test (it creates .build/venv).")
            return
        }
        let binary = EndToEndTests.productsDirectory.appendingPathComponent("mcp-registry").path
        XCTAssertTrue(FileManager.default.isExecutableFile(atPath: binary), "build the package first: \(binary)")
        _ = try await TestPodman.requireDebianBase(registryType: "pypi")

        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = [EndToEndTests.packageRoot.appendingPathComponent("Tests/EndToEnd/e2e_hosted.py").path, binary]
        process.environment = EndToEndTests.podmanEnvironment
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let data = await Task.detached { output.fileHandleForReading.readDataToEndOfFile() }.value
        process.waitUntilExit()
        let text = String(decoding: data, as: UTF8.self)
        print(text)
        XCTAssertEqual(process.terminationStatus, 0, "hosted package end-to-end checks failed:\n\(text)")
        XCTAssertTrue(text.contains(" passed, 0 failed"), text)
    }
}
