import ClientSetup
import Foundation
import XCTest

/// The export entry: a podman command with secret placeholders, rendered for each client.
final class DirectServerEntryTests: XCTestCase {
    private let podmanArgs = [
        "run", "--rm", "-i", "--init", "--security-opt", "no-new-privileges", "--cap-drop", "ALL",
        "--label", "io.mcp-registry.session=abc", "--label", "io.mcp-registry.owner=42", "--name", "mcp-grafana-x1",
        "-e", "GRAFANA_API_KEY", "-e", "GRAFANA_URL=https://grafana.example", "mcp/grafana", "--transport", "stdio",
    ]

    private var entry: StdioServerEntry {
        DirectServerEntry.make(name: "grafana", command: "podman", args: podmanArgs, secretVariables: ["GRAFANA_API_KEY"])
    }

    func testDropsRegistryLabelsAndNameAndKeepsHardening() {
        XCTAssertEqual(entry.command, "podman")
        XCTAssertEqual(entry.args, [
            "run", "--rm", "-i", "--init", "--security-opt", "no-new-privileges", "--cap-drop", "ALL",
            "-e", "GRAFANA_API_KEY", "-e", "GRAFANA_URL=https://grafana.example", "mcp/grafana", "--transport", "stdio",
        ])
        XCTAssertEqual(entry.env, ["GRAFANA_API_KEY": "<fill in your GRAFANA_API_KEY>"])
        let joined = DirectServerEntry.make(name: "x", command: "podman", args: ["run", "--name=a", "--label=b=c", "--pull", "never", "img"], secretVariables: []).args
        XCTAssertEqual(joined, ["run", "--pull", "missing", "img"])
    }

    func testSnippetsForEveryClientHoldThePlaceholderAndParse() throws {
        for format in KnownClients.all {
            let snippet = format.snippet(for: entry)
            XCTAssertTrue(snippet.contains("<fill in your GRAFANA_API_KEY>"), "\(format.name): \(snippet)")
            XCTAssertTrue(snippet.contains("mcp/grafana"), format.name)
            // The snippet is itself a valid config holding the entry.
            let status = try format.status(serverNamed: "grafana", in: snippet, path: "snippet")
            XCTAssertEqual(status?.command, "podman", format.name)
            XCTAssertEqual(status?.args, entry.args, format.name)
        }
        XCTAssertEqual(ClaudeDesktopFormat().snippet(for: entry), """
            {
              "mcpServers": {
                "grafana": {
                  "command": "podman",
                  "args": [
                    "run",
                    "--rm",
                    "-i",
                    "--init",
                    "--security-opt",
                    "no-new-privileges",
                    "--cap-drop",
                    "ALL",
                    "-e",
                    "GRAFANA_API_KEY",
                    "-e",
                    "GRAFANA_URL=https://grafana.example",
                    "mcp/grafana",
                    "--transport",
                    "stdio"
                  ],
                  "env": {
                    "GRAFANA_API_KEY": "<fill in your GRAFANA_API_KEY>"
                  }
                }
              }
            }
            """)
    }

    func testExportedEntryInstallsIntoAnExistingConfig() throws {
        let text = "{\n  \"servers\": {\n    // mine\n    \"a\": {\"type\": \"stdio\", \"command\": \"a\"},\n  },\n}\n"
        let installed = try VSCodeFormat().install(entry, into: text, path: "mcp.json")
        XCTAssertTrue(installed.contains("\"env\": {\n        \"GRAFANA_API_KEY\": \"<fill in your GRAFANA_API_KEY>\"\n      }\n    },\n  },\n}"), installed)
    }

    func testServerNames() {
        XCTAssertEqual(DirectServerEntry.serverName(forEntryID: "docker/grafana"), "grafana")
        XCTAssertEqual(DirectServerEntry.serverName(forEntryID: "official/io.github.user/weather"), "weather")
        XCTAssertEqual(DirectServerEntry.serverName(forEntryID: "awesome/owner/My.Repo@2"), "My-Repo-2")
        XCTAssertEqual(DirectServerEntry.serverName(forEntryID: "x/@@"), "server")
    }
}
