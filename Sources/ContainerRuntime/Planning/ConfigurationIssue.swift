import RegistryCore

/// Where an entry's declared configuration contradicts itself. The registry still does the
/// sensible thing (asks for what the templates read, passes values set under a variable's
/// own name); these are reported in `registry-status` problems so the catalog can be fixed.
public enum ConfigurationIssue: Sendable, Hashable {
    /// A template reads a parameter that the parameter schema does not declare
    /// (`{{vectra.vectra_client_id}}` while the schema declares `VECTRA_CLIENT_ID`).
    case undeclaredParameter(name: String, readBy: String)
    /// The schema's `required` names an environment variable rather than a parameter.
    case requiredNamesVariable(name: String)
    /// The schema's `required` names a secret rather than a parameter.
    case requiredNamesSecret(name: String)
    /// The schema's `required` names nothing the entry declares.
    case requiredNamesNothing(name: String)

    /// The issues of one entry (none when it declares no parameter schema).
    public static func issues(in entry: CatalogEntry) -> [ConfigurationIssue] {
        let spec = entry.configuration
        guard let parameters = spec.parameters, parameters["properties"]?.objectValue != nil else { return [] }
        func declared(_ path: String) -> Bool {
            ConfigLookup.property(parameters, path: path) != nil
                || ConfigLookup.candidates(path).dropFirst().contains { ConfigLookup.property(parameters, path: $0) != nil }
        }
        var issues: [ConfigurationIssue] = []
        for (field, text) in templatedFields(entry) {
            for path in ConfigTemplate(text).referencedPaths where !declared(path) {
                let name = ConfigLookup.candidates(path).last ?? path
                let issue = ConfigurationIssue.undeclaredParameter(name: name, readBy: field)
                if !issues.contains(issue) { issues.append(issue) }
            }
        }
        for name in spec.requiredParameters where !declared(name) {
            if spec.env.contains(where: { $0.name == name }) {
                issues.append(.requiredNamesVariable(name: name))
            } else if spec.secrets.contains(where: { $0.name == name || $0.env == name }) {
                issues.append(.requiredNamesSecret(name: name))
            } else {
                issues.append(.requiredNamesNothing(name: name))
            }
        }
        return issues
    }

    /// Every templated text of the entry with what it sets (`env VECTRA_CLIENT_ID`, `command`).
    static func templatedFields(_ entry: CatalogEntry) -> [(String, String)] {
        var fields: [(String, String)] = entry.configuration.env.compactMap { env in env.value.map { ("env \(env.name)", $0) } }
        switch entry.launch {
        case .container(let c):
            fields += c.command.map { ("command", $0) } + c.volumes.map { ("volumes", $0) }
            fields += c.env.sorted { $0.key < $1.key }.map { ("env \($0.key)", $0.value) }
            fields += c.runtimeArguments.map { ("runtime arguments", $0) }
        case .package(let p):
            fields += (p.runtimeArguments + p.packageArguments).map { ("arguments", $0) }
        case .remote(let r):
            fields += [("url", r.url)] + r.headers.map { ("header \($0.name)", $0.value) }
        case .unknown:
            break
        }
        return fields
    }
}
