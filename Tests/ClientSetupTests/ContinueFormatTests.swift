import ClientSetup
import Foundation
import XCTest

/// Continue's `config.yaml`: `mcpServers` is a list; the user's comments and layout stay.
final class ContinueFormatTests: XCTestCase {
    private let format = ContinueFormat()

    private let config = """
        # My Continue config
        name: Local Config
        version: 1.0.0
        schema: v1

        models:
          - name: Claude
            provider: anthropic
            model: claude-sonnet-4

        mcpServers:
          # databases
          - name: SQLite MCP
            command: npx
            args:
              - "-y"
              - "mcp-sqlite"
              - "/path/to/your/database.db"   # the db

        context:
          - provider: code

        """

    func testInstallAppendsAnItemAndRemoveRestoresTheText() throws {
        let installed = try format.install(registryEntry, into: config, path: "config.yaml")
        XCTAssertEqual(installed, """
            # My Continue config
            name: Local Config
            version: 1.0.0
            schema: v1

            models:
              - name: Claude
                provider: anthropic
                model: claude-sonnet-4

            mcpServers:
              # databases
              - name: SQLite MCP
                command: npx
                args:
                  - "-y"
                  - "mcp-sqlite"
                  - "/path/to/your/database.db"   # the db
              - name: mcp-registry
                command: /opt/mcp-registry/bin/mcp-registry
                args:
                  - serve

            context:
              - provider: code

            """)
        XCTAssertEqual(try format.install(registryEntry, into: installed, path: "config.yaml"), installed, "idempotent")
        XCTAssertEqual(try format.status(serverNamed: "mcp-registry", in: installed, path: "x")?.commandLine, "/opt/mcp-registry/bin/mcp-registry serve")
        XCTAssertEqual(try format.status(serverNamed: "SQLite MCP", in: installed, path: "x")?.args, ["-y", "mcp-sqlite", "/path/to/your/database.db"])
        XCTAssertEqual(try format.remove(serverNamed: "mcp-registry", from: installed, path: "x"), config)
    }

    func testUpdateReplacesOnlyOurItem() throws {
        let installed = try format.install(registryEntry, into: config, path: "x")
        let moved = StdioServerEntry.registry(executable: "/usr/bin/mcp-registry", dataDirectory: "/srv/registry data")
        let updated = try format.install(moved, into: installed, path: "x")
        XCTAssertTrue(updated.contains("""
              - name: mcp-registry
                command: /usr/bin/mcp-registry
                args:
                  - serve
                  - "--data-dir"
                  - "/srv/registry data"

            context:
            """), updated)
        XCTAssertEqual(updated.components(separatedBy: "name: mcp-registry").count, 2)
        XCTAssertEqual(try format.status(serverNamed: "mcp-registry", in: updated, path: "x")?.args, ["serve", "--data-dir", "/srv/registry data"])
    }

    func testFileWithoutMcpServersGetsTheKeyAppendedAndRemoveTakesItAway() throws {
        let text = "name: Local Config\nversion: 1.0.0\nschema: v1\nmodels: []  # none yet"
        let installed = try format.install(registryEntry, into: text, path: "x")
        XCTAssertEqual(installed, """
            name: Local Config
            version: 1.0.0
            schema: v1
            models: []  # none yet
            mcpServers:
              - name: mcp-registry
                command: /opt/mcp-registry/bin/mcp-registry
                args:
                  - serve

            """)
        XCTAssertEqual(try format.remove(serverNamed: "mcp-registry", from: installed, path: "x"), text + "\n")
    }

    func testEmptyFlowListAndItemsAtColumnZero() throws {
        let flow = "name: c\nmcpServers: []\n"
        let installed = try format.install(registryEntry, into: flow, path: "x")
        XCTAssertTrue(installed.hasPrefix("name: c\nmcpServers:\n  - name: mcp-registry\n"), installed)
        XCTAssertEqual(try format.remove(serverNamed: "mcp-registry", from: installed, path: "x"), "name: c\n")

        let column0 = "mcpServers:\n- name: a\n  command: x\nname: c\n"
        let added = try format.install(registryEntry, into: column0, path: "x")
        XCTAssertEqual(added, "mcpServers:\n- name: a\n  command: x\n- name: mcp-registry\n  command: /opt/mcp-registry/bin/mcp-registry\n  args:\n    - serve\nname: c\n")
        XCTAssertEqual(try format.remove(serverNamed: "mcp-registry", from: added, path: "x"), column0)
        // Removing the only item while a comment stays in the block leaves an empty list.
        let commented = "mcpServers:\n  # keep me\n  - name: mcp-registry\n    command: x\n"
        XCTAssertEqual(try format.remove(serverNamed: "mcp-registry", from: commented, path: "x"), "mcpServers: []\n  # keep me\n")
    }

    func testNewFileOnATemporaryHome() throws {
        let home = try TemporaryHome()
        defer { home.remove() }
        let setup = ClientConfigurator(locations: home.locations(.macOS))
        let outcome = try setup.install(registryEntry, in: format)
        XCTAssertEqual(outcome.path.path, home.url.path + "/.continue/config.yaml")
        XCTAssertEqual(try readText(outcome.path), """
            name: Local Config
            version: 1.0.0
            schema: v1
            mcpServers:
              - name: mcp-registry
                command: /opt/mcp-registry/bin/mcp-registry
                args:
                  - serve

            """)
        XCTAssertFalse(try setup.install(registryEntry, in: format).written)
        XCTAssertEqual(setup.status(in: format).server?.args, ["serve"])
    }

    func testFlowStyleListIsLeftAlone() {
        XCTAssertThrowsError(try format.install(registryEntry, into: "mcpServers: [{name: a, command: b}]\n", path: "config.yaml")) { error in
            XCTAssertTrue("\(error)".contains("flow list"), "\(error)")
        }
    }

    func testEnvIsWrittenAsAMapping() throws {
        let entry = StdioServerEntry(name: "mcp-registry", command: "podman", args: ["run", "-i", "--rm"], env: ["API_KEY": "<fill in>", "MODE": "true"])
        let installed = try format.install(entry, into: "", path: "x")
        XCTAssertTrue(installed.contains("    env:\n      API_KEY: \"<fill in>\"\n      MODE: \"true\"\n"), installed)
        XCTAssertEqual(try format.install(entry, into: installed, path: "x"), installed)
    }

    func testHubBlocksAndDocumentMarkerStay() throws {
        let text = """
            ---
            name: Team Config
            version: 0.0.1
            mcpServers:
                - uses: anthropic/memory-mcp
                  with:
                      TOKEN: ${{ secrets.TOKEN }}
                # trailing note
            rules:
              - Always answer in English
            """
        let installed = try format.install(registryEntry, into: text, path: "x")
        XCTAssertEqual(installed, """
            ---
            name: Team Config
            version: 0.0.1
            mcpServers:
                - uses: anthropic/memory-mcp
                  with:
                      TOKEN: ${{ secrets.TOKEN }}
                - name: mcp-registry
                  command: /opt/mcp-registry/bin/mcp-registry
                  args:
                    - serve
                # trailing note
            rules:
              - Always answer in English
            """)
        XCTAssertEqual(try format.remove(serverNamed: "mcp-registry", from: installed, path: "x"), text)
    }
}

/// Continue configs with Windows line endings (found by `scripts/fuzz continue-yaml-edit`).
final class ContinueCRLFTests: XCTestCase {
    func testAnItemInACRLFFileIsUpdatedInPlaceKeepingCRLF() throws {
        let text = "name: Local\r\nmcpServers:\r\n- name: mcp-registry\r\n  command: old\r\n- name: other\r\n  command: x\r\n"
        let entry = StdioServerEntry(name: "mcp-registry", command: "/new/mcp-registry", args: ["serve"])
        let installed = try ContinueFormat().install(entry, into: text, path: "config.yaml")
        XCTAssertFalse(installed.contains("command: old"))
        XCTAssertTrue(installed.contains("- name: other\r\n  command: x\r\n"), installed)
        XCTAssertFalse(installed.replacingOccurrences(of: "\r\n", with: "").contains("\n"), "every line ends in CRLF:\n\(installed)")
        XCTAssertEqual(try ContinueFormat().status(serverNamed: "mcp-registry", in: installed, path: "config.yaml")?.command, "/new/mcp-registry")
        let removed = try ContinueFormat().remove(serverNamed: "mcp-registry", from: installed, path: "config.yaml")
        XCTAssertEqual(removed, "name: Local\r\nmcpServers:\r\n- name: other\r\n  command: x\r\n")
    }

    /// YAML breaks lines at a lone CR (and NEL, LS, PS) too; the editor refuses such a file
    /// with a clear error instead of editing the wrong line (a crash before; found in CI).
    func testOtherLineBreaksAreRefusedNotMisread() throws {
        let entry = StdioServerEntry(name: "mcp-registry", command: "/new/mcp-registry", args: ["serve"])
        for text in ["mcpServers:\r#\n-", "mcpServers:\r- name: a\r  command: b\r", "mcpServers:\n- name: a\u{2028}  command: b\n"] {
            XCTAssertThrowsError(try ContinueFormat().install(entry, into: text, path: "config.yaml")) { error in
                XCTAssertTrue("\(error)".contains("carriage return"), "\(error)")
            }
        }
    }
}
