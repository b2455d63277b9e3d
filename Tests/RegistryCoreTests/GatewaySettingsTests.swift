import Foundation
import RegistryCore
import TestSupport
import XCTest

/// `gateway.listProxiedTools` in the settings file: on unless the file turns it off.
final class GatewaySettingsTests: XCTestCase {
    func decode(_ json: String) throws -> RegistrySettings {
        try JSONDecoder().decode(RegistrySettings.self, from: Data(json.utf8))
    }

    func testProxiedToolsAreListedUnlessTurnedOff() throws {
        XCTAssertTrue(try decode("{}").gateway.listProxiedTools)
        XCTAssertTrue(try decode(#"{"gateway": {}}"#).gateway.listProxiedTools)
        XCTAssertTrue(try decode(#"{"gateway": {"listProxiedTools": true}}"#).gateway.listProxiedTools)
        let off = try decode(#"{"gateway": {"listProxiedTools": false}, "containers": {"memory": "256m"}}"#)
        XCTAssertFalse(off.gateway.listProxiedTools)
        XCTAssertEqual(off.containers.memory, "256m")
    }

    func testTheSettingSurvivesASave() throws {
        let folder = try TemporaryDirectory(prefix: "gateway-settings").url
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = SettingsStore(file: folder.appendingPathComponent("config.json"))
        try store.update { $0.gateway.listProxiedTools = false }
        XCTAssertFalse(try store.load().gateway.listProxiedTools)
        let text = try String(contentsOf: store.file, encoding: .utf8)
        XCTAssertTrue(text.contains("\"listProxiedTools\" : false"), text)
    }
}
