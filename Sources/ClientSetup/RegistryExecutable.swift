import Foundation

/// The absolute path of the running `mcp-registry` binary, which is what a client's
/// config must launch.
public enum RegistryExecutable {
    /// `argv[0]` made absolute (relative to the working folder, or looked up on `PATH`
    /// when it has no slash) when it is the running binary (`/proc/self/exe`), else
    /// `/proc/self/exe`; without `/proc`, `argv[0]` made absolute.
    public static func currentPath(
        arguments: [String] = CommandLine.arguments,
        environment: [String: String] = ProcessInfo.processInfo.environment,
        workingDirectory: String = FileManager.default.currentDirectoryPath
    ) -> String {
        let fromArgv = absolutePath(of: arguments.first ?? "mcp-registry", environment: environment, workingDirectory: workingDirectory)
        guard let running = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"), running.hasPrefix("/") else {
            return fromArgv
        }
        // Prefer the path the user ran (`/usr/local/bin/mcp-registry`, often a link into a
        // versioned folder) when it is the same binary: it survives upgrades.
        if fromArgv.hasPrefix("/"), URL(fileURLWithPath: fromArgv).resolvingSymlinksInPath().path == URL(fileURLWithPath: running).resolvingSymlinksInPath().path {
            return fromArgv
        }
        return running
    }

    /// `argv0` made absolute: as is when absolute, joined to `workingDirectory` when it has
    /// a slash, else the first executable match on `PATH` (or the bare name if none).
    public static func absolutePath(of argv0: String, environment: [String: String], workingDirectory: String) -> String {
        if argv0.hasPrefix("/") { return URL(fileURLWithPath: argv0).standardizedFileURL.path }
        if argv0.contains("/") {
            return URL(fileURLWithPath: workingDirectory, isDirectory: true).appendingPathComponent(argv0).standardizedFileURL.path
        }
        for folder in (environment["PATH"] ?? "").split(separator: ":") {
            let candidate = URL(fileURLWithPath: String(folder), isDirectory: true).appendingPathComponent(argv0).path
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return argv0
    }
}
