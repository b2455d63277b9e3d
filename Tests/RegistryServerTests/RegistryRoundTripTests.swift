import Foundation
import TestSupport
import XCTest

/// Runs `Tests/EndToEnd/e2e_registry_roundtrip.py`: publish to `mcp-registry registry serve`,
/// find and start it from an aggregator that reads that registry as an `official` source,
/// call its tool (real HTTP, real SQLite, real podman, Python's `mcp` client).
final class RegistryRoundTripTests: XCTestCase {
    func testPublishedServerIsFoundStartedAndAnswers() async throws {
        _ = try await TestPodman.requireFixtureImage()
        guard let run = try await EndToEndTests.runScript("e2e_registry_roundtrip.py", arguments: [TestPodman.image]) else { return }
        XCTAssertEqual(run.status, 0, "round trip failed:\n\(run.output)")
        XCTAssertTrue(run.output.contains(" passed, 0 failed"), run.output)
    }
}
