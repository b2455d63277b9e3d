import CatalogSources
import Foundation
import MCP
import RegistryCore
import TestSupport
import XCTest

@testable import RegistryServer

/// On a fresh data folder, the first `registry-find` waits (bounded) for the local catalogs
/// read at start-up instead of answering "the catalog is empty".
final class FirstFindTests: XCTestCase {
    func testFirstFindOnAFreshDataFolderFindsLocalEntries() async throws {
        let root = try TemporaryDirectory(prefix: "planning-first-find").url
        defer { try? FileManager.default.removeItem(at: root) }
        let catalog = root.appendingPathComponent("team")
        let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("../shared/fixtures/docker-mcp-registry/servers").standardizedFileURL
        try FileManager.default.createDirectory(at: catalog, withIntermediateDirectories: true)
        for name in ["grafana", "github-official", "postgres"] where FileManager.default.fileExists(atPath: fixtures.appendingPathComponent(name).path) {
            try FileManager.default.copyItem(at: fixtures.appendingPathComponent(name), to: catalog.appendingPathComponent(name))
        }
        let paths = RegistryPaths(dataDirectory: root.appendingPathComponent("data"), configDirectory: root.appendingPathComponent("config"))
        let service = RegistryService(
            paths: paths, sources: [ManagedSource(source: LocalCatalogSource(id: "team", folder: catalog), refreshesAtStart: true)])
        await service.start(autoRefresh: false)
        let result = await FindTool(service: service).call(ToolArguments(tool: "registry-find", values: ["query": "grafana"]))
        let text = result.content.compactMap { if case .text(let text, _, _) = $0 { text } else { nil } }.joined()
        XCTAssertFalse(text.contains("empty"), text)
        XCTAssertTrue(text.contains("team/grafana"), text)

        // While a source is loading, an empty answer says so, never "empty".
        let output = FindTool.Output(query: "x", total: 0, returned: 0, heldBackLinkOnly: 0, results: [], nextStep: "")
        let loading = FindTool.render(output, catalogSize: 0, loading: ["docker"])
        XCTAssertTrue(loading.contains("still loading (docker)"), loading)
        XCTAssertFalse(loading.contains("empty"), loading)
    }
}
