import Foundation
import Gateway
import RegistryCore
import TestSupport
import XCTest

/// `mcp-registry config network` (the built binary) writes `containers.network` in the
/// settings file, shows it, removes it and refuses a word it does not know; and a running
/// gateway takes the changed setting for the next activation, without a restart.
final class ConfigNetworkCommandTests: XCTestCase {
    var root: TemporaryDirectory!
    var binary: String!

    override func setUpWithError() throws {
        binary = EndToEndTests.productsDirectory.appendingPathComponent("mcp-registry").path
        guard FileManager.default.isExecutableFile(atPath: binary) else { throw XCTSkip("build the package first: \(binary!)") }
        root = try TemporaryDirectory(prefix: "speed-config-network")
    }

    override func tearDown() {
        root?.remove()
    }

    var settingsFile: URL { root.appending("config/mcp-registry/config.json") }

    /// Runs the binary; returns its status, stdout and stderr.
    func run(_ arguments: [String]) throws -> (status: Int32, out: String, err: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = arguments + ["--data-dir", root.appending("data").path]
        var env = ProcessInfo.processInfo.environment
        env["HOME"] = root.appending("home").path
        env["XDG_CONFIG_HOME"] = root.appending("config").path
        process.environment = env
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let output = out.fileHandleForReading.readDataToEndOfFile()
        let errors = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: output, as: UTF8.self), String(decoding: errors, as: UTF8.self))
    }

    func network() throws -> [String: Bool] {
        try SettingsStore(file: settingsFile).load().containers.network
    }

    func testSetShowListAndRemove() throws {
        let allowed = try run(["config", "network", "docker/fetch", "allow"])
        XCTAssertEqual(allowed.status, 0, allowed.err)
        XCTAssertTrue(allowed.out.contains("docker/fetch gets a network"), allowed.out)
        XCTAssertEqual(try network(), ["docker/fetch": true])

        // Another case of the same id replaces the setting instead of adding a second one.
        let none = try run(["config", "network", "Docker/Fetch", "none"])
        XCTAssertEqual(none.status, 0, none.err)
        XCTAssertEqual(try network(), ["Docker/Fetch": false])
        XCTAssertEqual(try run(["config", "network", "local/tool", "bridge"]).status, 0)

        let shown = try run(["config", "network", "docker/fetch", "--json"])
        XCTAssertEqual(shown.status, 0, shown.err)
        let row = try JSONSerialization.jsonObject(with: Data(shown.out.utf8)) as? [String: Any]
        XCTAssertEqual(row?["network"] as? String, "none", shown.out)

        let listed = try run(["config", "network", "--json"])
        XCTAssertEqual(listed.status, 0, listed.err)
        let rows = try JSONSerialization.jsonObject(with: Data(listed.out.utf8)) as? [[String: Any]] ?? []
        XCTAssertEqual(rows.map { "\($0["id"]!)=\($0["network"]!)" }, ["Docker/Fetch=none", "local/tool=allow"], listed.out)

        let reset = try run(["config", "network", "docker/fetch", "default"])
        XCTAssertEqual(reset.status, 0, reset.err)
        XCTAssertTrue(reset.out.contains("its definition decides"), reset.out)
        XCTAssertEqual(try network(), ["local/tool": true])
        let unset = try run(["config", "network", "docker/fetch"])
        XCTAssertTrue(unset.out.contains("no setting"), unset.out)

        // A word it does not know changes nothing and says what it takes.
        let refused = try run(["config", "network", "local/tool", "maybe"])
        XCTAssertNotEqual(refused.status, 0)
        XCTAssertTrue(refused.err.contains("allow, none or default"), refused.err)
        XCTAssertEqual(try network(), ["local/tool": true])
    }

    /// The gateway of a running registry takes the changed `containers.network` before its
    /// next activation (one `stat` when the file is unchanged), and keeps the other settings.
    func testARunningGatewayTakesTheChangedSetting() async throws {
        let store = SettingsStore(file: settingsFile)
        try FileManager.default.createDirectory(at: settingsFile.deletingLastPathComponent(), withIntermediateDirectories: true)
        var started = RegistrySettings()
        started.containers.memory = "300m"
        try store.save(started)
        let gateway = Gateway(settings: try store.load(), settingsFile: settingsFile)
        let nothingToRun = CatalogEntry(id: "local/list-only", name: "list-only", launch: .unknown)

        XCTAssertEqual(try run(["config", "network", "local/tool", "allow"]).status, 0)
        var current = await gateway.settings
        XCTAssertNil(current.containers.networkOverride(for: "local/tool"), "not before an activation")
        _ = try? await gateway.activate(entry: nothingToRun)
        current = await gateway.settings
        XCTAssertEqual(current.containers.networkOverride(for: "local/tool"), true)
        XCTAssertEqual(current.containers.memory, "300m")

        XCTAssertEqual(try run(["config", "network", "local/tool", "default"]).status, 0)
        _ = try? await gateway.activate(entry: nothingToRun)
        current = await gateway.settings
        XCTAssertNil(current.containers.networkOverride(for: "local/tool"))
    }
}
