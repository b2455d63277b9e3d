import ContainerRuntime
import Foundation
import RegistryCore

/// Fills in a remote's URL or header template.
///
/// `${NAME}` is a secret, named as the catalogs write it: the environment name of one of
/// the entry's declared secrets (`${GITHUB_TOKEN}` → the secret `github.token` whose env is
/// `GITHUB_TOKEN`), or a secret stored under that very name. `{var}` and `{{server.param}}`
/// are the user's configuration (`ConfigTemplate`, with schema defaults).
struct RemoteTemplate {
    /// A rendered template.
    struct Rendered {
        /// The value to send.
        var value: String
        /// The same with every secret shown as `${NAME}` (for status output).
        var display: String
        /// Secret or configuration names that were not set.
        var missing: [String]
        /// The secret store names used.
        var secretNames: [String]
    }

    /// Looks a `${NAME}` reference up: the store name and the value.
    typealias SecretResolver = (String) -> (name: String, value: String)?

    /// Renders a header value (`isURL: false`) or a URL (`isURL: true`: every substituted
    /// value, configuration or secret, is encoded for the URL component it lands in, see
    /// `URLValueEncoding`, so no value can change the scheme, userinfo, host or port).
    static func render(_ text: String, lookup: ConfigLookup, secret: SecretResolver, isURL: Bool = false) throws -> Rendered {
        var rendered = Rendered(value: "", display: "", missing: [], secretNames: [])
        var literal = ""
        func flush() throws {
            guard !literal.isEmpty else { return }
            let template = ConfigTemplate(literal)
            for path in template.referencedPaths where lookup.value(at: path) == nil {
                rendered.missing.append(path)
            }
            let prefix = rendered.value
            let rest = String(text[index...])
            let value = try template.render(lookup) { value, before, after in
                isURL ? try URLValueEncoding.encode(value, between: prefix + before, and: after ?? rest, field: "URL") : value
            }
            rendered.value += value
            rendered.display += value
            literal = ""
        }
        var index = text.startIndex
        while index < text.endIndex {
            let rest = text[index...]
            if rest.hasPrefix("${"), let close = rest.firstIndex(of: "}") {
                let name = String(rest[rest.index(index, offsetBy: 2)..<close])
                if !name.isEmpty, name.allSatisfy({ $0.isLetter || $0.isNumber || "_.-".contains($0) }) {
                    try flush()
                    if let found = secret(name) {
                        rendered.value += isURL
                            ? try URLValueEncoding.encode(found.value, between: rendered.value, and: String(text[text.index(after: close)...]), field: "URL")
                            : found.value
                        rendered.secretNames.append(found.name)
                    } else {
                        rendered.missing.append(name)
                    }
                    rendered.display += "${\(name)}"
                    index = text.index(after: close)
                    continue
                }
            }
            literal.append(text[index])
            index = text.index(after: index)
        }
        try flush()
        return rendered
    }

    /// The resolver over an entry's declared secrets and the available ones.
    static func resolver(for configuration: ConfigurationSpec, secrets: SecretSource) -> SecretResolver {
        let available = secrets.names()
        let bindings = ConfigRequirements.secretBindings(for: configuration, availableSecrets: available)
        return { name in
            if let binding = bindings.first(where: { $0.environmentVariable == name }), let value = secrets.value(binding.secretName) {
                return (binding.secretName, value)
            }
            if available.contains(name), let value = secrets.value(name) { return (name, value) }
            return nil
        }
    }
}
