import ContainerRuntime
import Foundation
import RegistryCore

/// Where a package that serves MCP over HTTP answers inside its container: the port and
/// the path, read from its `transport.url` template (server.json
/// `packages[].transport.url`, e.g. `http://localhost:{port}/mcp`).
///
/// Each `{var}` is filled, in order, from: the user's configuration for that name (or the
/// name without leading dashes, `--port` → `port`) and its schema default; the package's
/// environment variable of that name (its fixed value, else its default); the literal word
/// after `--var` (or `var` when it starts with a dash) in the package's arguments; the
/// package's own `env` value. The host in the template is ignored: the registry always
/// connects to `127.0.0.1` on a port it publishes (`PublishedPort`).
public struct PackageEndpoint: Sendable, Hashable {
    /// The port the server listens on inside the container.
    public var containerPort: Int
    /// The path and query to connect to (`/mcp`, at least `/`).
    public var pathAndQuery: String

    public init(containerPort: Int, pathAndQuery: String) {
        self.containerPort = containerPort
        self.pathAndQuery = pathAndQuery
    }

    /// The URL on the host: `http://127.0.0.1:<hostPort><path>`.
    public func url(hostPort: Int) -> String {
        "http://\(PublishedPort.hostAddress):\(hostPort)\(pathAndQuery)"
    }

    /// Resolves a package's transport URL template.
    /// - Throws: `PackageTransportError.unresolvedURL` naming the variables no source
    ///   fills, `.invalidURL` when the result is not an `http` URL with a port in 1–65535.
    public static func resolve(
        _ template: String, package: PackageLaunch, configuration: ConfigurationSpec, config: [String: JSONValue]
    ) throws -> PackageEndpoint {
        let lookup = ConfigLookup(values: config, schema: configuration.parameters)
        var text = template
        var missing: [String] = []
        for name in braceNames(template) {
            guard let value = value(of: name, lookup: lookup, package: package, configuration: configuration) else {
                missing.append(name)
                continue
            }
            guard value.unicodeScalars.allSatisfy(isUnreserved) else {
                throw PackageTransportError.invalidURL(reason: "the value of {\(name)} has characters a URL reads as structure")
            }
            text = text.replacingOccurrences(of: "{\(name)}", with: value)
        }
        guard missing.isEmpty else { throw PackageTransportError.unresolvedURL(variables: missing) }
        guard let components = URLComponents(string: text), components.scheme?.lowercased() == "http",
            components.host != nil
        else { throw PackageTransportError.invalidURL(reason: "not an http URL with a host") }
        let port = components.port ?? 80
        guard (1...65535).contains(port) else { throw PackageTransportError.invalidURL(reason: "the port is outside 1–65535") }
        var path = components.percentEncodedPath.isEmpty ? "/" : components.percentEncodedPath
        if let query = components.percentEncodedQuery { path += "?" + query }
        return PackageEndpoint(containerPort: port, pathAndQuery: path)
    }

    static func value(of name: String, lookup: ConfigLookup, package: PackageLaunch, configuration: ConfigurationSpec) -> String? {
        let bare = String(name.drop(while: { $0 == "-" }))
        let parameter = bare.lowercased().map { $0.isLetter || $0.isNumber ? String($0) : "_" }.joined()
        for key in [name, bare, parameter] where !key.isEmpty {
            if let text = lookup.value(at: key)?.templateText, isLiteral(text) { return text }
        }
        if let variable = configuration.env.first(where: { $0.name == name || $0.name == bare }) {
            if let value = variable.value, isLiteral(value) { return value }
            if let value = variable.defaultValue, isLiteral(value) { return value }
        }
        let flag = name.hasPrefix("-") ? name : "--" + name
        let words = package.runtimeArguments + package.packageArguments
        for (index, word) in words.enumerated() {
            if word == flag, index + 1 < words.count, isLiteral(words[index + 1]) { return words[index + 1] }
            if word.hasPrefix(flag + "="), isLiteral(String(word.dropFirst(flag.count + 1))) { return String(word.dropFirst(flag.count + 1)) }
        }
        if let value = package.env[name] ?? package.env[bare], isLiteral(value) { return value }
        return nil
    }

    /// RFC 3986 unreserved: `A–Z a–z 0–9 - . _ ~`. A filled-in value may hold nothing else,
    /// so it can never change the URL's structure (`../shared/cases/url-variables`).
    static func isUnreserved(_ scalar: Unicode.Scalar) -> Bool {
        scalar.isASCII && (CharacterSet.alphanumerics.contains(scalar) || "-._~".unicodeScalars.contains(scalar))
    }

    /// Text with no template left in it (no `{`, `}` or `$`).
    static func isLiteral(_ text: String) -> Bool {
        !text.isEmpty && !text.contains(where: { "{}$".contains($0) })
    }

    /// The `{name}` references of a template, in order, each once.
    static func braceNames(_ template: String) -> [String] {
        var names: [String] = []
        var rest = template[...]
        while let open = rest.firstIndex(of: "{") {
            let after = rest.index(after: open)
            guard let close = rest[after...].firstIndex(of: "}") else { break }
            let name = String(rest[after..<close])
            if !name.isEmpty, !name.contains("{"), !names.contains(name) { names.append(name) }
            rest = rest[rest.index(after: close)...]
        }
        return names
    }
}

/// Why a package that serves HTTP could not be reached: the facts only.
public enum PackageTransportError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The transport URL names variables that nothing fills.
    case unresolvedURL(variables: [String])
    /// The transport URL, filled in, is not usable.
    case invalidURL(reason: String)
    /// No free loopback port could be had (the `errno` of the failing call).
    case noFreePort(errno: Int32)
    /// Nothing answered HTTP on the published port within the start time-out. A server
    /// that listens on 127.0.0.1 inside its container cannot be reached from outside it.
    case notAnswering(containerPort: Int, seconds: Double)
    /// The container exited before the server answered.
    case exitedBeforeAnswering(status: Int32)

    public var description: String {
        switch self {
        case .unresolvedURL(let variables):
            return "the package's transport URL names \(variables.map { "{\($0)}" }.joined(separator: ", ")), which no argument, environment variable or setting fills"
        case .invalidURL(let reason):
            return "the package's transport URL is unusable: \(reason)"
        case .noFreePort(let code):
            return "no free loopback port (errno \(code))"
        case .notAnswering(let port, let seconds):
            return String(format: "nothing answered HTTP on container port %d within %.0f s (a server listening on 127.0.0.1 inside its container cannot be reached; it must listen on 0.0.0.0)", port, seconds)
        case .exitedBeforeAnswering(let status):
            return "the container exited with status \(status) before its server answered HTTP"
        }
    }
}
