import Foundation

/// The operating system whose conventions decide where a client keeps its config.
public enum ClientPlatform: String, Sendable, Hashable, CaseIterable {
    case linux
    case macOS
    case windows

    /// The platform this binary runs on.
    public static var current: ClientPlatform {
        #if os(macOS)
        .macOS
        #elseif os(Windows)
        .windows
        #else
        .linux
        #endif
    }
}

/// The folders config paths are built from, given a platform and an environment
/// (`HOME`, `XDG_CONFIG_HOME`, `APPDATA`), so tests can resolve paths for any platform.
public struct ClientLocations: Sendable, Hashable {
    public var platform: ClientPlatform
    public var environment: [String: String]

    public init(platform: ClientPlatform = .current, environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.platform = platform
        self.environment = environment
    }

    /// The user's home folder (`HOME`, or `USERPROFILE` on Windows).
    public var home: URL {
        let path = nonEmpty("HOME") ?? (platform == .windows ? nonEmpty("USERPROFILE") : nil) ?? NSHomeDirectory()
        return URL(fileURLWithPath: path, isDirectory: true)
    }

    /// `$XDG_CONFIG_HOME` or `~/.config` (Linux conventions).
    public var xdgConfigHome: URL {
        if let xdg = nonEmpty("XDG_CONFIG_HOME") { return URL(fileURLWithPath: xdg, isDirectory: true) }
        return home.appendingPathComponent(".config", isDirectory: true)
    }

    /// Where desktop apps keep per-user settings: `~/.config` (or `$XDG_CONFIG_HOME`) on
    /// Linux, `~/Library/Application Support` on macOS, `%APPDATA%` on Windows.
    public var applicationSupport: URL {
        switch platform {
        case .linux: xdgConfigHome
        case .macOS: home.appendingPathComponent("Library/Application Support", isDirectory: true)
        case .windows:
            nonEmpty("APPDATA").map { URL(fileURLWithPath: $0, isDirectory: true) }
                ?? home.appendingPathComponent("AppData/Roaming", isDirectory: true)
        }
    }

    /// VS Code's user folder (`Code/User` under `applicationSupport`).
    public var vsCodeUserDirectory: URL {
        applicationSupport.appendingPathComponent("Code/User", isDirectory: true)
    }

    /// `home` joined with a relative path.
    public func inHome(_ relativePath: String) -> URL {
        home.appendingPathComponent(relativePath)
    }

    private func nonEmpty(_ name: String) -> String? {
        guard let value = environment[name], !value.isEmpty else { return nil }
        return value
    }
}
