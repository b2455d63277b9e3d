import Foundation
import RegistryCore

extension ContainerPlanner {
    /// Plans the one-shot container of one call of a Docker `poci` tool: the tool's image,
    /// its command with the call's arguments substituted, under the same hardening, limits,
    /// labels and network rule as any server the registry runs.
    ///
    /// Substitution follows the Docker MCP gateway (`ArgsForPOCI`): `{{name}}` is the argument
    /// as one string, `{{name|into}}` splices an array into several elements, an argument the
    /// call leaves out takes its schema `default` or drops out. Every value becomes whole argv
    /// elements after the image (no shell ever reads them), so a value may hold spaces, `;`,
    /// `$()` or start with `-`: it is the tool's own argument, inside its container. Values
    /// that reach podman's own options are held to more: a volume's may not start with `-` or
    /// hold `:`, and its source must pass the volume policy (allowed roots, never a forbidden
    /// path); a user must be `user[:group]`. No value may hold a NUL byte.
    ///
    /// - Parameters:
    ///   - entry: the `poci` entry (its configuration's variables and secrets apply).
    ///   - tool: the tool called.
    ///   - arguments: the call's arguments.
    ///   - config: the user's stored values for the entry.
    ///   - availableSecrets: the names of the stored secrets.
    ///   - nameSuffix: the random part of the container name (tests pass a fixed one).
    /// - Throws: `ContainerPlanError` (missing configuration, a refused value or volume, an
    ///   invalid image reference).
    public func planToolCall(
        entry: CatalogEntry,
        tool: ToolContainer,
        arguments: [String: JSONValue],
        config: [String: JSONValue] = [:],
        availableSecrets: Set<String> = [],
        nameSuffix: String? = nil
    ) throws -> ContainerPlan {
        let missing = ConfigRequirements.missing(for: entry.configuration, config: config, availableSecrets: availableSecrets)
        guard missing.isEmpty else { throw ContainerPlanError.missingValues(entryID: entry.id, missing: missing) }
        let configLookup = ConfigLookup(values: config, schema: entry.configuration.parameters)
        let lookup = ConfigLookup(values: arguments, schema: tool.inputSchema)

        let image = ImageReference.qualified(tool.image)
        guard !tool.image.isEmpty else { throw ContainerPlanError.invalidValue(field: "image", reason: "empty image reference") }
        if image.hasPrefix("-") { throw ContainerPlanError.flagSmuggling(field: "image", value: image) }
        if let violation = ImageReferenceGrammar.violation(in: image) {
            throw ContainerPlanError.invalidValue(field: "image", reason: "not a valid OCI image reference (\(violation.rawValue))")
        }

        var command: [String] = []
        for (index, element) in tool.command.enumerated() {
            let template = ConfigTemplate(element)
            guard template.isTemplated else { command.append(element); continue }
            command += try template.evaluate(lookup) { value in
                if value.contains("\0") { throw ContainerPlanError.invalidValue(field: "command[\(index)]", reason: "contains a NUL byte") }
            }.elements
        }

        var volumes: [String] = []
        for (index, element) in tool.volumes.enumerated() {
            let field = "volumes[\(index)]"
            let sourceIsArgument = ConfigTemplate(String(element.split(separator: ":").first ?? "")).isTemplated
            let specs = try ConfigTemplate(element).evaluate(lookup) { value in
                if value.hasPrefix("-") { throw ContainerPlanError.flagSmuggling(field: field, value: value) }
                if value.contains(":") { throw ContainerPlanError.invalidValue(field: field, reason: "a path may not hold ':'") }
                if value.contains("\0") { throw ContainerPlanError.invalidValue(field: field, reason: "contains a NUL byte") }
            }.elements
            for spec in specs where !spec.hasPrefix(":") {
                volumes.append(try volumePolicy.check(spec, sourceIsConfigured: sourceIsArgument))
            }
        }

        var user: String?
        if let template = tool.user {
            let value = try ConfigTemplate(template).evaluate(lookup) { value in
                if value.hasPrefix("-") { throw ContainerPlanError.flagSmuggling(field: "user", value: value) }
            }.text
            if !value.isEmpty {
                guard Self.isUserSpec(value) else { throw ContainerPlanError.invalidValue(field: "user", reason: "\(value.debugDescription) is not a user[:group]") }
                user = value
            }
        }

        let secrets = ConfigRequirements.secretBindings(for: entry.configuration, availableSecrets: availableSecrets)
        let environment = try Self.environment(fixed: [:], configuration: entry.configuration, secrets: secrets, lookup: configLookup)
        let suffix = nameSuffix ?? Self.randomSuffix()
        let base = Self.slug(entry.name.isEmpty ? entry.id : entry.name)
        return ContainerPlan(
            entryID: entry.id,
            image: image,
            name: "mcp-registry-\(base)-\(Self.slug(tool.name))-\(suffix)",
            labels: [
                ContainerLabels.managed: "true",
                ContainerLabels.entry: EntryID.encoded(entry.id),
                ContainerLabels.tool: Self.slug(tool.name),
                ContainerLabels.session: session,
                ContainerLabels.ownerPID: String(ownerPID),
            ],
            environment: environment,
            secrets: secrets,
            volumes: volumes,
            user: user,
            // `--network none` unless the definition says it reaches the network or the
            // user allows it (`containers.network`).
            disableNetwork: !entry.networkNeed.allowsNetwork(override: settings.networkOverride(for: entry.id)),
            command: command,
            memory: settings.memory,
            cpus: settings.cpus,
            pidsLimit: settings.pidsLimit,
            pullPolicy: PullPolicy(setting: settings.pullPolicy)
        )
    }
}
