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
        ]
    }

    func testLowerModulesStateFactsWithoutToolNames() {
        for error in lowerErrors {
            XCTAssertFalse(error.description.contains("registry-"), error.description)
            XCTAssertFalse(error.description.isEmpty)
        }
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
