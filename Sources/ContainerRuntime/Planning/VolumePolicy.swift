import Foundation
import RegistryCore

/// Which host paths a container may mount.
///
/// A bind source must exist, resolve (symlinks and `..` followed) inside one of the
/// allowed roots, and must neither be, lie inside, nor contain a forbidden path (`/`, `/etc`,
/// `/root`, `~/.ssh`, the registry's own config and secrets, the container engine's
/// sockets and storage…). Named volumes (`mcp-data:/data`) are allowed.
public struct VolumePolicy: Sendable, Hashable {
    /// Resolved allowed roots.
    public var allowedRoots: [String]
    /// Resolved forbidden paths.
    public var forbidden: [String]
    /// The home folder `~` expands to (`HomeDirectory.path()`: `$HOME`, the same one the
    /// settings are read from).
    public var home: String

    /// - Parameters:
    ///   - allowedRoots: `ContainerSettings.allowedVolumeRoots` (`~` is expanded).
    ///   - home: the user's home folder (default `HomeDirectory.path()`).
    ///   - extraForbidden: more paths never to mount (the registry's config folder).
    public init(allowedRoots: [String], home: String = HomeDirectory.path(), extraForbidden: [String] = []) {
        self.home = home
        self.allowedRoots = allowedRoots.filter { !$0.isEmpty }.map { Self.resolve(Self.expand($0, home: home)) }
        let homeForbidden = [".ssh", ".gnupg", ".aws", ".docker", ".kube", ".config/mcp-registry", ".local/share/containers", ".password-store"]
            .map { (home as NSString).appendingPathComponent($0) }
        let system = [
            "/", "/etc", "/root", "/proc", "/sys", "/dev", "/boot", "/run", "/var/run",
            "/var/lib/containers", "/var/lib/docker", "/usr", "/bin", "/sbin", "/lib", "/lib64",
        ]
        var runtimeDir: [String] = []
        if let xdg = ProcessInfo.processInfo.environment["XDG_RUNTIME_DIR"], !xdg.isEmpty { runtimeDir.append(xdg) }
        self.forbidden = Array(Set((system + homeForbidden + runtimeDir + extraForbidden).map { Self.resolve($0) } + system)).sorted()
    }

    /// Checks one `src:dst[:opts]` spec; returns it with the source resolved. A source that
    /// came from the user's configuration (`sourceIsConfigured`) must be a host path, never
    /// a volume name.
    public func check(_ spec: String, sourceIsConfigured: Bool = false) throws -> String {
        let parts = spec.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 2 || parts.count == 3, !parts[0].isEmpty, !parts[1].isEmpty else {
            throw ContainerPlanError.volumeRefused(volume: spec, reason: "expected source:target[:options]")
        }
        let source = parts[0]
        let target = parts[1]
        guard target.hasPrefix("/"), !target.contains("\0") else {
            throw ContainerPlanError.volumeRefused(volume: spec, reason: "the target must be an absolute path in the container")
        }
        if parts.count == 3 {
            let allowed: Set<String> = ["ro", "rw", "z", "Z", "U", "nocopy", "rprivate", "private"]
            for option in parts[2].split(separator: ",") where !allowed.contains(String(option)) {
                throw ContainerPlanError.volumeRefused(volume: spec, reason: "the option \(option) is not allowed")
            }
        }
        if source.hasPrefix("-") { throw ContainerPlanError.flagSmuggling(field: "volume", value: source) }
        if Self.isNamedVolume(source) {
            guard !sourceIsConfigured else {
                throw ContainerPlanError.volumeRefused(volume: spec, reason: "\(source.debugDescription) is not an absolute host path")
            }
            return spec
        }
        guard source.hasPrefix("/") || HomeDirectory.isHomeRelative(source) else {
            throw ContainerPlanError.volumeRefused(volume: spec, reason: "the source must be an absolute host path or a volume name")
        }
        let resolved = Self.resolve(Self.expand(source, home: home))
        guard FileManager.default.fileExists(atPath: resolved) else {
            throw ContainerPlanError.volumeRefused(volume: spec, reason: "\(resolved) does not exist on this machine")
        }
        for path in forbidden where resolved == path || (path != "/" && Self.isInside(resolved, path)) || Self.isInside(path, resolved) {
            throw ContainerPlanError.volumeRefused(volume: spec, reason: "\(resolved) is or contains \(path), which is never mounted")
        }
        guard allowedRoots.contains(where: { Self.isInside(resolved, $0) }) else {
            let roots = allowedRoots.isEmpty ? "none are set" : allowedRoots.joined(separator: ", ")
            throw ContainerPlanError.volumeRefused(
                volume: spec,
                reason: "\(resolved) is outside the allowed volume roots (\(roots)); add a folder to containers.allowedVolumeRoots in the settings file")
        }
        return ([resolved, target] + parts.dropFirst(2)).joined(separator: ":")
    }

    /// `mcp-data`, not a path.
    static func isNamedVolume(_ source: String) -> Bool {
        guard let first = source.first, first.isLetter || first.isNumber else { return false }
        return source.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == "." || $0 == "-") }
    }

    static func expand(_ path: String, home: String) -> String {
        HomeDirectory.expand(path, home: home)
    }

    /// Follows symlinks when the path exists; otherwise normalises `.` and `..`.
    static func resolve(_ path: String) -> String {
        let standardized = URL(fileURLWithPath: path).standardizedFileURL.path
        if let real = realpath(standardized, nil) {
            defer { free(real) }
            return String(cString: real)
        }
        return standardized
    }

    /// Whether `path` is `root` or lies inside it.
    static func isInside(_ path: String, _ root: String) -> Bool {
        if root == "/" { return true }
        return path == root || path.hasPrefix(root.hasSuffix("/") ? root : root + "/")
    }
}
