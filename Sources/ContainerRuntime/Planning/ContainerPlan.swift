import RegistryCore

/// Everything needed to start one container, as a value: the `podman run` argv is derived
/// from it, never built through a shell. Secrets appear by name only.
public struct ContainerPlan: Sendable, Hashable {
    /// The catalog entry id (`docker/grafana`).
    public var entryID: String
    /// The image reference exactly as it will be run.
    public var image: String
    /// The unique container name (`mcp-registry-grafana-3f9a2c`).
    public var name: String
    /// Labels, including the managed, entry, session and owner labels.
    public var labels: [String: String]
    /// Plain environment variables, passed as `-e NAME=value`.
    public var environment: [String: String]
    /// Secrets as `secret store name → environment variable`; passed as bare `-e NAME`, the
    /// value only in the podman process's environment.
    public var secrets: [SecretBinding]
    /// Volume specs (`src:dst[:opts]`), already checked against the allowed roots.
    public var volumes: [String]
    /// `--user`, when the definition sets one.
    public var user: String?
    /// `--network none`.
    public var disableNetwork: Bool
    /// Ports published on the host's loopback address (`-p 127.0.0.1:HOST:CONTAINER`), for
    /// packages that serve MCP over HTTP. Empty for stdio servers.
    public var publishedPorts: [PublishedPort] = []
    /// Extra, vetted `podman run` options from the definition (`-w /data`).
    public var extraOptions: [String]
    /// The command and arguments after the image.
    public var command: [String]
    /// `--memory`.
    public var memory: String
    /// `--cpus`.
    public var cpus: String
    /// `--pids-limit`.
    public var pidsLimit: Int
    /// When to pull before running (the run itself says `--pull never`).
    public var pullPolicy: PullPolicy

    public init(
        entryID: String,
        image: String,
        name: String,
        labels: [String: String] = [:],
        environment: [String: String] = [:],
        secrets: [SecretBinding] = [],
        volumes: [String] = [],
        user: String? = nil,
        disableNetwork: Bool = false,
        extraOptions: [String] = [],
        command: [String] = [],
        memory: String = "512m",
        cpus: String = "1",
        pidsLimit: Int = 256,
        pullPolicy: PullPolicy = .missing
    ) {
        self.entryID = entryID
        self.image = image
        self.name = name
        self.labels = labels
        self.environment = environment
        self.secrets = secrets
        self.volumes = volumes
        self.user = user
        self.disableNetwork = disableNetwork
        self.extraOptions = extraOptions
        self.command = command
        self.memory = memory
        self.cpus = cpus
        self.pidsLimit = pidsLimit
        self.pullPolicy = pullPolicy
    }

    /// Whether the container must have a network: it publishes a port (an HTTP package),
    /// which `--network none` would make unreachable. The hook for a default of
    /// `--network none` (issue 12): such a default must keep a network for these plans, and
    /// a package that needs the internet declares it the same way (`disableNetwork` false).
    public var requiresNetwork: Bool { !publishedPorts.isEmpty }

    /// The environment variable names of the secrets.
    public var secretEnvironmentNames: [String] { secrets.map(\.environmentVariable) }

    /// The arguments after `podman`: `run --rm -i --init <hardening> <limits> <labels>
    /// --name … -e … -v … image command…`. Contains no secret value.
    public var runArguments: [String] {
        var args = [
            "run", "--rm", "-i", "--init",
            "--security-opt", "no-new-privileges",
            "--cap-drop", "ALL",
            "--read-only", "--tmpfs", "/tmp",
            "--pids-limit", String(pidsLimit),
            "--memory", memory,
            "--cpus", cpus,
        ]
        if disableNetwork && !requiresNetwork { args += ["--network", "none"] }
        for port in publishedPorts { args += ["-p", port.option] }
        if let user { args += ["--user", user] }
        args += ["--pull", "never"]
        for key in labels.keys.sorted() { args += ["--label", "\(key)=\(labels[key]!)"] }
        args += ["--name", name]
        for secret in secrets { args += ["-e", secret.environmentVariable] }
        for key in environment.keys.sorted() { args += ["-e", "\(key)=\(environment[key]!)"] }
        for volume in volumes { args += ["-v", volume] }
        args += extraOptions
        args.append(image)
        args += command
        return args
    }

    /// The full argv with the engine executable first (`podman run …`).
    public func argv(executable: String = "podman") -> [String] { [executable] + runArguments }
}

/// A secret from the store that reaches the container as an environment variable.
public struct SecretBinding: Sendable, Hashable, Codable {
    /// The name in the secret store (`grafana.api_key`).
    public var secretName: String
    /// The variable the container reads (`GRAFANA_API_KEY`).
    public var environmentVariable: String

    public init(secretName: String, environmentVariable: String) {
        self.secretName = secretName
        self.environmentVariable = environmentVariable
    }
}
