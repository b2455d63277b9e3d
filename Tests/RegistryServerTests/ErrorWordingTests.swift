import ContainerRuntime
import Gateway
@testable import RegistryServer
import RegistryCore
import XCTest

/// Lower modules state facts; `RegistryServer` alone words them for the model, naming the
/// registry tool that is the next step.
final class ErrorWordingTests: XCTestCase {
    private let missing = [MissingValue(kind: "secret", name: "grafana.api_key", description: "Service account token")]

    /// One of each lower-module error the model can meet.
    private var lowerErrors: [any Error & CustomStringConvertible] {
        [
            ContainerPlanError.missingValues(entryID: "docker/grafana", missing: missing),
            ContainerPlanError.optionRefused(option: "--privileged"),
            ContainerEngineError.secretUnavailable(name: "grafana.api_key"),
            RemoteConnectorError.invalidURL("https://{tenant}.example"),
            RemoteConnectorError.unsupportedTransport(entryID: "official/x", transport: "websocket"),
            RemoteConnectorError.oauthRequired(entryID: "official/asana", provider: "asana", secretName: "asana.personal_access_token"),
            RemoteConnectorError.missingValue(entryID: "official/x", field: "URL", names: ["tenant"]),
            RemoteConnectorError.unauthorized(host: "api.example", status: "401", secretNames: ["x.token"], oauthProvider: nil),
            GatewayError.startFailed(entryID: "docker/grafana", cause: .engine(.secretUnavailable(name: "grafana.api_key")), stderr: []),
            GatewayError.notActive("docker/grafana"),
            GatewayError.invalidConfiguration(entryID: "docker/grafana", problems: [.noSecretStore, .secretNotText(key: "api_key")]),
            ContainerEngineError.engineMissing(engine: "podman", reason: .notFound),
            ContainerEngineError.imageMissing(image: "mcp/time"),
            ContainerEngineError.pullFailed(image: "mcp/time", stderr: "Error: unauthorized"),
            ImageBuildError.engineMissing(engine: "podman"),
            ImageBuildError.toolMissing(tool: "mmdebstrap"),
        ]
    }

    func testLowerModulesStateFactsWithoutToolNames() {
        for error in lowerErrors {
            XCTAssertFalse(error.description.contains("registry-"), error.description)
            XCTAssertFalse(error.description.isEmpty)
            XCTAssertFalse(error.description.contains("Install it"), "hints for people are RegistryServer's: \(error.description)")
            XCTAssertFalse(error.description.contains("pull it yourself"), error.description)
        }
    }

    /// The engine's facts become the same sentences the engine used to carry.
    func testEngineFailuresSayHowToGoOn() {
        let missing = ContainerEngineError.engineMissing(engine: "podman", reason: .notFound).sentence
        XCTAssertEqual(missing, "podman is not installed or cannot run. \(ContainerEngineError.installHint) Search and info still work without it.")
        XCTAssertTrue(missing.contains("apt-get install -y podman runc"), missing)
        let version = ContainerEngineError.engineMissing(engine: "podman", reason: .versionFailed(stderr: "cannot connect")).sentence
        XCTAssertTrue(version.hasPrefix("podman is not installed or cannot run. `podman version` failed: cannot connect. Install it with"), version)
        let spawn = ContainerEngineError.engineMissing(engine: "podman", reason: .spawnFailed(executable: "/usr/bin/podman", error: "denied")).sentence
        XCTAssertTrue(spawn.hasPrefix("podman is not installed or cannot run. Running /usr/bin/podman failed: denied. Install it with"), spawn)
        XCTAssertEqual(ContainerEngineError.imageMissing(image: "mcp/time").sentence,
                       "The image mcp/time is not present and the pull policy is `never`; pull it yourself (podman pull mcp/time) or set containers.pullPolicy to `missing`.")
        XCTAssertEqual(ContainerEngineError.pullFailed(image: "mcp/time", stderr: "Trying to pull…\nError: unauthorized \n").sentence,
                       "The image mcp/time is not present locally and pulling it failed (Error: unauthorized). Check the network or the image name, or pull or load it yourself (podman pull mcp/time), then try again.")
        XCTAssertEqual(ImageBuildError.engineMissing(engine: "podman").sentence,
                       "podman is not installed, so no image can be built. \(ContainerEngineError.installHint)")
        XCTAssertEqual(ImageBuildError.toolMissing(tool: "mmdebstrap").sentence,
                       "mmdebstrap is not installed, so no base image can be built from Debian packages. Install it (apt-get install mmdebstrap) or make the configured base image available.")
        let start = GatewayError.startFailed(entryID: "docker/time", cause: StartFailure(ContainerEngineError.engineMissing(engine: "podman", reason: .notFound)), stderr: [])
        XCTAssertTrue(start.sentence.contains("apt-get install -y podman runc"), start.sentence)
        let build = GatewayError.startFailed(entryID: "pypi/x", cause: StartFailure(ImageBuildError.toolMissing(tool: "mmdebstrap")), stderr: [])
        XCTAssertEqual(build, .startFailed(entryID: "pypi/x", cause: .build(.toolMissing(tool: "mmdebstrap")), stderr: []))
        XCTAssertTrue(build.sentence.contains("apt-get install mmdebstrap"), build.sentence)
    }

    /// The validator's facts become the sentences registry-add, registry-config-set and
    /// export show.
    func testConfigurationProblemsAreWorded() {
        let declared = [DeclaredSetting(name: "grafana.api_key", kind: "secret"), DeclaredSetting(name: "url", kind: "parameter")]
        let cases: [(ConfigProblem, String)] = [
            (.secretNotText(key: "api_key"), "api_key: a secret must be a non-empty string."),
            (.envNotScalar(key: "LOG_LEVEL"), "LOG_LEVEL: an environment variable must be a string, number or boolean."),
            (.notOneOf(name: "mode", choices: ["read", "write"]), "mode must be one of: read, write."),
            (.wrongFormat(name: "PORT", format: "number"), "PORT must be a number."),
            (.wrongFormat(name: "VERIFY", format: "boolean"), "VERIFY must be true or false."),
            (.wrongType(name: "port", expected: ["integer"], found: "string"), "port must be integer, not a string."),
            (.wrongType(name: "paths", expected: ["array", "null"], found: "object"), "paths must be array or null, not an object."),
            (.unknownName(key: "GRAFANA_TOKEN", entryID: "docker/grafana", declared: declared),
             "GRAFANA_TOKEN is not a setting of docker/grafana; it declares: grafana.api_key (secret), url (parameter)."),
            (.unknownName(key: "x", entryID: "docker/time", declared: []), "x is not a setting of docker/time; it declares no configuration."),
            (.noSecretStore, "No secret store is configured."),
            (.noSettingsFile, "No settings file is configured."),
        ]
        for (problem, text) in cases { XCTAssertEqual(problem.sentence, text) }
        let error = GatewayError.invalidConfiguration(entryID: "docker/grafana", problems: [.notOneOf(name: "mode", choices: ["read", "write"])])
        XCTAssertEqual(error.sentence, "Invalid configuration for docker/grafana:\n- mode must be one of: read, write.")
        XCTAssertEqual(LaunchVerdict.refused(error).sentence(for: CatalogEntry(id: "docker/grafana", name: "grafana")),
                       "configuration refused: invalid configuration for docker/grafana: mode must be one of: read, write.")
    }

    func testMissingConfigurationNamesEachValueAndTheTool() {
        let text = ContainerPlanError.missingValues(entryID: "docker/grafana", missing: missing).sentence
        XCTAssertTrue(text.contains("- grafana.api_key (secret): Service account token"), text)
        XCTAssertTrue(text.contains("registry-config-set {id: \"docker/grafana\""), text)
    }

    func testRemoteFailuresSayWhatToDoNext() {
        let oauth = RemoteConnectorError.oauthRequired(entryID: "official/asana", provider: "asana", secretName: "asana.personal_access_token")
        XCTAssertTrue(oauth.sentence.contains("registry-config-set {\"id\": \"official/asana\", \"values\": {\"asana.personal_access_token\""), oauth.sentence)
        XCTAssertEqual(GatewayError.oauthRequired(entryID: "official/asana", provider: "asana", secretName: "asana.personal_access_token").sentence, oauth.sentence)
        let transport = RemoteConnectorError.unsupportedTransport(entryID: "official/x", transport: "websocket").sentence
        XCTAssertTrue(transport.contains("registry-find"), transport)
        let refused = RemoteConnectorError.unauthorized(host: "api.example", status: "401", secretNames: ["x.token"], oauthProvider: nil).sentence
        XCTAssertTrue(refused.contains("x.token") && refused.contains("registry-config-set"), refused)
    }

    func testStartFailureIsWordedByTheLayerThatFailed() {
        let engine = GatewayError.startFailed(entryID: "docker/grafana", cause: StartFailure(ContainerEngineError.secretUnavailable(name: "grafana.api_key")), stderr: ["boom"])
        XCTAssertTrue(engine.sentence.hasPrefix("docker/grafana did not start: The secret for grafana.api_key has no value; set it with registry-config-set."), engine.sentence)
        XCTAssertTrue(engine.sentence.contains("Last lines of its stderr:\nboom"), engine.sentence)
        XCTAssertTrue(engine.sentence.hasSuffix("Nothing was left running."), engine.sentence)
        let session = GatewayError.startFailed(
            entryID: "local/x", cause: StartFailure(ChildSessionError.exited(reason: "status 1", stderr: ["bad flag"])), stderr: ["bad flag"])
        XCTAssertEqual(session.sentence.components(separatedBy: "bad flag").count, 2, "the stderr tail appears once: \(session.sentence)")
        XCTAssertEqual(StartFailure(CancellationError()), .other("\(CancellationError())"))
    }
}
