import Foundation
import XCTest

/// Runs `Tests/EndToEnd/e2e_web.py`: the web page of a real `mcp-registry registry serve`
/// in a real headless Chromium driven by selenium (Debian's `chromium` and
/// `chromium-driver`, selenium from PyPI in the test venv; `scripts/install-deps --test`
/// installs them), over SQLite and, when `scripts/test` started one, PostgreSQL.
/// Screenshots go to `.build/test-output/web/<store>/`.
final class WebPageBrowserTests: XCTestCase {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static var productsDirectory: URL {
        for bundle in Bundle.allBundles where bundle.bundlePath.hasSuffix(".xctest") {
            return bundle.bundleURL.deletingLastPathComponent()
        }
        return URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
    }

    func testSearchBrowsePublishInHeadlessChromium() async throws {
        let python = ProcessInfo.processInfo.environment["MCP_REGISTRY_E2E_PYTHON"] ?? Self.packageRoot.appendingPathComponent(".build/venv/bin/python").path
        guard FileManager.default.isExecutableFile(atPath: python) else {
            return XCTFail("No test venv at \(python): run scripts/install-deps --test")
        }
        for tool in ["/usr/bin/chromium", "/usr/bin/chromedriver"] where !FileManager.default.isExecutableFile(atPath: tool) {
            return XCTFail("\(tool) is missing: run scripts/install-deps --test (Debian's chromium and chromium-driver)")
        }
        let binary = Self.productsDirectory.appendingPathComponent("mcp-registry").path
        for kind in StoreKind.allCases {
            let location: String
            let cleanup: @Sendable () async -> Void
            do {
                (location, cleanup) = try await kind.makeStore()
            } catch is XCTSkip {
                print("web page in Chromium over \(kind): skipped (no PostgreSQL server configured)")
                continue
            }
            let output = Self.packageRoot.appendingPathComponent(".build/test-output/web/\(kind.rawValue)")
            try? FileManager.default.removeItem(at: output)
            let result = try await RegistrySchemathesisTests.run(python, [
                Self.packageRoot.appendingPathComponent("Tests/EndToEnd/e2e_web.py").path, binary, location, output.path,
            ])
            await cleanup()
            print("web page in Chromium over \(kind) (screenshots in \(output.path)):\n\(result.text)")
            XCTAssertEqual(result.status, 0, "\(kind): \(result.text)")
            XCTAssertTrue(result.text.contains(" passed, 0 failed"), result.text)
        }
    }
}
