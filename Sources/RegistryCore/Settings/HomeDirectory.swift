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

    /// `~`, `$HOME` or `${HOME}` → the home folder, `~/x` (`$HOME/x`) → `<home>/x`; any
    /// other path is returned unchanged.
    public static func expand(_ path: String, home: String = path()) -> String {
        for prefix in ["~", "$HOME", "${HOME}"] {
            if path == prefix { return home }
            if path.hasPrefix(prefix + "/") { return (home as NSString).appendingPathComponent(String(path.dropFirst(prefix.count + 1))) }
        }
        return path
    }

    /// Whether the path starts from the home folder (`~`, `$HOME`, `${HOME}`).
    public static func isHomeRelative(_ path: String) -> Bool {
        expand(path, home: "/") != path
    }
}
