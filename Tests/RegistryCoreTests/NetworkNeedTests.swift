import XCTest
@testable import RegistryCore

/// What an entry's definition says about the network (`NetworkNeed`), and the user's
/// override.
final class NetworkNeedTests: XCTestCase {
    func package(env: [EnvRequirement] = [], secrets: [SecretRequirement] = [], packageEnv: [String: String] = [:]) -> CatalogEntry {
        CatalogEntry(
            id: "official/io.github.x/y", name: "y",
            launch: .package(PackageLaunch(registryType: "pypi", identifier: "y", transport: "stdio", env: packageEnv)),
            configuration: ConfigurationSpec(secrets: secrets, env: env))
    }

    func testDockerDefinitionsFollowDisableNetwork() {
        let on = CatalogEntry(id: "docker/a", name: "a", launch: .container(ContainerLaunch(image: "mcp/a")))
        let off = CatalogEntry(id: "docker/b", name: "b", launch: .container(ContainerLaunch(image: "mcp/b", disableNetwork: true)))
        let hosts = CatalogEntry(id: "docker/c", name: "c", launch: .container(ContainerLaunch(image: "mcp/c", allowHosts: ["api.c.com:443"])))
        XCTAssertEqual(on.networkNeed, .required(.dockerDefinition))
        XCTAssertEqual(off.networkNeed, NetworkNeed.none)
        XCTAssertEqual(hosts.networkNeed, .required(.allowedHosts))
        XCTAssertTrue(ContainerSettings().allowsNetwork(on))
        XCTAssertFalse(ContainerSettings().allowsNetwork(off))
        XCTAssertFalse(ContainerSettings(network: ["docker/a": false]).allowsNetwork(on), "the user can take it away")
    }

    func testPackagesDeclareItThroughWhatTheyAskFor() {
        XCTAssertEqual(package().networkNeed, .unstated)
        XCTAssertEqual(package(env: [EnvRequirement(name: "LOG_LEVEL"), EnvRequirement(name: "DATA_DIR")]).networkNeed, .unstated)
        XCTAssertEqual(package(env: [EnvRequirement(name: "GITHUB_PERSONAL_ACCESS_TOKEN")]).networkNeed,
                       .required(.serviceVariable("GITHUB_PERSONAL_ACCESS_TOKEN")))
        XCTAssertEqual(package(env: [EnvRequirement(name: "DATABASE_URL")]).networkNeed, .required(.serviceVariable("DATABASE_URL")))
        XCTAssertEqual(package(packageEnv: ["HTTPS_PROXY": "{proxy}"]).networkNeed, .required(.serviceVariable("HTTPS_PROXY")))
        XCTAssertEqual(package(secrets: [SecretRequirement(name: "y.key", env: "Y_KEY")]).networkNeed, .required(.serviceVariable("Y_KEY")))
        XCTAssertFalse(ContainerSettings().allowsNetwork(package()))
        XCTAssertTrue(ContainerSettings(network: ["Official/io.github.x/y": true]).allowsNetwork(package()), "ids compare case-insensitively")
        let remote = CatalogEntry(id: "official/r", name: "r", launch: .remote(RemoteLaunch(url: "https://r.example/mcp")))
        XCTAssertEqual(remote.networkNeed, .required(.remoteServer))
    }

    func testServiceVariableNamesAndNetworkFailureText() {
        for name in ["API_KEY", "grafana.url", "SLACK_BOT_TOKEN", "REDIS_HOST", "OPENAI_API_BASE", "SMTP_PASSWORD", "oauth.client_id"] {
            XCTAssertTrue(NetworkNeed.isServiceVariable(name), name)
        }
        for name in ["LOG_LEVEL", "DATA_DIR", "TIMEZONE", "MAX_RESULTS", "KEYBOARD_LAYOUT", "HOSTILE_MODE"] {
            XCTAssertFalse(NetworkNeed.isServiceVariable(name), name)
        }
        XCTAssertTrue(NetworkNeed.looksLikeNetworkFailure("httpx.ConnectError: [Errno -3] Temporary failure in name resolution"))
        XCTAssertTrue(NetworkNeed.looksLikeNetworkFailure("Error: getaddrinfo ENOTFOUND api.github.com"))
        XCTAssertTrue(NetworkNeed.looksLikeNetworkFailure("dial tcp: lookup api.x.com: no such host"))
        XCTAssertFalse(NetworkNeed.looksLikeNetworkFailure("ValueError: missing argument 'repository'"))
    }
}
