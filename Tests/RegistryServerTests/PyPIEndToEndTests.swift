import Foundation
import TestSupport
import XCTest

/// Runs `Tests/EndToEnd/e2e_pypi.py`: real PyPI servers (`mcp-server-time`, `-git`,
/// `-fetch`) installed from PyPI into images built by the registry and driven through it
/// with Python's `mcp` client, plus the build failures. Set-up builds the Debian Python
/// base image once per machine (the configured `python:3.12-slim` cannot be pulled here).
final class PyPIEndToEndTests: XCTestCase {
    func testRealPyPIServersThroughTheRegistry() async throws {
        _ = try await TestPodman.requireDebianBase(registryType: "pypi")
        guard let run = try await EndToEndTests.runScript("e2e_pypi.py") else { return }
        XCTAssertEqual(run.status, 0, "PyPI end-to-end checks failed:\n\(run.output)")
        XCTAssertTrue(run.output.contains(" passed, 0 failed"), run.output)
    }
}
