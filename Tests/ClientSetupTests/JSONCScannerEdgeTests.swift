import ClientSetup
import Foundation
import XCTest

/// The scanner must not be fooled by comment markers inside strings, escapes, a BOM or
/// deep nesting, and must report errors where they are.
final class JSONCScannerEdgeTests: XCTestCase {
    func testCommentMarkersInsideStringsAreText() throws {
        let text = """
            {
              "servers": {
                "web": {"type": "http", "url": "https://example.com/*not-a-comment*/"}, // a real comment
                "quote\\"d": {"command": "say \\"hi\\" // still text"}
              }
            }
            """
        let installed = try VSCodeFormat().install(registryEntry, into: text, path: "mcp.json")
        XCTAssertTrue(installed.contains("\"url\": \"https://example.com/*not-a-comment*/\"}, // a real comment\n"))
        XCTAssertEqual(try VSCodeFormat().status(serverNamed: "quote\"d", in: installed, path: "x")?.command, "say \"hi\" // still text")
        XCTAssertEqual(try VSCodeFormat().remove(serverNamed: "mcp-registry", from: installed, path: "x"), text)
    }

    func testUnicodeEscapesAndSurrogatePairsDecode() throws {
        let text = #"{"mcpServers": {"caf\u00e9 \ud83d\ude00": {"command": "\u002fbin\/sh"}}}"#
        XCTAssertEqual(try CursorFormat().status(serverNamed: "café 😀", in: text, path: "x")?.command, "/bin/sh")
    }

    func testByteOrderMarkIsKept() throws {
        let text = "\u{FEFF}{\n  \"mcpServers\": {}\n}\n"
        let installed = try ClaudeDesktopFormat().install(registryEntry, into: text, path: "x")
        XCTAssertTrue(installed.hasPrefix("\u{FEFF}{\n  \"mcpServers\": {\n    \"mcp-registry\""), installed)
    }

    func testErrorsPointAtTheirLineAndColumn() {
        let cases: [(String, String, String)] = [
            ("{\"a\": tru}", ":1:7:", "expected a value"),
            ("{\"a\": 1} extra", ":1:10:", "after the end of the top-level value"),
            ("{\n\n  \"a\" 1\n}", ":3:7:", "expected ':'"),
            ("{\"a\": \"\\q\"}", ":1:8:", "invalid escape"),
            ("[1, 2,]", ":1:7:", "trailing comma"),
            ("{\"a\": 01.}", ":1:10:", "expected digits after '.'"),
            ("{\"é\": [1 2]}", ":1:10:", "expected ',' or ']'"),
        ]
        for (text, position, message) in cases {
            XCTAssertThrowsError(try CursorFormat().install(registryEntry, into: text, path: "f.json")) { error in
                let description = "\(error)"
                XCTAssertTrue(description.hasPrefix("f.json" + position), "\(text): \(description)")
                XCTAssertTrue(description.contains(message), "\(text): \(description)")
            }
        }
    }

    func testTopLevelArrayIsRefused() {
        XCTAssertThrowsError(try CursorFormat().install(registryEntry, into: "[]", path: "f.json")) { error in
            XCTAssertTrue("\(error)".contains("not a JSON object"), "\(error)")
        }
    }

    func testDeepNestingIsAnErrorNotACrash() {
        let text = "{\"a\": " + String(repeating: "[", count: 5000) + String(repeating: "]", count: 5000) + "}"
        XCTAssertThrowsError(try CursorFormat().install(registryEntry, into: text, path: "f.json")) { error in
            XCTAssertTrue("\(error)".contains("nesting is too deep"), "\(error)")
        }
    }

    func testNullServersKeyIsReplaced() throws {
        let installed = try CursorFormat().install(registryEntry, into: "{\"mcpServers\": null}", path: "x")
        XCTAssertEqual(try CursorFormat().status(serverNamed: "mcp-registry", in: installed, path: "x")?.args, ["serve"])
        XCTAssertEqual(installed.components(separatedBy: "mcpServers").count, 2, installed)
    }
}
