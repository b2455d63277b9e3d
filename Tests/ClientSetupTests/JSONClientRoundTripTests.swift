import ClientSetup
import Foundation
import XCTest

/// Every JSON client on a temporary HOME: a file with other servers and keys gets the
/// registry added, keeps everything else, stays single on a second install, and goes
/// back to the original text on remove.
final class JSONClientRoundTripTests: XCTestCase {
    private let jsonClients = ["claude-desktop", "claude-code", "cursor", "cline", "vscode", "windsurf", "zed"]

    private func original(serversKey: String) -> String {
        """
        {
          "globalShortcut": "Ctrl+Space",
          "\(serversKey)": {
            "filesystem": {
              "command": "npx",
              "args": ["-y", "@modelcontextprotocol/server-filesystem", "/tmp"]
            }
          },
          "numbers": [1, 2.5, -3e2, true, null]
        }

        """
    }

    func testEveryJSONClientRoundTripsOnATemporaryHome() throws {
        for platform in [ClientPlatform.linux, .macOS] {
            for client in jsonClients {
                let home = try TemporaryHome()
                defer { home.remove() }
                let format = try KnownClients.format(named: client) as! any JSONServerMapFormat
                let setup = ClientConfigurator(locations: home.locations(platform))
                let path = format.configPath(in: home.locations(platform))
                XCTAssertTrue(path.path.hasPrefix(home.url.path), "\(client) path \(path.path) is not under HOME")
                let text = original(serversKey: format.serversKey)
                try FileManager.default.createDirectory(at: path.deletingLastPathComponent(), withIntermediateDirectories: true)
                try Data(text.utf8).write(to: path)

                let first = try setup.install(registryEntry, in: format)
                XCTAssertTrue(first.written, client)
                let installed = try readText(path)
                let json = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(installed.utf8)) as? [String: Any], client)
                XCTAssertEqual(json["globalShortcut"] as? String, "Ctrl+Space", client)
                let servers = try XCTUnwrap(json[format.serversKey] as? [String: Any], client)
                XCTAssertNotNil(servers["filesystem"], "\(client) lost the other server")
                let entry = try XCTUnwrap(servers["mcp-registry"] as? [String: Any], client)
                XCTAssertEqual(entry["command"] as? String, "/opt/mcp-registry/bin/mcp-registry", client)
                XCTAssertEqual(entry["args"] as? [String], ["serve"], client)
                if client == "vscode" || client == "claude-code" { XCTAssertEqual(entry["type"] as? String, "stdio", client) }
                if client == "zed" { XCTAssertEqual((entry["env"] as? [String: Any])?.count, 0, client) }
                // Only our member is new: the rest of the text is a prefix/suffix of the original.
                XCTAssertTrue(installed.hasPrefix(text.components(separatedBy: "    }\n  }")[0]), client)

                let second = try setup.install(registryEntry, in: format)
                XCTAssertFalse(second.written, "\(client): a second install must not rewrite the file")
                XCTAssertEqual(try readText(path), installed, client)
                XCTAssertEqual(installed.components(separatedBy: "\"mcp-registry\"").count, 2, "\(client): duplicate entry")

                let status = setup.status(in: format)
                XCTAssertEqual(status.server?.command, "/opt/mcp-registry/bin/mcp-registry", client)
                XCTAssertEqual(status.server?.args, ["serve"], client)

                let removed = try setup.remove(in: format)
                XCTAssertTrue(removed.written, client)
                XCTAssertEqual(try readText(path), text, "\(client): remove must give back the original text")
                XCTAssertNil(setup.status(in: format).server, client)
            }
        }
    }

    func testClaudeDesktopExactText() throws {
        let text = original(serversKey: "mcpServers")
        let installed = try ClaudeDesktopFormat().install(registryEntry, into: text, path: "config.json")
        XCTAssertEqual(installed, """
            {
              "globalShortcut": "Ctrl+Space",
              "mcpServers": {
                "filesystem": {
                  "command": "npx",
                  "args": ["-y", "@modelcontextprotocol/server-filesystem", "/tmp"]
                },
                "mcp-registry": {
                  "command": "/opt/mcp-registry/bin/mcp-registry",
                  "args": ["serve"]
                }
              },
              "numbers": [1, 2.5, -3e2, true, null]
            }

            """)
    }

    func testMissingFileAndFoldersAreCreated() throws {
        let home = try TemporaryHome()
        defer { home.remove() }
        let setup = ClientConfigurator(locations: home.locations(.macOS))
        let outcome = try setup.install(registryEntry, in: ClaudeDesktopFormat())
        XCTAssertTrue(outcome.written)
        XCTAssertNil(outcome.backup, "there was nothing to back up")
        XCTAssertEqual(outcome.path.path, home.url.path + "/Library/Application Support/Claude/claude_desktop_config.json")
        XCTAssertEqual(try readText(outcome.path), """
            {
              "mcpServers": {
                "mcp-registry": {
                  "command": "/opt/mcp-registry/bin/mcp-registry",
                  "args": ["serve"]
                }
              }
            }

            """)
        XCTAssertEqual(try mode(of: outcome.path), 0o600)
    }

    func testClaudeCodeKeepsItsOtherStateAndWritesTypeStdio() throws {
        let text = """
            {
              "numStartups": 42,
              "projects": {
                "/home/ada/src": {
                  "mcpServers": {}
                }
              },
              "userID": "abc"
            }
            """
        let installed = try ClaudeCodeFormat().install(registryEntry, into: text, path: ".claude.json")
        XCTAssertEqual(installed, """
            {
              "numStartups": 42,
              "projects": {
                "/home/ada/src": {
                  "mcpServers": {}
                }
              },
              "userID": "abc",
              "mcpServers": {
                "mcp-registry": {
                  "type": "stdio",
                  "command": "/opt/mcp-registry/bin/mcp-registry",
                  "args": ["serve"],
                  "env": {}
                }
              }
            }
            """)
        // The project-scope `mcpServers` is not the user-scope one.
        let removed = try ClaudeCodeFormat().remove(serverNamed: "mcp-registry", from: installed, path: ".claude.json")
        XCTAssertTrue(removed.contains("\"mcpServers\": {}\n    }"))
        XCTAssertTrue(removed.hasSuffix("\"userID\": \"abc\",\n  \"mcpServers\": {}\n}"))
    }

    func testEmptyServersObjectRoundTripsExactly() throws {
        let text = "{\n    \"mcpServers\": {}\n}\n"
        let installed = try CursorFormat().install(registryEntry, into: text, path: "mcp.json")
        XCTAssertEqual(installed, """
            {
                "mcpServers": {
                    "mcp-registry": {
                        "command": "/opt/mcp-registry/bin/mcp-registry",
                        "args": ["serve"]
                    }
                }
            }

            """)
        XCTAssertEqual(try CursorFormat().remove(serverNamed: "mcp-registry", from: installed, path: "mcp.json"), text)
    }

    func testOneLineFileStaysOnOneLine() throws {
        let text = #"{"mcpServers": {"fetch": {"command": "uvx", "args": ["mcp-server-fetch"]}}}"#
        let installed = try WindsurfFormat().install(registryEntry, into: text, path: "mcp_config.json")
        XCTAssertEqual(
            installed,
            #"{"mcpServers": {"fetch": {"command": "uvx", "args": ["mcp-server-fetch"]}, "mcp-registry": {"command": "/opt/mcp-registry/bin/mcp-registry", "args": ["serve"]}}}"#
        )
        XCTAssertEqual(try WindsurfFormat().remove(serverNamed: "mcp-registry", from: installed, path: "x"), text)
    }

    func testReinstallWithNewArgumentsUpdatesInPlace() throws {
        let text = original(serversKey: "mcpServers")
        let first = try ClineFormat().install(registryEntry, into: text, path: "x")
        let moved = StdioServerEntry.registry(executable: "/usr/local/bin/mcp-registry", dataDirectory: "/data/registry")
        let second = try ClineFormat().install(moved, into: first, path: "x")
        XCTAssertEqual(second.components(separatedBy: "\"mcp-registry\"").count, 2)
        XCTAssertTrue(second.contains("""
                "mcp-registry": {
                  "command": "/usr/local/bin/mcp-registry",
                  "args": ["serve", "--data-dir", "/data/registry"]
                }
              },
            """))
        XCTAssertEqual(try ClineFormat().status(serverNamed: "mcp-registry", in: second, path: "x")?.args, ["serve", "--data-dir", "/data/registry"])
    }

    func testCRLFFilesGetCRLFLines() throws {
        let text = "{\r\n  \"mcpServers\": {\r\n    \"a\": {\"command\": \"x\"}\r\n  }\r\n}\r\n"
        let installed = try CursorFormat().install(registryEntry, into: text, path: "x")
        XCTAssertFalse(installed.replacingOccurrences(of: "\r\n", with: "").contains("\n"), installed)
        XCTAssertEqual(try CursorFormat().remove(serverNamed: "mcp-registry", from: installed, path: "x"), text)
    }

    func testRemoveWhenAbsentChangesNothing() throws {
        let home = try TemporaryHome()
        defer { home.remove() }
        let file = try home.write(original(serversKey: "mcpServers"), at: ".cursor/mcp.json")
        let outcome = try ClientConfigurator(locations: home.locations()).remove(in: CursorFormat())
        XCTAssertFalse(outcome.written)
        XCTAssertEqual(try home.backups(of: file), [])
        // And a missing file stays missing.
        let missing = try ClientConfigurator(locations: home.locations()).remove(in: WindsurfFormat())
        XCTAssertFalse(missing.written)
        XCTAssertFalse(FileManager.default.fileExists(atPath: missing.path.path))
    }

    func testStringsWithEscapesAndUnicodeSurviveAndMatch() throws {
        let entry = StdioServerEntry(name: "mcp-registry", command: "/Users/José \"J\"/bin/mcp-registry", args: ["serve", "tab\there"])
        let installed = try ClaudeDesktopFormat().install(entry, into: "{}", path: "x")
        let json = try JSONSerialization.jsonObject(with: Data(installed.utf8)) as! [String: [String: [String: Any]]]
        XCTAssertEqual(json["mcpServers"]?["mcp-registry"]?["command"] as? String, entry.command)
        XCTAssertEqual(try ClaudeDesktopFormat().install(entry, into: installed, path: "x"), installed, "equal entry must be recognised")
    }
}
