import Foundation
import RegistryCore

/// The specification files shipped with the module (see `Resources/README.md`).
public enum BundledSpec {
    /// `openapi.yaml`, served at `/openapi.yaml`.
    public static func openAPIYAML() throws -> Data {
        try Data(contentsOf: url("openapi", "yaml"))
    }

    /// `server.schema.json`, parsed.
    public static func serverSchema() throws -> JSONValue {
        try JSONDecoder().decode(JSONValue.self, from: Data(contentsOf: url("server.schema", "json")))
    }

    private static func url(_ name: String, _ ext: String) throws -> URL {
        guard let url = Bundle.module.url(forResource: name, withExtension: ext) else {
            throw CocoaError(.fileNoSuchFile, userInfo: [NSFilePathErrorKey: "\(name).\(ext)"])
        }
        return url
    }
}
