import Foundation
import TestSupport
import XCTest

/// Kills the built `mcp-registry` with SIGKILL at random moments, many times, while it writes
/// what users care about, and checks after each kill that every file is the old or the new
/// version (never torn or empty), that secrets are never readable by others (a watcher thread
/// scans their folder throughout, temporary files included), and that the next start reads
/// the last good state. `MCP_REGISTRY_KILLS` sets the kills per scenario (by default 20, and
/// 10 for the refresh and registry-config-set scenarios, whose runs take seconds).
final class CrashSafetyTests: XCTestCase {
    var root: URL!
    var binary: String!
    var environment: [String: String]!
    var generator = SystemRandomNumberGenerator()

    var kills: Int { Int(ProcessInfo.processInfo.environment["MCP_REGISTRY_KILLS"] ?? "") ?? 20 }
    var slowKills: Int { Int(ProcessInfo.processInfo.environment["MCP_REGISTRY_KILLS"] ?? "") ?? 10 }
    var dataDir: String { root.appendingPathComponent("data").path }
    var configDir: URL { root.appendingPathComponent("config/mcp-registry") }

    override func setUpWithError() throws {
        binary = EndToEndTests.productsDirectory.appendingPathComponent("mcp-registry").path
        guard FileManager.default.isExecutableFile(atPath: binary) else { throw XCTSkip("build the package first: \(binary!)") }
        root = try TemporaryDirectory(prefix: "robust-crash").url
        try FileManager.default.createDirectory(at: root.appendingPathComponent("home"), withIntermediateDirectories: true)
        var env = ProcessInfo.processInfo.environment
        env["HOME"] = root.appendingPathComponent("home").path
        env["XDG_CONFIG_HOME"] = root.appendingPathComponent("config").path
        env["MCP_REGISTRY_HOME"] = dataDir
        environment = env
        // Offline and self-contained: only the catalogs a test names.
        for id in ["docker", "awesome", "official", "mcpservers"] {
            XCTAssertEqual(try run(["sources", "disable", id]), .exited(0))
        }
    }

    override func tearDownWithError() throws {
        if let root { try? FileManager.default.removeItem(at: root) }
    }

    // MARK: - Scenarios

    func testRefreshKilledAtRandomLeavesTheOldOrNewCacheAndTheNextStartServesIt() throws {
        let catalog = root.appendingPathComponent("catalog")
        let parked = root.appendingPathComponent("parked")
        try FileManager.default.copyItem(at: Self.dockerServers, to: catalog)
        try FileManager.default.createDirectory(at: parked, withIntermediateDirectories: true)
        let moved = try FileManager.default.contentsOfDirectory(atPath: catalog.path).sorted().prefix(60)
        func switchVersion(toSmall small: Bool) throws {
            for name in moved {
                let (from, to) = small ? (catalog, parked) : (parked, catalog)
                let source = from.appendingPathComponent(name)
                if FileManager.default.fileExists(atPath: source.path) {
                    try FileManager.default.moveItem(at: source, to: to.appendingPathComponent(name))
                }
            }
        }
        let refresh = ["refresh", "--force", "--catalog", catalog.path]
        XCTAssertEqual(try run(refresh), .exited(0))
        let full = try cachedIDs()
        try switchVersion(toSmall: true)
        let started = Date()
        XCTAssertEqual(try run(refresh), .exited(0))
        let duration = Date().timeIntervalSince(started)
        let small = try cachedIDs()
        XCTAssertGreaterThan(full.count, small.count)
        XCTAssertEqual(full.count - small.count, moved.count)

        var killed = 0
        for round in 0..<slowKills {
            try switchVersion(toSmall: round % 2 == 1)
            if try run(refresh, killAfter: .random(in: 0...(duration * 1.2), using: &generator)) == .killed { killed += 1 }
            let ids = try cachedIDs()
            XCTAssertTrue(ids == full || ids == small, "round \(round): the cache holds \(ids.count) entries, neither version")
            try assertJSONFile(root.appendingPathComponent("data/cache/status.json"))
        }
        XCTAssertGreaterThan(killed, slowKills / 4, "too few runs were killed mid-way to prove anything")

        // The next start serves the last good catalog, even with the folder gone.
        let cached = try cachedIDs()
        try FileManager.default.moveItem(at: catalog, to: root.appendingPathComponent("gone"))
        let listed = try output(["list", "--json", "--limit", "0", "--catalog", catalog.path])
        let entries = try XCTUnwrap(JSONSerialization.jsonObject(with: listed) as? [[String: Any]])
        XCTAssertEqual(Set(entries.compactMap { $0["id"] as? String }), cached)
        print("refresh: \(slowKills) runs, \(killed) killed mid-way, cache always old or new")
    }

    func testConfigSetKilledAtRandomLeavesTheOldOrNewSecretNeverReadableByOthers() throws {
        let catalog = root.appendingPathComponent("catalog")
        try FileManager.default.createDirectory(at: catalog, withIntermediateDirectories: true)
        try FileManager.default.copyItem(
            at: Self.dockerServers.appendingPathComponent("airtable-mcp-server"),
            to: catalog.appendingPathComponent("airtable-mcp-server"))
        XCTAssertEqual(try run(["refresh", "--catalog", catalog.path]), .exited(0))
        let secrets = configDir.appendingPathComponent("secrets")
        let secretFile = secrets.appendingPathComponent("airtable-mcp-server.api_key")
        let watcher = PermissionWatcher(folders: [secrets.path, configDir.path])
        watcher.start()

        func configSet(_ value: String, killAfter: TimeInterval?) throws -> KillableRun.Ending {
            var process = KillableRun(binary: binary, arguments: ["serve", "--catalog", catalog.path], environment: environment)
            process.input = Self.jsonLines([
                ["jsonrpc": "2.0", "id": 1, "method": "initialize", "params": [
                    "protocolVersion": "2025-06-18", "capabilities": [:], "clientInfo": ["name": "robust", "version": "1"]]],
                ["jsonrpc": "2.0", "method": "notifications/initialized"],
                ["jsonrpc": "2.0", "id": 2, "method": "tools/call", "params": [
                    "name": "registry-config-set",
                    "arguments": ["id": "catalog/airtable-mcp-server", "values": [
                        "airtable-mcp-server.api_key": value, "airtable-mcp-server.nodeenv": value]]]],
            ])
            if let killAfter { return try process.run(killAfter: killAfter).ending }
            // Unkilled: wait until the secret and the setting are both written, then stop it
            // (the two files are written one after the other).
            var seen = false
            let settingsFile = configDir.appendingPathComponent("config.json")
            let result = try process.run { [secretFile] elapsed in
                seen = (try? String(contentsOf: secretFile, encoding: .utf8)) == value
                    && ((try? String(contentsOf: settingsFile, encoding: .utf8))?.contains(value) ?? false)
                return seen || elapsed > 30
            }
            XCTAssertTrue(seen, "registry-config-set never wrote the secret and the setting")
            return result.ending
        }

        let started = Date()
        _ = try configSet("secret-0", killAfter: nil)
        let duration = Date().timeIntervalSince(started)
        var current = "secret-0"
        // What the settings hold before each round: old or new after it (absent only if no
        // run ever got that far).
        var currentSetting: String? = try String(contentsOf: configDir.appendingPathComponent("config.json"), encoding: .utf8)
            .range(of: #"secret-[0-9]+"#, options: .regularExpression).map { _ in "secret-0" }
        var killed = 0
        var written = 0
        for round in 1...slowKills {
            let value = "secret-\(round)"
            if try configSet(value, killAfter: .random(in: (duration * 0.3)...(duration * 1.3), using: &generator)) == .killed { killed += 1 }
            let stored = try String(contentsOf: secretFile, encoding: .utf8)
            XCTAssertTrue(stored == current || stored == value, "round \(round): the secret reads \(stored.debugDescription)")
            if stored == value { current = value; written += 1 }
            XCTAssertEqual(Self.mode(secretFile.path), 0o600)
            XCTAssertEqual(Self.mode(secrets.path), 0o700)
            // The settings file is written on its own (before or after the secret): it holds
            // its own old or new value, whole.
            let settings = try assertJSONFile(configDir.appendingPathComponent("config.json"))
            let setting = settings.range(of: #"secret-[0-9]+"#, options: .regularExpression).map { String(settings[$0]) }
            XCTAssertTrue(setting == currentSetting || setting == value,
                          "round \(round): the settings hold \(setting ?? "nothing"), neither \(currentSetting ?? "nothing") nor \(value)")
            if let setting { currentSetting = setting }
        }
        let watched = watcher.stop()
        XCTAssertEqual(watched.exposed, [], "files readable by others were seen")
        XCTAssertGreaterThan(watched.scans, 100)
        XCTAssertGreaterThan(killed, slowKills / 4)
        XCTAssertGreaterThan(written, 0, "no run got as far as writing: the kills prove nothing")
        print("registry-config-set: \(slowKills) runs, \(killed) killed, \(written) wrote the new secret, \(watched.scans) permission scans, none exposed")
    }

    func testClientInstallKilledAtRandomLeavesTheOldOrNewConfig() throws {
        let config = root.appendingPathComponent("home/claude_desktop_config.json")
        let start = """
        {
          "globalShortcut": "Ctrl+Space",
          "mcpServers": {
            "other": { "command": "npx", "args": ["-y", "other-server"], "env": { "TOKEN": "x" } }
          }
        }

        """
        try Data(start.utf8).write(to: config)
        func install(_ executable: String, killAfter: TimeInterval? = nil) throws -> KillableRun.Ending {
            try run(["client", "install", "claude-desktop", "--config-path", config.path, "--executable", executable], killAfter: killAfter)
        }
        XCTAssertEqual(try install("/opt/a/mcp-registry"), .exited(0))
        let textA = try String(contentsOf: config, encoding: .utf8)
        let started = Date()
        XCTAssertEqual(try install("/opt/b/mcp-registry"), .exited(0))
        let duration = Date().timeIntervalSince(started)
        let textB = try String(contentsOf: config, encoding: .utf8)
        XCTAssertNotEqual(textA, textB)
        XCTAssertTrue(textA.contains("other-server") && textB.contains("other-server"))

        var killed = 0
        for round in 0..<kills {
            let executable = round % 2 == 0 ? "/opt/a/mcp-registry" : "/opt/b/mcp-registry"
            if try install(executable, killAfter: .random(in: 0...(duration * 1.2), using: &generator)) == .killed { killed += 1 }
            let text = try String(contentsOf: config, encoding: .utf8)
            XCTAssertTrue(text == textA || text == textB, "round \(round): the config is torn:\n\(text)")
            for name in try FileManager.default.contentsOfDirectory(atPath: config.deletingLastPathComponent().path)
            where name.hasSuffix(".bak") {
                let backup = try String(contentsOf: config.deletingLastPathComponent().appendingPathComponent(name), encoding: .utf8)
                XCTAssertTrue([start, textA, textB].contains(backup), "round \(round): the backup \(name) is torn")
            }
        }
        XCTAssertGreaterThan(killed, kills / 4)
        print("client install: \(kills) runs, \(killed) killed, config always old or new")
    }

    func testSourcesAddKilledAtRandomKeepsTheSettingsWhole() throws {
        let started = Date()
        XCTAssertEqual(try run(["sources", "add", root.path, "--format", "local", "--name", "robust-0"]), .exited(0))
        let duration = Date().timeIntervalSince(started)
        var expected: Set<String> = ["robust-0"]
        var killed = 0
        for round in 1...kills {
            let id = "robust-\(round)"
            if try run(["sources", "add", root.path, "--format", "local", "--name", id],
                       killAfter: .random(in: 0...(duration * 1.2), using: &generator)) == .killed { killed += 1 }
            let text = try assertJSONFile(configDir.appendingPathComponent("config.json"))
            let listed = try output(["sources", "list", "--json"])
            let ids = Set(((try JSONSerialization.jsonObject(with: listed) as? [[String: Any]]) ?? []).compactMap { $0["id"] as? String })
            XCTAssertTrue(expected.isSubset(of: ids), "round \(round): sources were lost: \(expected.subtracting(ids))")
            if text.contains("\"\(id)\"") { expected.insert(id) }
        }
        XCTAssertGreaterThan(killed, kills / 4)
        print("sources add: \(kills) runs, \(killed) killed, settings always whole")
    }

    // MARK: - Helpers

    static var dockerServers: URL {
        EndToEndTests.packageRoot.appendingPathComponent("../shared/fixtures/docker-mcp-registry/servers").standardizedFileURL
    }

    @discardableResult
    func run(_ arguments: [String], killAfter: TimeInterval? = nil) throws -> KillableRun.Ending {
        try KillableRun(binary: binary, arguments: arguments, environment: environment).run(killAfter: killAfter).ending
    }

    func output(_ arguments: [String]) throws -> Data {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = arguments
        process.environment = environment
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 0, "\(arguments) failed")
        return data
    }

    /// The entry ids in the local catalog's cache file (which must exist and decode).
    func cachedIDs() throws -> Set<String> {
        let file = root.appendingPathComponent("data/cache/catalog/catalog.json")
        let data = try Data(contentsOf: file)
        XCTAssertFalse(data.isEmpty, "the cache file is empty")
        let object = try XCTUnwrap(JSONSerialization.jsonObject(with: data) as? [String: Any], "the cache is not a JSON object")
        let snapshot = try XCTUnwrap(object["snapshot"] as? [String: Any])
        let entries = try XCTUnwrap(snapshot["entries"] as? [[String: Any]])
        return Set(entries.compactMap { $0["id"] as? String })
    }

    /// The file's text, after checking it is whole JSON.
    @discardableResult
    func assertJSONFile(_ url: URL, file: StaticString = #filePath, line: UInt = #line) throws -> String {
        let data = try Data(contentsOf: url)
        XCTAssertFalse(data.isEmpty, "\(url.lastPathComponent) is empty", file: file, line: line)
        XCTAssertNoThrow(try JSONSerialization.jsonObject(with: data), "\(url.lastPathComponent) is torn", file: file, line: line)
        return String(decoding: data, as: UTF8.self)
    }

    static func mode(_ path: String) -> mode_t {
        var info = stat()
        return stat(path, &info) == 0 ? info.st_mode & 0o777 : 0
    }

    static func jsonLines(_ messages: [[String: Any]]) -> Data {
        var data = Data()
        for message in messages {
            data += (try? JSONSerialization.data(withJSONObject: message)) ?? Data()
            data += Data("\n".utf8)
        }
        return data
    }
}
