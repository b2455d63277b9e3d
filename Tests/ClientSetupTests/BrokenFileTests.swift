import ClientSetup
import Foundation
import XCTest

/// A file that does not parse is left byte for byte as it was, with no backup, and the
/// error says where and what.
final class BrokenFileTests: XCTestCase {
    private func assertUntouched(
        client: String, relativePath: String, text: String, expecting fragments: [String], file: StaticString = #filePath, line: UInt = #line
    ) throws {
        let home = try TemporaryHome()
        defer { home.remove() }
        let url = try home.write(text, at: relativePath, mode: 0o600)
        let before = try Data(contentsOf: url)
        let setup = ClientConfigurator(locations: home.locations())
        let format = try KnownClients.format(named: client)
        XCTAssertThrowsError(try setup.install(registryEntry, in: format), file: file, line: line) { error in
            let message = "\(error)"
            XCTAssertTrue(message.hasPrefix(url.path + ":"), "error does not start with the path: \(message)", file: file, line: line)
            for fragment in fragments {
                XCTAssertTrue(message.contains(fragment), "'\(fragment)' missing from: \(message)", file: file, line: line)
            }
            XCTAssertTrue(message.contains("left untouched"), message, file: file, line: line)
        }
        XCTAssertThrowsError(try setup.remove(in: format), file: file, line: line)
        XCTAssertEqual(try Data(contentsOf: url), before, "the broken file changed", file: file, line: line)
        XCTAssertEqual(try home.backups(of: url), [], "no backup for a file that was not written", file: file, line: line)
        XCTAssertNotNil(setup.status(in: format).error, file: file, line: line)
    }

    func testMissingCommaInClaudeDesktopConfig() throws {
        let text = """
            {
              "mcpServers": {
                "a": {"command": "x"}
                "b": {"command": "y"}
              }
            }
            """
        try assertUntouched(
            client: "claude-desktop", relativePath: ".config/Claude/claude_desktop_config.json", text: text,
            expecting: [":4:5:", "expected ',' or '}' after member \"a\""]
        )
    }

    func testCommentsInAStrictJSONFileAreAnError() throws {
        try assertUntouched(
            client: "cursor", relativePath: ".cursor/mcp.json", text: "{\n  // servers\n  \"mcpServers\": {}\n}\n",
            expecting: [":2:3:", "comments are not allowed"]
        )
    }

    func testTrailingCommaInAStrictJSONFileIsAnError() throws {
        try assertUntouched(
            client: "windsurf", relativePath: ".codeium/windsurf/mcp_config.json", text: "{\"mcpServers\": {\"a\": {},}}",
            expecting: [":1:25:", "trailing comma"]
        )
    }

    func testUnterminatedStringInZedSettings() throws {
        try assertUntouched(
            client: "zed", relativePath: ".config/zed/settings.json", text: "{\n  \"theme\": \"One Dark,\n  \"vim_mode\": true\n}\n",
            expecting: [":2:", "unterminated string"]
        )
    }

    func testUnterminatedBlockCommentInVSCodeFile() throws {
        try assertUntouched(
            client: "vscode", relativePath: ".config/Code/User/mcp.json", text: "{\n  /* servers\n  \"servers\": {}\n}\n",
            expecting: [":2:3:", "unterminated /* comment"]
        )
    }

    func testServersKeyThatIsNotAnObject() throws {
        try assertUntouched(
            client: "cline", relativePath: ".config/Code/User/globalStorage/saoudrizwan.claude-dev/settings/cline_mcp_settings.json",
            text: "{\"mcpServers\": [\"a\"]}", expecting: ["\"mcpServers\" is not an object"]
        )
    }

    func testBrokenContinueYAML() throws {
        let text = """
            name: Local Config
            mcpServers:
              - name: sqlite
                command: npx
               args: ["-y"]
            """
        try assertUntouched(client: "continue", relativePath: ".continue/config.yaml", text: text, expecting: [":5:", "config.yaml"])
    }

    func testNonUTF8File() throws {
        let home = try TemporaryHome()
        defer { home.remove() }
        let url = home.url.appendingPathComponent(".cursor/mcp.json")
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        let bytes = Data([0x7B, 0xFF, 0xFE, 0x7D])
        try bytes.write(to: url)
        XCTAssertThrowsError(try ClientConfigurator(locations: home.locations()).install(registryEntry, in: CursorFormat())) { error in
            XCTAssertTrue("\(error)".contains("not UTF-8"), "\(error)")
        }
        XCTAssertEqual(try Data(contentsOf: url), bytes)
    }
}
