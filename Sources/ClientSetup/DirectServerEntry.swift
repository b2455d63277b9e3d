import Foundation

/// The config entry that runs one catalog server directly (e.g. `podman run …`), for
/// people who want it in their client permanently without the registry in between.
///
/// Secrets are never written: the command passes them as bare `-e NAME` (the value comes
/// from the launching process's environment), and the entry's `env` map holds a
/// placeholder for each that tells the user what to fill in.
public enum DirectServerEntry {
    /// The placeholder written for a secret variable.
    public static func placeholder(for variable: String) -> String {
        "<fill in your \(variable)>"
    }

    /// The entry: `command` + `args` with `runtimeOptionsToDrop` (and their values)
    /// removed, and a placeholder in `env` for each secret variable.
    ///
    /// - Parameters:
    ///   - name: the server's name in the client (see `serverName(forEntryID:)`).
    ///   - command: the executable (`podman`).
    ///   - args: its arguments; must carry secrets only as bare `-e NAME`.
    ///   - secretVariables: the secret environment variable names.
    ///   - runtimeOptionsToDrop: options with a value to take out (the registry's own
    ///     `--label` and `--name`: a permanently configured container is not the
    ///     registry's to sweep, and a fixed name would clash between two client windows).
    ///   - optionValues: options whose value to set (`--pull missing`: the registry pulls
    ///     images itself and runs with `--pull never`, a client launching podman cannot).
    public static func make(
        name: String, command: String, args: [String], secretVariables: [String],
        runtimeOptionsToDrop: Set<String> = ["--label", "--name"],
        optionValues: [String: String] = ["--pull": "missing"]
    ) -> StdioServerEntry {
        var kept: [String] = []
        var index = 0
        while index < args.count {
            let argument = args[index]
            if runtimeOptionsToDrop.contains(argument), index + 1 < args.count {
                index += 2
                continue
            }
            if let value = optionValues[argument], index + 1 < args.count {
                kept += [argument, value]
                index += 2
                continue
            }
            if let equals = argument.firstIndex(of: "="), runtimeOptionsToDrop.contains(String(argument[..<equals])) {
                index += 1
                continue
            }
            kept.append(argument)
            index += 1
        }
        var env: [String: String] = [:]
        for variable in secretVariables { env[variable] = placeholder(for: variable) }
        return StdioServerEntry(name: name, command: command, args: kept, env: env)
    }

    /// A client-friendly server name from an entry id: its last path component, with
    /// anything but letters, digits, `-` and `_` turned into `-` (`docker/grafana` →
    /// `grafana`, `official/io.github.user/weather` → `weather`).
    public static func serverName(forEntryID id: String) -> String {
        let last = id.split(separator: "/").last.map(String.init) ?? id
        let mapped = String(last.map { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" ? $0 : "-" })
        let trimmed = mapped.trimmingCharacters(in: CharacterSet(charactersIn: "-"))
        return trimmed.isEmpty ? "server" : trimmed
    }
}
