import ContainerRuntime
import Foundation
import Gateway
import RegistryCore

/// Harnesses for config templates and remote URL / header templates. Input: the template,
/// a NUL byte, then the configuration as a JSON object (or one string value for `value`).
enum TemplateHarnesses {
    static func configTemplate(_ data: Data) {
        let parts = FuzzInput.parts(data, 2)
        let template = ConfigTemplate(FuzzInput.text(parts[0]))
        _ = template.isTemplated
        _ = template.referencedPaths
        _ = try? template.evaluate(lookup(parts[1]))
    }

    static func urlTemplate(_ data: Data) {
        let parts = FuzzInput.parts(data, 2)
        let text = FuzzInput.text(parts[0])
        let lookup = lookup(parts[1])
        let secretValue = FuzzInput.text(parts[1])
        let secret: RemoteTemplate.SecretResolver = { name in
            name.hasPrefix("A") ? nil : (name: name.lowercased(), value: secretValue)
        }
        _ = try? RemoteTemplate.render(text, lookup: lookup, secret: secret)
        _ = try? RemoteTemplate.render(text, lookup: lookup, secret: secret, isURL: true)
    }

    /// A JSON object's members as values; anything else as the one value `value`.
    private static func lookup(_ data: Data) -> ConfigLookup {
        if let object = (try? JSONDecoder().decode(JSONValue.self, from: data))?.objectValue {
            return ConfigLookup(values: object, schema: nil)
        }
        return ConfigLookup(values: ["value": .string(FuzzInput.text(data))], schema: nil)
    }
}
