@testable import RegistryServer
import RegistryCore
import XCTest

/// An entry whose image reference is invalid says why it cannot start, in registry-info's
/// next steps and registry-add's refusal, without quoting the reference.
final class LaunchBlockerWordingTests: XCTestCase {
    func testBlockedEntryExplainsItself() {
        let entry = CatalogEntry(
            id: "team/bad", name: "bad", repositoryURL: "https://github.com/team/bad", launch: .unknown,
            launchBlockers: [LaunchBlocker(.invalidImageReference, field: "image", detail: "invalid-character")])
        let steps = InfoTool.nextSteps(entry)
        XCTAssertEqual(steps.first, "Its image is not a valid OCI image reference (invalid character), so the registry will not start it.")
        XCTAssertFalse(steps.contains { $0.contains("link only") })
        let refusal = AddTool.explain(.notLaunchable(entryID: entry.id), entry: entry)
        XCTAssertTrue(refusal.hasPrefix("team/bad cannot be started."), refusal)
        XCTAssertTrue(refusal.contains("not a valid OCI image reference"), refusal)
    }
}
