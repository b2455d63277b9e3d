import ClientSetup
import Foundation
import XCTest

/// Backups, atomic writes that keep the mode, symlinked configs, dry runs.
final class ClientConfigFileTests: XCTestCase {
    func testBackupIsTimestampedAndNeverOverwritten() throws {
        let home = try TemporaryHome()
        defer { home.remove() }
        let original = "{\n  \"mcpServers\": {}\n}\n"
        let file = try home.write(original, at: ".cursor/mcp.json", mode: 0o600)
        let setup = ClientConfigurator(locations: home.locations())
        let now = Date(timeIntervalSince1970: 1_764_000_000)
        let install = try setup.install(registryEntry, in: CursorFormat(), now: now)
        XCTAssertEqual(install.backup?.lastPathComponent, "mcp.json.20251124-160000.bak")
        let remove = try setup.remove(in: CursorFormat(), now: now)
        XCTAssertEqual(remove.backup?.lastPathComponent, "mcp.json.20251124-160000-2.bak")
        XCTAssertEqual(try readText(install.backup!), original)
        XCTAssertEqual(try readText(remove.backup!), install.after)
        XCTAssertEqual(try mode(of: install.backup!), 0o600, "a backup of a private file stays private")
        XCTAssertEqual(try readText(file), original)
        XCTAssertEqual(try home.backups(of: file).count, 2)
    }

    func testAtomicWriteKeepsModeAndLeavesNoTemporaryFiles() throws {
        let home = try TemporaryHome()
        defer { home.remove() }
        let file = try home.write("{}", at: ".codeium/windsurf/mcp_config.json", mode: 0o604)
        _ = try ClientConfigurator(locations: home.locations()).install(registryEntry, in: WindsurfFormat())
        XCTAssertEqual(try mode(of: file), 0o604)
        let names = try FileManager.default.contentsOfDirectory(atPath: file.deletingLastPathComponent().path)
        XCTAssertEqual(names.filter { $0.hasSuffix(".tmp") }, [])
    }

    func testSymlinkedConfigIsWrittenThroughTheLink() throws {
        let home = try TemporaryHome()
        defer { home.remove() }
        let target = try home.write("{}\n", at: "dotfiles/cursor-mcp.json", mode: 0o644)
        let link = home.url.appendingPathComponent(".cursor/mcp.json")
        try FileManager.default.createDirectory(at: link.deletingLastPathComponent(), withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(at: link, withDestinationURL: target)
        let outcome = try ClientConfigurator(locations: home.locations()).install(registryEntry, in: CursorFormat())
        XCTAssertEqual(outcome.path.path, target.resolvingSymlinksInPath().path)
        XCTAssertEqual(try FileManager.default.destinationOfSymbolicLink(atPath: link.path), target.path, "the link stays a link")
        XCTAssertTrue(try readText(target).contains("mcp-registry"))
    }

    func testDryRunWritesNothing() throws {
        let home = try TemporaryHome()
        defer { home.remove() }
        let setup = ClientConfigurator(locations: home.locations())
        let outcome = try setup.install(registryEntry, in: ClaudeDesktopFormat(), dryRun: true)
        XCTAssertTrue(outcome.changed)
        XCTAssertFalse(outcome.written)
        XCTAssertTrue(outcome.after.contains("\"mcp-registry\""))
        XCTAssertFalse(FileManager.default.fileExists(atPath: outcome.path.path))
    }

    func testConfigPathOverrideIsUsedForInstallAndStatus() throws {
        let home = try TemporaryHome()
        defer { home.remove() }
        let custom = home.url.appendingPathComponent("elsewhere/deep/settings.json").path
        let setup = ClientConfigurator(locations: home.locations())
        _ = try setup.install(registryEntry, in: ZedFormat(), configPath: custom)
        XCTAssertTrue(try readText(URL(fileURLWithPath: custom)).contains("context_servers"))
        XCTAssertEqual(setup.status(in: ZedFormat(), configPath: custom).server?.args, ["serve"])
        XCTAssertNil(setup.status(in: ZedFormat()).server, "the default location was not touched")
    }

    func testStatusOfAllClients() throws {
        let home = try TemporaryHome()
        defer { home.remove() }
        let setup = ClientConfigurator(locations: home.locations())
        _ = try setup.install(registryEntry, in: ClaudeCodeFormat())
        _ = try setup.install(registryEntry, in: ContinueFormat())
        try home.write("{ broken", at: ".cursor/mcp.json")
        let statuses = setup.statusOfAllClients()
        XCTAssertEqual(statuses.map(\.client), KnownClients.names)
        let byName = Dictionary(uniqueKeysWithValues: statuses.map { ($0.client, $0) })
        XCTAssertEqual(byName["claude-code"]?.server?.commandLine, "/opt/mcp-registry/bin/mcp-registry serve")
        XCTAssertEqual(byName["continue"]?.server?.commandLine, "/opt/mcp-registry/bin/mcp-registry serve")
        XCTAssertNotNil(byName["cursor"]?.error)
        XCTAssertEqual(byName["zed"]?.fileExists, false)
        XCTAssertNil(byName["zed"]?.server)
        XCTAssertNil(byName["zed"]?.error)
    }
}
