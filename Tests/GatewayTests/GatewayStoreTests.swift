import ContainerRuntime
import Foundation
import Gateway
import RegistryCore
import TestSupport
import XCTest

final class GatewayStoreTests: XCTestCase {
    var root: URL!

    override func setUpWithError() throws {
        root = try TemporaryDirectory(prefix: "gw-store").url
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: root)
    }

    func mode(_ url: URL) throws -> Int {
        (try FileManager.default.attributesOfItem(atPath: url.path)[.posixPermissions] as? NSNumber)?.intValue ?? -1
    }

    func testSecretStoreFilesAre0600InA0700Folder() throws {
        let store = SecretStore(directory: root.appendingPathComponent("secrets"))
        XCTAssertEqual(try store.names(), [])
        XCTAssertFalse(store.has("grafana.api_key"))
        try store.set("grafana.api_key", "glsa_secret")
        try store.set("GITHUB_TOKEN", "ghp_x")
        XCTAssertEqual(try mode(store.directory), 0o700)
        XCTAssertEqual(try mode(store.directory.appendingPathComponent("grafana.api_key")), 0o600)
        XCTAssertEqual(try mode(store.directory.appendingPathComponent("GITHUB_TOKEN")), 0o600)
        XCTAssertTrue(store.has("grafana.api_key"))
        XCTAssertEqual(try store.get("grafana.api_key"), "glsa_secret")
        try store.set("grafana.api_key", "rotated")
        XCTAssertEqual(try store.get("grafana.api_key"), "rotated")
        XCTAssertEqual(try store.names(), ["GITHUB_TOKEN", "grafana.api_key"], "no temporary files left behind")
        try store.remove("GITHUB_TOKEN")
        XCTAssertEqual(try store.names(), ["grafana.api_key"])
        for bad in ["../escape", ".hidden", "a/b", "", "-flag", String(repeating: "x", count: 200)] {
            XCTAssertThrowsError(try store.set(bad, "v"), bad)
        }
        // A folder created loosely is tightened on the next write.
        chmod(store.directory.path, 0o755)
        try store.set("again", "v")
        XCTAssertEqual(try mode(store.directory), 0o700)
    }

    func testServerConfigStoreEditsOnlyServerConfig() throws {
        let file = root.appendingPathComponent("config.json")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        try Data(#"{"catalogs": ["/srv/catalog"], "futureKey": {"keep": true}, "containers": {"memory": "1g"}}"#.utf8).write(to: file)
        let store = ServerConfigStore(settingsFile: file)
        XCTAssertEqual(try store.values(for: "docker/grafana"), [:])
        try store.merge(["url": "https://g.example", "level": "info"], for: "docker/grafana")
        try store.merge(["level": nil], for: "Docker/Grafana")
        XCTAssertEqual(try store.values(for: "docker/grafana"), ["url": "https://g.example"])
        let settings = try JSONDecoder().decode(RegistrySettings.self, from: Data(contentsOf: file))
        XCTAssertEqual(settings.catalogs, ["/srv/catalog"])
        XCTAssertEqual(settings.containers.memory, "1g")
        XCTAssertEqual(settings.serverConfig["docker/grafana"], ["url": "https://g.example"])
        let raw = try JSONDecoder().decode(JSONValue.self, from: Data(contentsOf: file))
        XCTAssertEqual(raw["futureKey"], ["keep": true], "unknown keys survive")
        try Data("{not json".utf8).write(to: file)
        XCTAssertThrowsError(try store.merge(["url": "x"], for: "docker/grafana"))
        XCTAssertEqual(try String(contentsOf: file, encoding: .utf8), "{not json", "a corrupt file is not overwritten")
    }

    var grafana: CatalogEntry {
        CatalogEntry(
            id: "docker/grafana", name: "grafana",
            launch: .container(ContainerLaunch(image: "mcp/grafana", command: ["--org={{grafana.org}}"])),
            configuration: ConfigurationSpec(
                secrets: [SecretRequirement(name: "grafana.api_key", env: "GRAFANA_API_KEY", description: "Service account token")],
                env: [EnvRequirement(name: "LOG_LEVEL", description: "Log level")],
                parameters: [
                    "type": "object",
                    "properties": [
                        "url": ["type": "string", "description": "Grafana URL"],
                        "port": ["type": "integer"],
                        "verify": ["type": "boolean"],
                        "mode": ["type": "string", "enum": ["read", "write"]],
                        "paths": ["type": "array", "items": ["type": "string"]],
                    ],
                    "required": ["url"],
                ]))
    }

    func testConfigValidatorSortsSecretsFromValuesAndExplainsProblems() {
        let validator = ConfigValidator(entry: grafana)
        let ok = validator.classify([
            "GRAFANA_API_KEY": "glsa_1", "grafana.url": "https://g", "port": "3000", "verify": "false",
            "mode": "read", "paths": "/data", "LOG_LEVEL": "debug", "org": "main",
        ])
        XCTAssertTrue(ok.isValid, "\(ok.problems)")
        XCTAssertEqual(ok.secrets, ["grafana.api_key": "glsa_1"])
        XCTAssertEqual(ok.config["url"], "https://g")
        XCTAssertEqual(ok.config["port"], 3000)
        XCTAssertEqual(ok.config["verify"], false)
        XCTAssertEqual(ok.config["paths"], ["/data"])
        XCTAssertEqual(ok.config["LOG_LEVEL"], "debug")
        XCTAssertEqual(ok.config["org"], "main", "a template input counts as declared")
        XCTAssertNil(ok.config["GRAFANA_API_KEY"], "a secret never lands in the plain values")

        let bad = validator.classify(["mode": "delete", "port": "many", "GRAFANA_TOKEN": "x", "api_key": ""])
        XCTAssertEqual(bad.problems.count, 4, "\(bad.problems)")
        XCTAssertTrue(bad.problems.contains(.notOneOf(name: "mode", choices: ["read", "write"])), "\(bad.problems)")
        XCTAssertTrue(bad.problems.contains(.wrongType(name: "port", expected: ["integer"], found: "string")), "\(bad.problems)")
        XCTAssertTrue(bad.problems.contains {
            guard case .unknownName("GRAFANA_TOKEN", "docker/grafana", let declared) = $0 else { return false }
            return declared.contains(DeclaredSetting(name: "grafana.api_key", kind: "secret"))
        }, "\(bad.problems)")
        XCTAssertTrue(bad.problems.contains(.secretNotText(key: "api_key")), "\(bad.problems)")

        let missing = validator.missing(config: [:], secretNames: [])
        XCTAssertEqual(missing.map(\.name).sorted(), ["grafana.api_key", "url"])
        XCTAssertEqual(validator.missing(config: ["url": "u"], secretNames: ["grafana.api_key"]), [])
    }
}
