import RegistryCore

/// The readable, complete description of one entry (for `registry-info` and `info`).
public enum EntryDetailText {
    /// - Parameter verdict: what registry-add would do now, with its reason, when known.
    public static func render(_ entry: CatalogEntry, nextSteps: [String], verdict: String? = nil) -> String {
        var lines: [String] = []
        lines.append("\(entry.displayName) (\(entry.id))")
        var markers: [String] = []
        if entry.flags.official { markers.append("official") }
        if entry.flags.featured { markers.append("featured") }
        if entry.flags.deprecated { markers.append("deprecated") }
        if entry.requiresCredentials { markers.append("needs credentials") }
        if !markers.isEmpty { lines.append(markers.joined(separator: " · ")) }
        if let verdict { lines.append("Verdict: \(verdict)") }
        lines.append("")
        lines.append(entry.summary.isEmpty ? "(no description)" : entry.summary)
        lines.append("")
        if !entry.categories.isEmpty { lines.append("Categories: \(entry.categories.joined(separator: ", "))") }
        if !entry.tags.isEmpty { lines.append("Tags: \(entry.tags.joined(separator: ", "))") }
        if let repository = entry.repositoryURL { lines.append("Repository: \(repository)") }
        if let homepage = entry.homepageURL { lines.append("Homepage: \(homepage)") }
        lines.append("Listed by: " + entry.provenance.map { "\($0.sourceID) (as \($0.upstreamID))" }.joined(separator: ", "))
        if !entry.aliases.isEmpty { lines.append("Also known as: \(entry.aliases.joined(separator: ", "))") }
        if let release = entry.release {
            let others = release.otherVersions.isEmpty ? "" : " (other versions: \(release.otherVersions.joined(separator: ", ")))"
            lines.append("Version: \(release.version)\(others)")
        }

        lines.append("")
        switch entry.launch {
        case .container(let container):
            lines.append("Runs as: container image \(container.image)")
            if !container.command.isEmpty { lines.append("  command: \(container.command.joined(separator: " "))") }
            if !container.volumes.isEmpty { lines.append("  volumes: \(container.volumes.joined(separator: ", "))") }
            if container.disableNetwork { lines.append("  network: none") }
            if !container.allowHosts.isEmpty { lines.append("  reaches: \(container.allowHosts.joined(separator: ", "))") }
            if let user = container.user { lines.append("  user: \(user)") }
        case .package(let package):
            lines.append("Runs as: \(package.registryType) package \(package.identifier)\(package.version.map { " \($0)" } ?? "")"
                + (package.runtimeHint.map { " (via \($0))" } ?? "") + ", transport \(package.transport)")
        case .remote(let remote):
            lines.append("Runs as: remote server \(remote.url) (\(remote.transport))")
            for header in remote.headers {
                lines.append("  header \(header.name)\(header.isSecret ? " (secret)" : "")\(header.description.map { ": \($0)" } ?? "")")
            }
            if let provider = remote.oauthProvider { lines.append("  sign-in: OAuth with \(provider)") }
        case .unknown:
            lines.append("Runs as: unknown (a link only; the registry cannot start it)")
        }

        let configuration = entry.configuration
        if !configuration.isEmpty {
            lines.append("")
            lines.append("Configuration\(configuration.description.map { ": \($0)" } ?? ""):")
            for secret in configuration.secrets {
                var line = "  secret \(secret.name) → env \(secret.env)\(secret.required ? " (required)" : " (optional)")"
                if let description = secret.description { line += ": \(description)" }
                if let example = secret.example { line += " e.g. \(example)" }
                lines.append(line)
            }
            for env in configuration.env {
                var line = "  env \(env.name)"
                if let value = env.value { line += " = \(value)" }
                if env.required { line += " (required)" }
                if env.isSecret { line += " (secret)" }
                if let description = env.description { line += ": \(description)" }
                if let example = env.example { line += " e.g. \(example)" }
                lines.append(line)
            }
            if case .object(let schema)? = configuration.parameters, case .object(let properties)? = schema["properties"] {
                let required = Set(configuration.requiredParameters)
                for (name, property) in properties.sorted(by: { $0.key < $1.key }) {
                    var line = "  parameter \(name)"
                    if let type = property["type"]?.stringValue { line += " (\(type))" }
                    if required.contains(name) { line += " required" }
                    if let description = property["description"]?.stringValue { line += ": \(description)" }
                    lines.append(line)
                }
            }
        }

        if !entry.tools.isEmpty {
            lines.append("")
            lines.append("Tools (\(entry.tools.count)):")
            for tool in entry.tools.prefix(40) {
                lines.append("  \(tool.name)\(tool.description.map { ": \(EntrySummary.clip($0, 140))" } ?? "")")
            }
            if entry.tools.count > 40 { lines.append("  … and \(entry.tools.count - 40) more") }
        }

        if !nextSteps.isEmpty {
            lines.append("")
            lines.append("Next steps:")
            for step in nextSteps { lines.append("- \(step)") }
        }
        return lines.joined(separator: "\n")
    }
}
