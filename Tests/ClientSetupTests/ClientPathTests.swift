import ClientSetup
import Foundation
import XCTest

final class ClientPathTests: XCTestCase {
    private let home = "/home/ada"

    private func path(_ client: String, _ platform: ClientPlatform, _ extra: [String: String] = [:]) throws -> String {
        let locations = ClientLocations(platform: platform, environment: ["HOME": home].merging(extra) { $1 })
        return try KnownClients.format(named: client).configPath(in: locations).path
    }

    func testLinuxPaths() throws {
        XCTAssertEqual(try path("claude-desktop", .linux), "/home/ada/.config/Claude/claude_desktop_config.json")
        XCTAssertEqual(try path("claude-code", .linux), "/home/ada/.claude.json")
        XCTAssertEqual(try path("cursor", .linux), "/home/ada/.cursor/mcp.json")
        XCTAssertEqual(
            try path("cline", .linux),
            "/home/ada/.config/Code/User/globalStorage/saoudrizwan.claude-dev/settings/cline_mcp_settings.json"
        )
        XCTAssertEqual(try path("vscode", .linux), "/home/ada/.config/Code/User/mcp.json")
        XCTAssertEqual(try path("windsurf", .linux), "/home/ada/.codeium/windsurf/mcp_config.json")
        XCTAssertEqual(try path("zed", .linux), "/home/ada/.config/zed/settings.json")
        XCTAssertEqual(try path("continue", .linux), "/home/ada/.continue/config.yaml")
    }

    func testLinuxHonoursXDGConfigHome() throws {
        let xdg = ["XDG_CONFIG_HOME": "/xdg"]
        XCTAssertEqual(try path("claude-desktop", .linux, xdg), "/xdg/Claude/claude_desktop_config.json")
        XCTAssertEqual(try path("vscode", .linux, xdg), "/xdg/Code/User/mcp.json")
        XCTAssertEqual(try path("zed", .linux, xdg), "/xdg/zed/settings.json")
        // Home-relative dotfiles do not move.
        XCTAssertEqual(try path("cursor", .linux, xdg), "/home/ada/.cursor/mcp.json")
    }

    func testMacOSPaths() throws {
        let support = "/home/ada/Library/Application Support"
        XCTAssertEqual(try path("claude-desktop", .macOS), "\(support)/Claude/claude_desktop_config.json")
        XCTAssertEqual(try path("claude-code", .macOS), "/home/ada/.claude.json")
        XCTAssertEqual(try path("cursor", .macOS), "/home/ada/.cursor/mcp.json")
        XCTAssertEqual(
            try path("cline", .macOS),
            "\(support)/Code/User/globalStorage/saoudrizwan.claude-dev/settings/cline_mcp_settings.json"
        )
        XCTAssertEqual(try path("vscode", .macOS), "\(support)/Code/User/mcp.json")
        XCTAssertEqual(try path("windsurf", .macOS), "/home/ada/.codeium/windsurf/mcp_config.json")
        XCTAssertEqual(try path("zed", .macOS, ["XDG_CONFIG_HOME": "/xdg"]), "/home/ada/.config/zed/settings.json")
        XCTAssertEqual(try path("continue", .macOS), "/home/ada/.continue/config.yaml")
    }

    func testWindowsPathsUseAppData() throws {
        let appData = ["APPDATA": "/c/Users/ada/AppData/Roaming"]
        XCTAssertEqual(try path("claude-desktop", .windows, appData), "/c/Users/ada/AppData/Roaming/Claude/claude_desktop_config.json")
        XCTAssertEqual(try path("vscode", .windows, appData), "/c/Users/ada/AppData/Roaming/Code/User/mcp.json")
    }

    func testUnknownClientListsTheValidNames() {
        XCTAssertThrowsError(try KnownClients.format(named: "emacs")) { error in
            let message = "\(error)"
            XCTAssertTrue(message.contains("unknown client 'emacs'"), message)
            for name in ["claude-desktop", "claude-code", "cursor", "cline", "vscode", "windsurf", "zed", "continue"] {
                XCTAssertTrue(message.contains(name), "\(name) missing from: \(message)")
            }
        }
    }

    func testConfigPathOverrideWins() throws {
        let setup = ClientConfigurator(locations: ClientLocations(platform: .linux, environment: ["HOME": home]))
        let file = setup.file(for: CursorFormat(), configPath: "/tmp/elsewhere/mcp.json")
        XCTAssertEqual(file.url.path, "/tmp/elsewhere/mcp.json")
    }
}
