import Foundation

/// Whether a server's definition says it reaches the network, which decides whether its
/// container gets one (`--network none` otherwise; issue 12).
///
/// - A Docker `server.yaml` (and a `docker run` snippet) runs with the network unless it
///   sets `run.disableNetwork: true`: that is the Docker MCP catalog's own rule (its gateway
///   adds `--network none` only for `disableNetwork`), and most of its servers call an API.
///   Allowed hosts (`allowHosts`) say so too.
/// - The official `server.json` has no network field, so a package says it through what
///   it asks for: a secret, or an environment variable or argument variable whose name is
///   an API key, token, password, URL, host or endpoint (`GITHUB_TOKEN`, `DATABASE_URL`).
///   A package that asks for none of these has said nothing: it runs without a network,
///   and `ContainerSettings.network` (`containers.network` in the settings file) gives it one.
/// - A remote server is reached over the network by definition (no container).
public enum NetworkNeed: Sendable, Hashable {
    /// The definition says it needs none (Docker `disableNetwork: true`).
    case none
    /// The definition says or implies it reaches the network.
    case required(Reason)
    /// The definition says nothing either way.
    case unstated

    /// What in the definition says the network is needed.
    public enum Reason: Sendable, Hashable {
        /// A Docker definition without `disableNetwork` (the Docker catalog's default).
        case dockerDefinition
        /// It lists hosts it must reach.
        case allowedHosts
        /// A remote server.
        case remoteServer
        /// It asks for this secret or service variable (an API key, token, URL, host…).
        case serviceVariable(String)
    }

    /// Whether its container runs with a network: the user's override when set, else
    /// only when the definition requires it.
    public func allowsNetwork(override: Bool?) -> Bool {
        if let override { return override }
        if case .required = self { return true }
        return false
    }

    /// Words in a variable's name that mean a service reached over the network.
    static let serviceWords: Set<String> = [
        "KEY", "APIKEY", "TOKEN", "SECRET", "PASSWORD", "PASS", "URL", "URI", "HOST", "HOSTNAME", "ENDPOINT",
        "API", "DSN", "WEBHOOK", "DOMAIN", "PROXY", "CLIENT", "AUTH", "OAUTH", "ACCOUNT",
    ]

    /// Whether a variable's name (`GITHUB_PERSONAL_ACCESS_TOKEN`, `grafana.url`) names a
    /// service reached over the network.
    static func isServiceVariable(_ name: String) -> Bool {
        let words = name.uppercased().split { !$0.isLetter && !$0.isNumber }.map(String.init)
        return words.contains { serviceWords.contains($0) }
    }
}

extension CatalogEntry {
    /// What the entry's definition says about the network (see `NetworkNeed`).
    public var networkNeed: NetworkNeed {
        switch launch {
        case .container(let container):
            if container.disableNetwork { return .none }
            if !container.allowHosts.isEmpty { return .required(.allowedHosts) }
            return .required(.dockerDefinition)
        case .remote:
            return .required(.remoteServer)
        case .package(let package):
            if let secret = configuration.secrets.first { return .required(.serviceVariable(secret.env.isEmpty ? secret.name : secret.env)) }
            let names = configuration.env.map(\.name) + package.env.keys.sorted() + (configuration.parameters?["properties"]?.objectValue?.keys.sorted() ?? [])
            if let name = names.first(where: NetworkNeed.isServiceVariable) { return .required(.serviceVariable(name)) }
            return .unstated
        case .unknown:
            return .unstated
        }
    }
}

extension NetworkNeed {
    /// Phrases that processes print when a host cannot be reached or resolved (libc, Python,
    /// Node, Go, curl): a server that printed one while running without a network most
    /// likely needed it.
    static let failureSigns = [
        "name resolution", "could not resolve", "couldn't resolve", "getaddrinfo", "enotfound", "eai_again",
        "network is unreachable", "network unreachable", "no route to host", "name or service not known",
        "nodename nor servname", "failed to establish a new connection", "dial tcp", "enetunreach",
        "connecterror", "connection error", "unable to connect",
    ]

    /// Whether `text` (an error, the last lines of stderr) reads like a failure to reach the
    /// network.
    public static func looksLikeNetworkFailure(_ text: String) -> Bool {
        let lowered = text.lowercased()
        return failureSigns.contains { lowered.contains($0) }
    }
}
