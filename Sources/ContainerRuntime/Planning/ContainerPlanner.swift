import Foundation
import RegistryCore

/// Builds a `ContainerPlan` from a catalog entry, the user's configuration, the names of the
/// stored secrets and the container settings. Pure: no process, no clock, no disk except
/// checking that volume sources exist.
public struct ContainerPlanner: Sendable {
    /// Limits and pull policy.
    public var settings: ContainerSettings
    /// Which host paths may be mounted.
    public var volumePolicy: VolumePolicy
    /// The registry session, written as a label.
    public var session: String
    /// The registry's process id, written as a label so sweeps spare live registries.
    public var ownerPID: Int32

    public init(settings: ContainerSettings, session: String, ownerPID: Int32 = getpid(), volumePolicy: VolumePolicy? = nil) {
        self.settings = settings
        self.session = session
        self.ownerPID = ownerPID
        self.volumePolicy = volumePolicy ?? VolumePolicy(allowedRoots: settings.allowedVolumeRoots)
    }

    /// Whether the entry runs as a container image speaking stdio (a container launch or an
    /// `oci` package with the `stdio` transport).
    public static func canPlan(_ entry: CatalogEntry) -> Bool {
        switch entry.launch {
        case .container: true
        case .package(let package):
            ["oci", "docker"].contains(package.registryType.lowercased())
                && ["", "stdio"].contains(package.transport.lowercased())
        default: false
        }
    }

    /// Plans the container.
    ///
    /// - Parameters:
    ///   - config: the user's non-secret values for this entry.
    ///   - availableSecrets: the names of the secrets in the store (values never enter a plan).
    ///   - nameSuffix: the random part of the container name (tests pass a fixed one).
    /// - Throws: `ContainerPlanError` (missing values with descriptions, refused volumes,
    ///   values that would smuggle options, refused options).
    public func plan(
        entry: CatalogEntry,
        config: [String: JSONValue],
        availableSecrets: Set<String>,
        nameSuffix: String? = nil
    ) throws -> ContainerPlan {
        let source = try LaunchSource(entry)
        let missing = ConfigRequirements.missing(for: entry.configuration, config: config, availableSecrets: availableSecrets)
        guard missing.isEmpty else { throw ContainerPlanError.missingValues(entryID: entry.id, missing: missing) }
        let lookup = ConfigLookup(values: config, schema: entry.configuration.parameters)

        let image = ImageReference.qualified(try Self.argument(source.image, field: "image", lookup: lookup).first ?? "")
        guard !source.image.isEmpty else { throw ContainerPlanError.invalidValue(field: "image", reason: "empty image reference") }
        if image.hasPrefix("-") || source.image.hasPrefix("-") { throw ContainerPlanError.flagSmuggling(field: "image", value: image) }
        if let violation = ImageReferenceGrammar.violation(in: image) {
            throw ContainerPlanError.invalidValue(field: "image", reason: "not a valid OCI image reference (\(violation.rawValue))")
        }

        var command: [String] = []
        for (index, element) in source.command.enumerated() {
            command += try Self.argument(element, field: "command[\(index)]", lookup: lookup)
        }

        var volumes: [String] = []
        for (index, element) in source.volumes.enumerated() {
            let sourceIsConfigured = ConfigTemplate(String(element.split(separator: ":").first ?? "")).isTemplated
            for spec in try Self.argument(element, field: "volumes[\(index)]", lookup: lookup) {
                if spec.hasPrefix(":") { continue }  // an optional source left unset
                volumes.append(try volumePolicy.check(spec, sourceIsConfigured: sourceIsConfigured))
            }
        }

        let secrets = ConfigRequirements.secretBindings(for: entry.configuration, availableSecrets: availableSecrets)
        var environment = try Self.environment(fixed: source.env, configuration: entry.configuration, secrets: secrets, lookup: lookup)

        var user: String?
        if let template = source.user {
            let value = try Self.argument(template, field: "user", lookup: lookup).first ?? ""
            if !value.isEmpty {
                guard Self.isUserSpec(value) else {
                    throw ContainerPlanError.invalidValue(field: "user", reason: "\(value.debugDescription) is not a user[:group]")
                }
                user = value
            }
        }

        let extra = try vetOptions(source.runtimeArguments, lookup: lookup)
        environment.merge(extra.environment) { _, new in new }
        volumes += extra.volumes

        let suffix = nameSuffix ?? Self.randomSuffix()
        return ContainerPlan(
            entryID: entry.id,
            image: image,
            name: "mcp-registry-\(Self.slug(entry.name.isEmpty ? entry.id : entry.name))-\(suffix)",
            labels: [
                ContainerLabels.managed: "true",
                ContainerLabels.entry: EntryID.encoded(entry.id),
                ContainerLabels.session: session,
                ContainerLabels.ownerPID: String(ownerPID),
            ],
            environment: environment,
            secrets: secrets,
            volumes: volumes,
            user: user ?? extra.user,
            // Only what the definition declares, or the user allows (issue 12: `--network none`
            // spares a netavark bridge per start and keeps a server off the host's networks).
            disableNetwork: settings.networkOverride(for: entry.id).map { !$0 } ?? source.disableNetwork,
            extraOptions: extra.options,
            command: command,
            memory: settings.memory,
            cpus: settings.cpus,
            pidsLimit: settings.pidsLimit,
            pullPolicy: PullPolicy(setting: settings.pullPolicy)
        )
    }

    /// Evaluates one templated argument: a literal from the catalog stays as it is; values
    /// from the configuration may not start with `-`.
    static func argument(_ text: String, field: String, lookup: ConfigLookup) throws -> [String] {
        let template = ConfigTemplate(text)
        guard template.isTemplated else { return [text] }
        let value = try template.evaluate(lookup) { value in
            if value.hasPrefix("-") { throw ContainerPlanError.flagSmuggling(field: field, value: value) }
            if value.contains("\0") { throw ContainerPlanError.invalidValue(field: field, reason: "contains a NUL byte") }
        }
        return value.elements
    }

    struct VettedOptions {
        var options: [String] = []
        var environment: [String: String] = [:]
        var volumes: [String] = []
        var user: String?
    }

    /// Keeps the `podman run` options a definition may set (`RuntimeOptionRules`: `-e
    /// NAME=value`, `-v`, `--mount type=bind|volume`, `-w`, `-u`); drops the ones the plan
    /// already has (`--rm`, `-i`, `--init`); refuses the rest. A `--mount` is turned into a
    /// `-v` spec and checked by the volume policy like one.
    func vetOptions(_ arguments: [String], lookup: ConfigLookup) throws -> VettedOptions {
        var vetted = VettedOptions()
        var index = 0
        func value(for option: String, inline: String?) throws -> String {
            if let inline { return try Self.argument(inline, field: option, lookup: lookup).first ?? "" }
            index += 1
            guard index < arguments.count else { throw ContainerPlanError.optionRefused(option: "\(option) without a value") }
            return try Self.argument(arguments[index], field: option, lookup: lookup).first ?? ""
        }
        while index < arguments.count {
            let token = arguments[index]
            let parts = token.split(separator: "=", maxSplits: 1).map(String.init)
            let option = parts[0]
            let inline = token.hasPrefix("--") && parts.count == 2 ? parts[1] : nil
            switch RuntimeOptionRules.option(option) {
            case .ignored?:
                break
            case .environment?:
                let pair = try value(for: option, inline: inline)
                let kv = pair.split(separator: "=", maxSplits: 1).map(String.init)
                guard kv.count == 2, Self.isEnvironmentName(kv[0]) else {
                    throw ContainerPlanError.optionRefused(option: "\(option) \(kv.first ?? "") (only NAME=value is allowed)")
                }
                vetted.environment[kv[0]] = kv[1]
            case .volume?:
                let spec = try value(for: option, inline: inline)
                if !spec.isEmpty, !spec.hasPrefix(":") { vetted.volumes.append(try volumePolicy.check(spec, sourceIsConfigured: true)) }
            case .mount?:
                let text = inline ?? (index + 1 < arguments.count ? arguments[index + 1] : "")
                if inline == nil { index += 1 }
                if let spec = try MountOption.volumeSpec(text, lookup: lookup) {
                    vetted.volumes.append(try volumePolicy.check(spec, sourceIsConfigured: true))
                }
            case .workdir?:
                let dir = try value(for: option, inline: inline)
                guard dir.hasPrefix("/") else { throw ContainerPlanError.invalidValue(field: option, reason: "must be an absolute path") }
                vetted.options += ["--workdir", dir]
            case .user?:
                let user = try value(for: option, inline: inline)
                if !user.isEmpty { vetted.user = user }
            case nil:
                throw ContainerPlanError.optionRefused(option: token)
            }
            index += 1
        }
        return vetted
    }

    /// The plain environment: the definition's fixed (or templated) variables, then the
    /// configuration's variables (their template's value; else what the user set under the
    /// variable's own name; else the declared default); never a secret's variable. Throws
    /// `ContainerPlanError.invalidValue` for a name that is not a variable name or a NUL byte.
    static func environment(
        fixed: [String: String], configuration: ConfigurationSpec, secrets: [SecretBinding], lookup: ConfigLookup
    ) throws -> [String: String] {
        let secretNames = Set(secrets.map(\.environmentVariable))
        var environment: [String: String] = [:]
        for (name, template) in fixed {
            let value = try ConfigTemplate(template).evaluate(lookup).text
            if !value.isEmpty { environment[name] = value }
        }
        for requirement in configuration.env where !requirement.isSecret {
            var value = try requirement.value.map { try ConfigTemplate($0).evaluate(lookup).text } ?? ""
            if value.isEmpty { value = lookup.userValue(at: requirement.name)?.templateText ?? requirement.defaultValue ?? "" }
            if !value.isEmpty { environment[requirement.name] = value }
        }
        for name in secretNames { environment[name] = nil }
        for (name, value) in environment {
            guard isEnvironmentName(name) else { throw ContainerPlanError.invalidValue(field: "env", reason: "\(name.debugDescription) is not a variable name") }
            if value.contains("\0") { throw ContainerPlanError.invalidValue(field: name, reason: "contains a NUL byte") }
        }
        for name in secretNames where !isEnvironmentName(name) {
            throw ContainerPlanError.invalidValue(field: "secret", reason: "\(name.debugDescription) is not a variable name")
        }
        return environment
    }

    /// `user` or `user:group` (names or ids), nothing else.
    static func isUserSpec(_ value: String) -> Bool {
        value.range(of: #"^[A-Za-z0-9_][A-Za-z0-9_.-]*(:[A-Za-z0-9_][A-Za-z0-9_.-]*)?$"#, options: .regularExpression) != nil
    }

    static func isEnvironmentName(_ name: String) -> Bool {
        name.range(of: #"^[A-Za-z_][A-Za-z0-9_]*$"#, options: .regularExpression) != nil
    }

    /// `Grafana MCP` → `grafana-mcp`, at most 30 characters.
    public static func slug(_ name: String) -> String {
        let last = name.split(separator: "/").last.map(String.init) ?? name
        var slug = ""
        for scalar in last.lowercased().unicodeScalars {
            if CharacterSet.alphanumerics.contains(scalar) && scalar.isASCII {
                slug.unicodeScalars.append(scalar)
            } else if !slug.hasSuffix("-") {
                slug.append("-")
            }
        }
        slug = String(slug.trimmingCharacters(in: CharacterSet(charactersIn: "-")).prefix(30))
        slug = slug.trimmingCharacters(in: CharacterSet(charactersIn: "-"))
        return slug.isEmpty ? "server" : slug
    }

    static func randomSuffix() -> String {
        String(UInt32.random(in: 0...UInt32.max), radix: 16).leftPadded(to: 8)
    }
}

/// The launch fields a container plan reads, from a container launch or an `oci` package.
struct LaunchSource {
    var image: String
    var command: [String]
    var volumes: [String]
    var env: [String: String]
    var user: String?
    var disableNetwork: Bool
    var runtimeArguments: [String]

    init(_ entry: CatalogEntry) throws {
        switch entry.launch {
        case .container(let c):
            image = c.image
            command = c.command
            volumes = c.volumes
            env = c.env
            user = c.user
            disableNetwork = c.disableNetwork
            runtimeArguments = c.runtimeArguments
        case .package(let p) where ContainerPlanner.canPlan(entry):
            image = Self.reference(p.identifier, version: p.version)
            command = p.packageArguments
            volumes = []
            env = p.env
            user = nil
            disableNetwork = !entry.networkNeed.allowsNetwork(override: nil)
            runtimeArguments = p.runtimeArguments
        default:
            throw ContainerPlanError.notRunnableAsContainer(entryID: entry.id, kind: entry.launch.kind)
        }
    }

    /// `ghcr.io/o/s` + `1.2` → `ghcr.io/o/s:1.2`; a reference with a tag or digest stays.
    static func reference(_ identifier: String, version: String?) -> String {
        let lastComponent = identifier.split(separator: "/").last ?? ""
        guard let version, !version.isEmpty, !identifier.contains("@"), !lastComponent.contains(":") else { return identifier }
        return "\(identifier):\(version)"
    }
}

extension String {
    func leftPadded(to length: Int) -> String {
        count >= length ? self : String(repeating: "0", count: length - count) + self
    }
}
