import Foundation
import Gateway
import MCP
import RegistryCore
import TestSupport
import XCTest

/// Filling in a remote's URL and headers (no network).
final class RemoteEndpointTests: XCTestCase {
    func request(_ remote: RemoteLaunch, config: [String: JSONValue] = [:], secrets: [String: String] = [:], configuration: ConfigurationSpec? = nil) -> ChildLaunchRequest {
        let entry = CatalogEntry(
            id: "official/io.example/weather", name: "weather", launch: .remote(remote),
            configuration: configuration ?? ConfigurationSpec(
                secrets: [SecretRequirement(name: "weather.api_key", env: "API_KEY", description: "key")],
                parameters: ["type": "object", "properties": ["tenant": ["type": "string"], "region": ["type": "string", "default": "eu"]]]))
        return ChildLaunchRequest(entry: entry, config: config, secrets: SecretSource(store: nil, overrides: secrets), settings: RegistrySettings(), session: "s")
    }

    func testURLVariablesAndSecretHeaders() throws {
        let remote = RemoteLaunch(
            url: "https://{tenant}.example.com/{region}/mcp",
            headers: [
                RemoteHeader(name: "X-API-Key", value: "${API_KEY}", isSecret: true, isRequired: true),
                RemoteHeader(name: "X-Optional", value: "{missing_option}"),
            ])
        let endpoint = try RemoteConnector.endpoint(for: request(remote, config: ["tenant": "acme"], secrets: ["weather.api_key": "k-123"]))
        XCTAssertEqual(endpoint.url.absoluteString, "https://acme.example.com/eu/mcp", "the schema default fills {region}")
        XCTAssertEqual(endpoint.headers.map(\.0), ["X-API-Key"], "an optional header without a value is left out")
        XCTAssertEqual(endpoint.headers.first?.1, "k-123")
        XCTAssertEqual(endpoint.secretNames, ["weather.api_key"])
        XCTAssertFalse(endpoint.display.contains("k-123"))
    }

    func testMissingValuesAndInjectionAreRefused() throws {
        let remote = RemoteLaunch(url: "https://{tenant}.example.com/mcp", headers: [RemoteHeader(name: "X-API-Key", value: "${API_KEY}", isSecret: true, isRequired: true)])
        XCTAssertThrowsError(try RemoteConnector.endpoint(for: request(remote, secrets: ["weather.api_key": "k"]))) { error in
            XCTAssertTrue("\(error)".contains("tenant"), "\(error)")
        }
        XCTAssertThrowsError(try RemoteConnector.endpoint(for: request(remote, config: ["tenant": "acme"]))) { error in
            XCTAssertTrue("\(error)".contains("API_KEY"), "\(error)")
        }
        XCTAssertThrowsError(try RemoteConnector.endpoint(for: request(remote, config: ["tenant": "acme"], secrets: ["weather.api_key": "k\r\nX-Evil: 1"]))) { error in
            XCTAssertFalse("\(error)".contains("X-Evil"), "no value in the error: \(error)")
        }
        XCTAssertThrowsError(try RemoteConnector.endpoint(for: request(remote, config: ["tenant": "a b"], secrets: ["weather.api_key": "k"])))
    }
}
