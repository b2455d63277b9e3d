import ClientSetup
import Foundation
import XCTest

/// VS Code's `mcp.json` and Zed's `settings.json` are JSON with comments: only the
/// registry's member is inserted or removed, every comment, trailing comma, tab and
/// blank line stays.
final class JSONCPreservationTests: XCTestCase {
    private let vsCodeFile = """
        // My MCP servers
        {
        \t"inputs": [],
        \t"servers": {
        \t\t// GitHub's server

        \t\t"github": {
        \t\t\t"type": "http",
        \t\t\t"url": "https://api.githubcopilot.com/mcp/", // remote
        \t\t},
        \t},
        }

        """

    func testVSCodeKeepsCommentsTabsAndTrailingCommas() throws {
        let format = VSCodeFormat()
        let installed = try format.install(registryEntry, into: vsCodeFile, path: "mcp.json")
        XCTAssertEqual(installed, """
            // My MCP servers
            {
            \t"inputs": [],
            \t"servers": {
            \t\t// GitHub's server

            \t\t"github": {
            \t\t\t"type": "http",
            \t\t\t"url": "https://api.githubcopilot.com/mcp/", // remote
            \t\t},
            \t\t"mcp-registry": {
            \t\t\t"type": "stdio",
            \t\t\t"command": "/opt/mcp-registry/bin/mcp-registry",
            \t\t\t"args": ["serve"]
            \t\t},
            \t},
            }

            """)
        XCTAssertEqual(try format.install(registryEntry, into: installed, path: "mcp.json"), installed)
        XCTAssertEqual(try format.remove(serverNamed: "mcp-registry", from: installed, path: "mcp.json"), vsCodeFile)
        XCTAssertEqual(try format.status(serverNamed: "github", in: installed, path: "mcp.json")?.command, nil)
    }

    func testVSCodeOnATemporaryHomeWithBackup() throws {
        let home = try TemporaryHome()
        defer { home.remove() }
        let file = try home.write(vsCodeFile, at: ".config/Code/User/mcp.json", mode: 0o640)
        let setup = ClientConfigurator(locations: home.locations(.linux))
        let outcome = try setup.install(registryEntry, in: VSCodeFormat())
        XCTAssertEqual(outcome.path, file.resolvingSymlinksInPath())
        let backup = try XCTUnwrap(outcome.backup)
        XCTAssertEqual(try readText(backup), vsCodeFile, "the backup holds the file as it was")
        XCTAssertEqual(try mode(of: backup), 0o640)
        XCTAssertEqual(try mode(of: file), 0o640, "the atomic write keeps the file's mode")
        XCTAssertTrue(try readText(file).contains("// GitHub's server"))
    }

    private let zedFile = """
        // Zed settings
        //
        // For information on how to configure Zed, see the Zed
        // documentation: https://zed.dev/docs/configuring-zed
        {
          "ui_font_size": 16,
          "buffer_font_size": 15, // bigger
          "theme": {
            "mode": "system",
            "light": "One Light",
            "dark": "One Dark"
          } /* my theme */
        }

        """

    func testZedAddsContextServersAfterTheLastSettingAndRemoveLeavesAnEmptyObject() throws {
        let format = ZedFormat()
        let installed = try format.install(registryEntry, into: zedFile, path: "settings.json")
        XCTAssertEqual(installed, """
            // Zed settings
            //
            // For information on how to configure Zed, see the Zed
            // documentation: https://zed.dev/docs/configuring-zed
            {
              "ui_font_size": 16,
              "buffer_font_size": 15, // bigger
              "theme": {
                "mode": "system",
                "light": "One Light",
                "dark": "One Dark"
              }, /* my theme */
              "context_servers": {
                "mcp-registry": {
                  "command": "/opt/mcp-registry/bin/mcp-registry",
                  "args": ["serve"],
                  "env": {}
                }
              }
            }

            """)
        let removed = try format.remove(serverNamed: "mcp-registry", from: installed, path: "settings.json")
        XCTAssertEqual(removed, """
            // Zed settings
            //
            // For information on how to configure Zed, see the Zed
            // documentation: https://zed.dev/docs/configuring-zed
            {
              "ui_font_size": 16,
              "buffer_font_size": 15, // bigger
              "theme": {
                "mode": "system",
                "light": "One Light",
                "dark": "One Dark"
              }, /* my theme */
              "context_servers": {}
            }

            """)
        // Installing into that natural leftover works too, and removing again gives it back.
        let again = try format.install(registryEntry, into: removed, path: "settings.json")
        XCTAssertEqual(try format.remove(serverNamed: "mcp-registry", from: again, path: "settings.json"), removed)
    }

    func testZedKeepsOtherContextServersCommentsAndTrailingCommas() throws {
        let text = """
            {
              "context_servers": {
                // a custom server
                "postgres": {
                  "command": "npx",
                  "args": ["-y", "@modelcontextprotocol/server-postgres"],
                  "env": {},
                },
                /* disabled for now:
                "old": {} */
              },
            }
            """
        let installed = try ZedFormat().install(registryEntry, into: text, path: "settings.json")
        XCTAssertEqual(installed, """
            {
              "context_servers": {
                // a custom server
                "postgres": {
                  "command": "npx",
                  "args": ["-y", "@modelcontextprotocol/server-postgres"],
                  "env": {},
                },
                "mcp-registry": {
                  "command": "/opt/mcp-registry/bin/mcp-registry",
                  "args": ["serve"],
                  "env": {}
                },
                /* disabled for now:
                "old": {} */
              },
            }
            """)
        XCTAssertEqual(try ZedFormat().remove(serverNamed: "mcp-registry", from: installed, path: "settings.json"), text)
    }

    func testZedReadsTheOlderCommandObjectShapeAndReplacesIt() throws {
        let text = """
            {
              "context_servers": {
                "mcp-registry": {
                  "command": {
                    "path": "/old/mcp-registry",
                    "args": ["serve"],
                    "env": null
                  },
                  "settings": {}
                }
              }
            }
            """
        let status = try ZedFormat().status(serverNamed: "mcp-registry", in: text, path: "settings.json")
        XCTAssertEqual(status?.command, "/old/mcp-registry")
        XCTAssertEqual(status?.args, ["serve"])
        let installed = try ZedFormat().install(registryEntry, into: text, path: "settings.json")
        XCTAssertEqual(try ZedFormat().status(serverNamed: "mcp-registry", in: installed, path: "x")?.command, "/opt/mcp-registry/bin/mcp-registry")
        XCTAssertFalse(installed.contains("/old/mcp-registry"))
    }

    func testCommentOnlyAndEmptyFilesGetARootObject() throws {
        let commentOnly = "// nothing here yet\n"
        let installed = try ZedFormat().install(registryEntry, into: commentOnly, path: "settings.json")
        XCTAssertTrue(installed.hasPrefix("// nothing here yet\n{\n  \"context_servers\": {\n"), installed)
        XCTAssertEqual(try ZedFormat().status(serverNamed: "mcp-registry", in: installed, path: "x")?.args, ["serve"])
        let empty = try VSCodeFormat().install(registryEntry, into: "", path: "mcp.json")
        XCTAssertTrue(empty.hasPrefix("{\n  \"servers\": {\n    \"mcp-registry\": {\n      \"type\": \"stdio\",\n"), empty)
    }

    func testServersObjectHoldingOnlyCommentsGetsTheMemberBeforeItsClosingBrace() throws {
        let text = "{\n  \"servers\": {\n    // add servers here\n  }\n}\n"
        let installed = try VSCodeFormat().install(registryEntry, into: text, path: "mcp.json")
        XCTAssertEqual(installed, """
            {
              "servers": {
                // add servers here
                "mcp-registry": {
                  "type": "stdio",
                  "command": "/opt/mcp-registry/bin/mcp-registry",
                  "args": ["serve"]
                }
              }
            }

            """)
        XCTAssertEqual(try VSCodeFormat().remove(serverNamed: "mcp-registry", from: installed, path: "mcp.json"), text)
    }
}
