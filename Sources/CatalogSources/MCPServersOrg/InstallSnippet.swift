import Foundation
import RegistryCore

/// What an install snippet from a web page says: how the server is launched (when that can be
/// derived) and which environment variables it reads.
///
/// Understands `docker run … image [args]` (→ container), `npx [-y] package [args]` (→ npm
/// package), `uvx [--from spec] package [args]` (→ PyPI package), `NAME=value` prefixes and
/// `export`, and `mcpServers` / `servers` JSON client configs (`command` + `args` + `env`, or `url`).
package struct InstallSnippet: Sendable, Hashable {
    /// One environment variable named in a snippet.
    struct Variable: Sendable, Hashable {
        var name: String
        /// The value written, unless it is a placeholder (`<your-token>`, `${TOKEN}`, `your_key`).
        var value: String?
        /// The value as written, placeholders included, as an example.
        var example: String?
    }

    /// Launch specs in the order found.
    var launches: [LaunchSpec] = []
    var variables: [Variable] = []

    /// Parses one code block.
    package static func parse(_ text: String) -> InstallSnippet {
        var snippet = InstallSnippet()
        if text.contains("{"), let json = lenientJSON(text) {
            snippet.readClientConfig(json)
            if !snippet.launches.isEmpty || !snippet.variables.isEmpty { return snippet }
        }
        for words in ShellWords.commands(text) { snippet.readCommand(words) }
        return snippet
    }

    // MARK: - Shell

    private mutating func readCommand(_ input: [String]) {
        var words = input[...]
        if words.first == "export" {
            words = words.dropFirst()
            for word in words { _ = readAssignment(word) }
            return
        }
        while let first = words.first, readAssignment(first) { words = words.dropFirst() }
        if words.first == "sudo" { words = words.dropFirst() }
        guard let command = words.first.map({ ($0 as NSString).lastPathComponent }) else { return }
        let arguments = Array(words.dropFirst())
        if let launch = Self.launch(command: command, arguments: arguments, variables: &variables) {
            launches.append(launch)
        }
    }

    /// Reads `NAME=value`; false when `word` is not an assignment.
    private mutating func readAssignment(_ word: String) -> Bool {
        guard let equals = word.firstIndex(of: "="), Self.isVariableName(word[..<equals]) else { return false }
        add(String(word[..<equals]), String(word[word.index(after: equals)...]))
        return true
    }

    private mutating func add(_ name: String, _ raw: String?) {
        guard Self.isVariableName(Substring(name)), !variables.contains(where: { $0.name == name }) else { return }
        let example = raw.flatMap { $0.isEmpty ? nil : $0 }
        variables.append(Variable(name: name, value: example.flatMap { Self.isPlaceholder($0) ? nil : $0 }, example: example))
    }

    /// A launch spec for `command arguments…`, collecting `-e` variables of `docker run`.
    private static func launch(command: String, arguments: [String], variables: inout [Variable]) -> LaunchSpec? {
        switch command {
        case "docker", "podman":
            guard arguments.first == "run" else { return nil }
            return dockerRun(Array(arguments.dropFirst()), variables: &variables).map(LaunchSpec.container)
        case "npx", "bunx", "pnpx":
            return npx(arguments).map(LaunchSpec.package)
        case "uvx", "pipx":
            let rest = command == "pipx" ? (arguments.first == "run" ? Array(arguments.dropFirst()) : []) : arguments
            return uvx(rest, hint: command == "pipx" ? "pipx" : "uvx").map(LaunchSpec.package)
        default:
            return nil
        }
    }

    private static let dockerValueOptions: Set<String> = [
        "-e", "--env", "-v", "--volume", "-p", "--publish", "--name", "--network", "--net", "-u", "--user",
        "--entrypoint", "-w", "--workdir", "--env-file", "--mount", "--platform", "-l", "--label", "--add-host",
        "--cpus", "-m", "--memory", "--pull", "-h", "--hostname", "--cap-add", "--cap-drop", "--security-opt",
        "--tmpfs", "--device", "--log-driver", "--restart", "--shm-size", "--ulimit", "--dns", "--ipc", "--pid",
    ]

    private static func dockerRun(_ arguments: [String], variables: inout [Variable]) -> ContainerLaunch? {
        var volumes: [String] = []
        var env: [String: String] = [:]
        var user: String?
        var disableNetwork = false
        var index = 0
        func record(_ option: String, _ value: String) {
            switch option {
            case "-e", "--env":
                let parts = value.split(separator: "=", maxSplits: 1).map(String.init)
                guard let name = parts.first, isVariableName(Substring(name)) else { return }
                let raw = parts.count > 1 ? parts[1] : nil
                if !variables.contains(where: { $0.name == name }) {
                    variables.append(Variable(name: name, value: raw.flatMap { isPlaceholder($0) ? nil : $0 }, example: raw))
                }
                if let raw, !isPlaceholder(raw), !CredentialName.looksSecret(name) { env[name] = raw }
            case "-v", "--volume": volumes.append(value)
            case "-u", "--user": user = value
            case "--network", "--net": disableNetwork = value == "none"
            default: break
            }
        }
        while index < arguments.count {
            let word = arguments[index]
            guard word.hasPrefix("-"), word != "-" else { break }
            if let equals = word.firstIndex(of: "="), word.hasPrefix("--") {
                record(String(word[..<equals]), String(word[word.index(after: equals)...]))
                index += 1
            } else if dockerValueOptions.contains(word) {
                if index + 1 < arguments.count { record(word, arguments[index + 1]) }
                index += 2
            } else {
                index += 1
            }
        }
        guard index < arguments.count else { return nil }
        let image = arguments[index]
        guard isConcrete(image), !image.contains("=") else { return nil }
        return ContainerLaunch(
            image: image, command: Array(arguments[(index + 1)...]), volumes: volumes, env: env, user: user, disableNetwork: disableNetwork
        )
    }

    private static func npx(_ arguments: [String]) -> PackageLaunch? {
        var index = 0
        var explicitPackage: String?
        while index < arguments.count, arguments[index].hasPrefix("-") {
            let word = arguments[index]
            if word == "-p" || word == "--package", index + 1 < arguments.count {
                explicitPackage = arguments[index + 1]
                index += 2
            } else if word.hasPrefix("--package=") {
                explicitPackage = String(word.dropFirst("--package=".count))
                index += 1
            } else {
                index += 1
            }
        }
        guard index < arguments.count || explicitPackage != nil else { return nil }
        let spec = explicitPackage ?? arguments[index]
        let rest = explicitPackage == nil ? Array(arguments[(index + 1)...]) : Array(arguments[index...])
        guard isConcrete(spec) else { return nil }
        // `@scope/name@1.2.3` or `name@latest`: the version follows the last `@` that is not the first character.
        var identifier = spec
        var version: String?
        if let at = spec.lastIndex(of: "@"), at != spec.startIndex {
            identifier = String(spec[..<at])
            version = String(spec[spec.index(after: at)...])
            if version == "latest" || version?.isEmpty == true { version = nil }
        }
        return PackageLaunch(registryType: "npm", identifier: identifier, version: version, runtimeHint: "npx", packageArguments: rest)
    }

    private static func uvx(_ arguments: [String], hint: String) -> PackageLaunch? {
        var index = 0
        var from: String?
        let valueOptions: Set<String> = ["--from", "--with", "--python", "-p", "--index-url", "--extra-index-url", "--spec"]
        while index < arguments.count, arguments[index].hasPrefix("-") {
            let word = arguments[index]
            if valueOptions.contains(word), index + 1 < arguments.count {
                if word == "--from" || word == "--spec" { from = arguments[index + 1] }
                index += 2
            } else if word.hasPrefix("--from=") {
                from = String(word.dropFirst("--from=".count))
                index += 1
            } else {
                index += 1
            }
        }
        guard index < arguments.count else { return nil }
        let spec = from ?? arguments[index]
        guard isConcrete(spec) else { return nil }
        var identifier = spec
        var version: String?
        if let range = spec.range(of: "==") {
            identifier = String(spec[..<range.lowerBound])
            version = String(spec[range.upperBound...])
        } else if let at = spec.firstIndex(of: "@"), at != spec.startIndex {
            identifier = String(spec[..<at])
            version = String(spec[spec.index(after: at)...])
            if version == "latest" { version = nil }
        }
        return PackageLaunch(registryType: "pypi", identifier: identifier, version: version, runtimeHint: hint, packageArguments: Array(arguments[(index + 1)...]))
    }

    // MARK: - Client config JSON

    private mutating func readClientConfig(_ json: JSONValue) {
        let servers = json["mcpServers"] ?? json["servers"] ?? json["mcp"]?["servers"] ?? json["context_servers"]
        let configs: [JSONValue]
        if let servers = servers?.objectValue {
            configs = servers.keys.sorted().compactMap { servers[$0] }
        } else if json["command"] != nil || json["url"] != nil {
            configs = [json]
        } else if let object = json.objectValue {
            // `{"name": {"command": …}}`: the servers object without its key.
            configs = object.keys.sorted().compactMap { object[$0] }.filter { $0["command"] != nil || $0["url"] != nil }
        } else {
            configs = []
        }
        for config in configs {
            for (name, value) in (config["env"]?.objectValue ?? [:]).sorted(by: { $0.key < $1.key }) {
                add(name, value.scalarText)
            }
            if let url = config.text("url") ?? config.text("serverUrl"), isConcreteURL(url) {
                let type = config.text("type")?.lowercased() ?? config.text("transport")?.lowercased()
                let transport = type == "sse" || (type == nil && url.hasSuffix("/sse")) ? "sse" : "streamable-http"
                launches.append(.remote(RemoteLaunch(url: url, transport: transport)))
            } else if let command = config.text("command") {
                let arguments = config.list("args").compactMap(\.scalarText)
                if let launch = Self.launch(command: (command as NSString).lastPathComponent, arguments: arguments, variables: &variables) {
                    launches.append(launch)
                }
            }
        }
    }

    private func isConcreteURL(_ url: String) -> Bool {
        Self.isConcrete(url) && (url.hasPrefix("https://") || url.hasPrefix("http://"))
    }

    /// JSON in a snippet: the whole text, the outermost `{…}`, or `"mcpServers": {…}` without
    /// its enclosing braces; trailing commas are tolerated.
    private static func lenientJSON(_ text: String) -> JSONValue? {
        var candidates = [text]
        if let open = text.firstIndex(of: "{"), let close = text.lastIndex(of: "}"), open < close {
            let inner = String(text[open...close])
            let prefix = text[..<open].trimmingCharacters(in: .whitespacesAndNewlines)
            if !prefix.isEmpty { candidates.append("{" + prefix + inner + "}") }
            candidates.append(inner)
        }
        for candidate in candidates {
            let cleaned = withoutTrailingCommas(candidate)
            if JSONBounds.excessNesting(in: Data(cleaned.utf8)) == nil,
               let value = try? JSONDecoder().decode(JSONValue.self, from: Data(cleaned.utf8)), value.objectValue != nil {
                return value
            }
        }
        return nil
    }

    /// Removes commas that directly precede `}` or `]` outside strings.
    private static func withoutTrailingCommas(_ text: String) -> String {
        var output: [Character] = []
        var inString = false
        var escaped = false
        for character in text {
            if inString {
                if escaped { escaped = false } else if character == "\\" { escaped = true } else if character == "\"" { inString = false }
                output.append(character)
                continue
            }
            if character == "\"" { inString = true }
            if character == "}" || character == "]" {
                var index = output.count - 1
                while index >= 0, output[index].isWhitespace { index -= 1 }
                if index >= 0, output[index] == "," { output.remove(at: index) }
            }
            output.append(character)
        }
        return String(output)
    }

    // MARK: - Words

    static func isVariableName(_ text: Substring) -> Bool {
        guard let first = text.first, first.isLetter || first == "_" else { return false }
        return text.allSatisfy { ($0.isASCII && ($0.isLetter || $0.isNumber)) || $0 == "_" }
    }

    /// A value the user is meant to replace: `<token>`, `${TOKEN}`, `$TOKEN`, `your_key`, `xxx`, `...`.
    static func isPlaceholder(_ value: String) -> Bool {
        let lower = value.lowercased()
        return value.contains("<") || value.contains("${") || value.hasPrefix("$") || value.contains("{{")
            || lower.contains("your") || lower.hasPrefix("xxx") || lower.contains("...") || lower.contains("replace")
            || lower == "token" || lower == "secret" || lower.hasPrefix("sk-") || lower.hasPrefix("ghp_")
    }

    /// A package or image name, not a placeholder.
    static func isConcrete(_ word: String) -> Bool {
        !word.isEmpty && !word.contains("<") && !word.contains("{") && !word.contains("[") && !word.contains("...")
    }
}

/// Environment variable names that look like credentials.
enum CredentialName {
    private static let suffixes = ["_TOKEN", "_API_KEY", "_APIKEY", "_SECRET", "_PASSWORD", "_SECRET_KEY", "_ACCESS_KEY", "_PAT", "_CREDENTIALS"]
    private static let names: Set<String> = ["TOKEN", "API_KEY", "APIKEY", "SECRET", "PASSWORD", "ACCESS_TOKEN"]

    /// `GITHUB_TOKEN`, `OPENAI_API_KEY`, `CLIENT_SECRET`, `DB_PASSWORD`…
    static func looksSecret(_ name: String) -> Bool {
        let upper = name.uppercased()
        return names.contains(upper) || suffixes.contains { upper.hasSuffix($0) }
    }
}
