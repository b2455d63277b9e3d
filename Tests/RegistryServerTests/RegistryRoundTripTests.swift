import Foundation
import TestSupport
import XCTest

/// Runs `Tests/EndToEnd/e2e_registry_roundtrip.py`: publish to `mcp-registry registry serve`,
/// find and start it from an aggregator that reads that registry as an `official` source,
/// call its tool (real HTTP, real SQLite, real podman, Python's `mcp` client).
final class RegistryRoundTripTests: XCTestCase {
    func testPublishedServerIsFoundStartedAndAnswers() async throws {
        let environment = ProcessInfo.processInfo.environment
        let python = environment["MCP_REGISTRY_E2E_PYTHON"] ?? EndToEndTests.packageRoot.appendingPathComponent(".build/venv/bin/python").path
        guard FileManager.default.isExecutableFile(atPath: python) else {
            return XCTFail("No Python with the mcp package at \(python): run scripts/test (it creates .build/venv).")
        }
        let binary = EndToEndTests.productsDirectory.appendingPathComponent("mcp-registry").path
        _ = try await TestPodman.requireFixtureImage()
        let image = TestPodman.image
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = [EndToEndTests.packageRoot.appendingPathComponent("Tests/EndToEnd/e2e_registry_roundtrip.py").path, binary, image]
        process.environment = EndToEndTests.podmanEnvironment
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let text = String(decoding: data, as: UTF8.self)
        print(text)
        XCTAssertEqual(process.terminationStatus, 0, "round trip failed:\n\(text)")
        XCTAssertTrue(text.contains(" passed, 0 failed"), text)
    }
}
