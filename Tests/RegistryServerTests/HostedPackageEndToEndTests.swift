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
        _ = try await TestPodman.requireDebianBase(registryType: "pypi")
        guard let run = try await EndToEndTests.runScript("e2e_hosted.py") else { return }
        XCTAssertEqual(run.status, 0, "hosted package end-to-end checks failed:\n\(run.output)")
        XCTAssertTrue(run.output.contains(" passed, 0 failed"), run.output)
    }
}
