import Foundation

/// The one home folder every `~` expands to: `$HOME` when it is set and not empty, else the
/// account's home from the password database. Settings paths, allowed volume roots, the
/// forbidden `~/.ssh` and git source paths all read it, so `HOME=/tmp/x` moves all of them.
public enum HomeDirectory {
    /// The home folder's path for `environment` (default: this process's environment).
    public static func path(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let home = environment["HOME"], !home.isEmpty { return home }
        return NSHomeDirectory()
    }

    /// `~` → the home folder, `~/x` → `<home>/x`; any other path is returned unchanged.
    public static func expand(_ path: String, home: String = path()) -> String {
        if path == "~" { return home }
        if path.hasPrefix("~/") { return (home as NSString).appendingPathComponent(String(path.dropFirst(2))) }
        return path
    }
}
