import Foundation
import MCP
import RegistryCore
import TestSupport
import XCTest

/// `launchable` and `status` in registry-find and registry-list, and `launchable` and
/// `verdict` in registry-info, are what registry-add would do with the configuration stored
/// now: a stored folder that is gone makes the entry `configuration-refused`, not `ready`.
final class ReadinessVerdictTests: XCTestCase {
    func testFindListAndInfoAgreeWithTheVerdictOnAStoredConfigurationThatWouldBeRefused() async throws {
        let work = try TemporaryDirectory(prefix: "catalog-readiness")
        defer { work.remove() }
        let folder = work.appending("team")
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("notes"), withIntermediateDirectories: true)
        try """
            name: notes
            image: mcp/notes
            type: server
            about:
              title: Notes
              description: Reads the notes kept in one folder.
            run:
              volumes:
                - "{{notes.folder}}:/notes:ro"
            config:
              description: The folder of notes
              parameters:
                type: object
                properties:
                  folder:
                    type: string
                required:
                  - folder
            """.write(to: folder.appendingPathComponent("notes/server.yaml"), atomically: true, encoding: .utf8)
        let registry = try await InProcessRegistry(catalogs: [folder]) { home in
            RegistrySettings(containers: ContainerSettings(allowedVolumeRoots: [home.path]))
        }
        do {
            try await registry.waitForEntries(1)
            var state = try await states(registry)
            XCTAssertEqual(state.find, ["needs-configuration", "true"], "nothing stored yet")
            XCTAssertEqual(state.list, state.find)
            XCTAssertEqual(state.info, ["needs configuration", "true"])

            let notes = registry.home.appending("notes-folder")
            try FileManager.default.createDirectory(at: notes, withIntermediateDirectories: true)
            let set = try await registry.call("registry-config-set", ["id": "team/notes", "values": ["notes.folder": .string(notes.path)]])
            XCTAssertNotEqual(set.isError, true, set.text)
            state = try await states(registry)
            XCTAssertEqual(state.find, ["ready", "true"])
            XCTAssertEqual(state.list, state.find)
            XCTAssertEqual(state.info, ["launchable", "true"])

            // The stored folder goes away: registry-add would refuse the volume now.
            try FileManager.default.removeItem(at: notes)
            state = try await states(registry)
            XCTAssertEqual(state.find, ["configuration-refused", "false"])
            XCTAssertEqual(state.list, state.find)
            XCTAssertEqual(state.info, ["configuration refused", "false"])
            let found = try await registry.call("registry-find", ["query": "notes"])
            let reason = found.object["results"]?.arrayValue?.first?.objectValue?["unavailableReason"]?.stringValue ?? ""
            XCTAssertTrue(reason.contains("does not exist"), reason)
            XCTAssertTrue(found.text.contains("configuration refused"), found.text)
            let add = try await registry.call("registry-add", ["id": "team/notes"])
            XCTAssertEqual(add.isError, true, "registry-add refuses what find calls refused: \(add.text)")
        } catch {
            await registry.stop()
            throw error
        }
        await registry.stop()
    }

    /// [status, launchable] from find and list; [verdict, launchable] from info.
    private func states(_ registry: InProcessRegistry) async throws -> (find: [String], list: [String], info: [String]) {
        let found = try await registry.call("registry-find", ["query": "notes", "launchable": "any"])
        let listed = try await registry.call("registry-list", [:])
        let info = try await registry.call("registry-info", ["id": "team/notes"])
        func pair(_ result: CallTool.Result) -> [String] {
            let first = result.object["results"]?.arrayValue?.first?.objectValue
            return [first?["status"]?.stringValue ?? "?", first?["launchable"]?.boolValue.map(String.init) ?? "?"]
        }
        return (pair(found), pair(listed),
                [info.object["verdict"]?.stringValue ?? "?", info.object["launchable"]?.boolValue.map(String.init) ?? "?"])
    }
}
