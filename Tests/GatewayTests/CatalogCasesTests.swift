import CatalogSources
import ContainerRuntime
import Foundation
import Gateway
import RegistryCore
import TestSupport
import XCTest

/// Each folder of `../shared/cases/` (inputs from real catalogs the registry got wrong),
/// with the behaviour its row in `cases/README.md` expects.
final class CatalogCasesTests: XCTestCase {
    static let cases = LaunchCensusTests.shared.appendingPathComponent("cases")
    var root: URL!

    override func setUp() async throws {
        root = try TemporaryDirectory(prefix: "planning-cases").url
        try FileManager.default.createDirectory(at: root.appendingPathComponent("allowed/project"), withIntermediateDirectories: true)
        root = URL(fileURLWithPath: VolumePolicyPath.resolve(root.path))
    }

    override func tearDown() async throws {
        try? FileManager.default.removeItem(at: root)
    }

    func official(_ path: String) throws -> CatalogEntry {
        try OfficialServerParser.entry(json: Data(contentsOf: Self.cases.appendingPathComponent(path)), sourceID: "official", location: path)
    }

    func planner(roots: [String]? = nil) -> ContainerPlanner {
        let allowed = roots ?? [root.appendingPathComponent("allowed").path]
        return ContainerPlanner(settings: ContainerSettings(allowedVolumeRoots: allowed), session: "planning-test")
    }

    // MARK: - template-names

    func testTemplateNamesAskForWhatTheTemplatesRead() throws {
        let entry = try DockerServerParser.entry(folder: Self.cases.appendingPathComponent("template-names"), sourceID: "docker")
        let secrets: Set<String> = ["vectra-ai-rux-mcp-server.vectra_client_secret"]
        let missing = ConfigRequirements.missing(for: entry.configuration, config: [:], availableSecrets: secrets).map(\.name)
        XCTAssertEqual(Set(missing), ["vectra_url", "vectra_client_id"])

        // The template's own name reaches the container.
        let byTemplate = try planner().plan(
            entry: entry, config: ["vectra_url": "https://x.example", "vectra_client_id": "42"], availableSecrets: secrets, nameSuffix: "t")
        XCTAssertEqual(byTemplate.environment["VECTRA_CLIENT_ID"], "42")
        XCTAssertEqual(byTemplate.environment["VECTRA_BASE_URL"], "https://x.example")

        // A value set under the variable's (declared parameter's) name reaches it too.
        let config: [String: JSONValue] = ["vectra_url": "https://x.example", "VECTRA_CLIENT_ID": "7"]
        XCTAssertEqual(ConfigRequirements.missing(for: entry.configuration, config: config, availableSecrets: secrets), [])
        let byVariable = try planner().plan(entry: entry, config: config, availableSecrets: secrets, nameSuffix: "t")
        XCTAssertEqual(byVariable.environment["VECTRA_CLIENT_ID"], "7")
        XCTAssertEqual(byVariable.secrets.map(\.environmentVariable), ["VECTRA_CLIENT_SECRET"])

        // Both names are accepted by registry-config-set's validator.
        let classified = ConfigValidator(entry: entry).classify(["vectra_client_id": "1", "VECTRA_CLIENT_ID": "2"])
        XCTAssertEqual(classified.problems, [])

        // The inconsistencies are reported (registry-status problems).
        let issues = ConfigurationIssue.issues(in: entry)
        XCTAssertTrue(issues.contains(.undeclaredParameter(name: "vectra_client_id", readBy: "env VECTRA_CLIENT_ID")), "\(issues)")
        XCTAssertTrue(issues.contains(.requiredNamesVariable(name: "VECTRA_BASE_URL")), "\(issues)")
    }

    // MARK: - url-variables

    func endpoint(_ entry: CatalogEntry, _ config: [String: JSONValue]) throws -> RemoteConnector.Endpoint {
        try RemoteConnector.endpoint(for: ChildLaunchRequest(
            entry: entry, config: config, secrets: SecretSource(store: nil), settings: RegistrySettings(), session: "planning-test"))
    }

    func testURLVariablesCannotMoveTheRequest() throws {
        let entry = try official("url-variables/acme-analytics.json")
        XCTAssertEqual(try endpoint(entry, ["tenant_id": "us-cell1"]).url.absoluteString, "https://us-cell1.analytics.example.com/mcp")
        for evil in ["evil.com/x#", "127.0.0.1:9/mcp?", "a@b", "x:1", "a b", "-x", "evil.com"] {
            XCTAssertThrowsError(try endpoint(entry, ["tenant_id": .string(evil)]), evil) { error in
                guard case RemoteConnectorError.invalidValue = error else { return XCTFail("\(evil): \(error)") }
            }
        }
        // Path and query values are percent-encoded.
        var remote = RemoteLaunch(url: "https://{host}.example.com/api/{path}?q={q}")
        remote.headers = []
        let other = CatalogEntry(id: "local/x", name: "x", launch: .remote(remote))
        let url = try endpoint(other, ["host": "api", "path": "../a/b?c#d", "q": "x&y=z#"]).url
        XCTAssertEqual(url.host, "api.example.com")
        XCTAssertEqual(url.absoluteString, "https://api.example.com/api/..%2Fa%2Fb%3Fc%23d?q=x%26y%3Dz%23")
        XCTAssertThrowsError(try endpoint(other, ["host": "evil.com:8443", "path": "a", "q": "b"]))
        XCTAssertThrowsError(try endpoint(other, ["host": "user@evil", "path": "a", "q": "b"]))
        // A variable that is the whole host (official `https://{host}/mcp`) may be a host
        // name, still without port or userinfo.
        let whole = CatalogEntry(id: "local/w", name: "w", launch: .remote(RemoteLaunch(url: "https://{host}/mcp")))
        XCTAssertEqual(try endpoint(whole, ["host": "api.example.com"]).url.absoluteString, "https://api.example.com/mcp")
        for evil in ["evil.com:8443", "u@evil.com", "evil.com/x#", "evil.com?"] {
            XCTAssertThrowsError(try endpoint(whole, ["host": .string(evil)]), evil)
        }
        // The endpoint policy is checked on the final URL (a loopback host refused).
        let local = CatalogEntry(id: "local/y", name: "y", launch: .remote(RemoteLaunch(url: "https://{sub}.localhost/mcp")))
        let policy = RemoteEndpointPolicy(settings: RemoteSettings())
        XCTAssertThrowsError(try policy.check(try endpoint(local, ["sub": "a"]).url))
    }

    // MARK: - runtime-arguments

    func testRuntimeArgumentsAreBuiltWhole() throws {
        let entry = try official("runtime-arguments/database-manager.json")
        XCTAssertTrue(entry.isLaunchable)
        let secrets: Set<String> = ["database-manager-nonet.db_password"]
        var config: [String: JSONValue] = ["db_type": "postgres", "database_name": "app", "DB_USERNAME": "me"]
        let plan = try planner().plan(entry: entry, config: config, availableSecrets: secrets, nameSuffix: "t")
        XCTAssertEqual(plan.command, ["--host", "localhost", "app"], "an unset optional --port is left out whole")
        XCTAssertEqual(plan.environment["DB_TYPE"], "postgres")
        XCTAssertEqual(plan.environment["SSL_MODE"], "prefer")
        config["port"] = 5432
        XCTAssertEqual(try planner().plan(entry: entry, config: config, availableSecrets: secrets, nameSuffix: "t").command,
                       ["--host", "localhost", "--port", "5432", "app"])

        // The same checks for registry-add, export and info: choices and formats.
        let validator = ConfigValidator(entry: entry)
        XCTAssertFalse(validator.classify(["db_type": "oracle"]).isValid)
        XCTAssertFalse(validator.classify(["SSL_MODE": "bogus"]).isValid)
        XCTAssertFalse(validator.validate(config: ["SSL_MODE": "bogus"]).isEmpty)
        XCTAssertFalse(validator.classify(["port": "not-a-number"]).isValid)
        let settings = RegistrySettings(containers: ContainerSettings(allowedVolumeRoots: []))
        let sources = SecretSource(store: nil, overrides: ["database-manager-nonet.db_password": "x"])
        var bad = config
        bad["SSL_MODE"] = "bogus"
        guard case .refused = LaunchVerdict.judge(entry, config: bad, secrets: sources, settings: settings) else {
            return XCTFail("a value outside choices must be refused")
        }
        XCTAssertEqual(LaunchVerdict.judge(entry, config: config, secrets: sources, settings: settings), .launchable)
        guard case .needsConfiguration(let missing) = LaunchVerdict.judge(entry, config: [:], secrets: SecretSource(store: nil), settings: settings)
        else { return XCTFail("needs configuration") }
        XCTAssertEqual(Set(missing.map(\.name)), ["db_type", "database_name", "DB_USERNAME", "database-manager-nonet.db_password"])

        // The original with --network host is not launchable, and says why.
        let original = try OfficialServerParser.entry(
            json: Data(contentsOf: LaunchCensusTests.shared.appendingPathComponent(
                "fixtures/official-registry/examples/from-docs/08-complex-docker-server-with-multiple-arguments.json")),
            sourceID: "official", location: nil)
        XCTAssertEqual(original.launch.notLaunchableReason, LaunchBlocker(.runtimeOptionRefused, field: "runtimeArguments", detail: "--network"))
        XCTAssertFalse(original.isLaunchable)
    }

    // MARK: - mount-arguments

    func testMountArgumentsAreCheckedLikeVolumes() throws {
        let entry = try official("mount-arguments/filesystem.json")
        guard case .container = entry.launch else { return XCTFail("the oci package runs: \(entry.launch)") }
        XCTAssertTrue(entry.isLaunchable)
        let allowed = root.appendingPathComponent("allowed/project").path
        let plan = try planner().plan(entry: entry, config: ["source_path": .string(allowed)], availableSecrets: [], nameSuffix: "t")
        XCTAssertEqual(plan.volumes, ["\(allowed):/project"])
        XCTAssertEqual(plan.command, ["/project"])
        for refused in ["~/.ssh", "/etc", "relative/path", "\(allowed),dst=/x,src=/etc", root.path] {
            XCTAssertThrowsError(try planner().plan(entry: entry, config: ["source_path": .string(refused)], availableSecrets: [], nameSuffix: "t"), refused)
        }

        // Runtime options the hardening profile never allows make the package not
        // launchable, and the npm package of the same server is chosen instead.
        var json = try String(contentsOf: Self.cases.appendingPathComponent("mount-arguments/filesystem.json"), encoding: .utf8)
        json = json.replacingOccurrences(of: "\"name\": \"--mount\"", with: "\"name\": \"--privileged\"")
        let fallback = try OfficialServerParser.entry(json: Data(json.utf8), sourceID: "official", location: nil)
        guard case .package(let package) = fallback.launch else { return XCTFail("\(fallback.launch)") }
        XCTAssertEqual(package.registryType, "npm")
        XCTAssertTrue(fallback.isLaunchable)
        for options in [["--network", "host"], ["--privileged"], ["--pid=host"], ["--device", "/dev/kvm"], ["--mount", "type=tmpfs,dst=/x"]] {
            XCTAssertNotNil(LaunchSpec.container(ContainerLaunch(image: "x", runtimeArguments: options)).notLaunchableReason, "\(options)")
        }
        XCTAssertEqual(LaunchSpec.package(PackageLaunch(registryType: "smithery", identifier: "x")).notLaunchableReason,
                       LaunchBlocker(.unsupportedPackageType, field: "packages[].registryType", detail: "smithery"))
    }

    // MARK: - one home

    func testTildeExpandsFromOneHome() throws {
        let home = root.appendingPathComponent("home").path
        try FileManager.default.createDirectory(atPath: home + "/work", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: home + "/.ssh", withIntermediateDirectories: true)
        XCTAssertEqual(HomeDirectory.path(environment: ["HOME": home]), home)
        XCTAssertEqual(RegistryPaths.resolve(dataDir: "/d", environment: ["HOME": home], checkoutRoot: nil).configDirectory.path, home + "/.config/mcp-registry")
        let policy = VolumePolicy(allowedRoots: ["~"], home: home)
        XCTAssertEqual(policy.allowedRoots, [home])
        XCTAssertEqual(try policy.check("~/work:/w"), "\(home)/work:/w")
        XCTAssertEqual(try policy.check("$HOME/work:/w"), "\(home)/work:/w")
        XCTAssertThrowsError(try policy.check("~/.ssh:/s"))
    }
}
