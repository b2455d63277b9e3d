import Foundation
import RegistryCore

/// Secrets at rest: one file of mode 0600 per secret in a folder of mode 0700
/// (`RegistryPaths.secretsDirectory`), written atomically. Values are never logged.
public struct SecretStore: Sendable {
    /// The folder holding the secret files.
    public let directory: URL

    public init(directory: URL) {
        self.directory = directory
    }

    public init(paths: RegistryPaths) {
        self.init(directory: paths.secretsDirectory)
    }

    /// Names are 1–128 characters of letters, digits, `.`, `_`, `-`, not starting with `.`
    /// or `-` (`grafana.api_key`, `GITHUB_TOKEN`).
    public static func isValidName(_ name: String) -> Bool {
        name.range(of: #"^[A-Za-z0-9_][A-Za-z0-9._-]{0,127}$"#, options: .regularExpression) != nil
    }

    /// Whether a secret with this name is stored.
    public func has(_ name: String) -> Bool {
        guard Self.isValidName(name) else { return false }
        return FileManager.default.fileExists(atPath: file(name).path)
    }

    /// The secret's value, or `nil` when it is not stored.
    public func get(_ name: String) throws -> String? {
        try validate(name)
        guard let data = FileManager.default.contents(atPath: file(name).path) else { return nil }
        return String(decoding: data, as: UTF8.self)
    }

    /// Stores a secret (replacing any previous value).
    public func set(_ name: String, _ value: String) throws {
        try validate(name)
        try prepareDirectory()
        try AtomicFile.write(Data(value.utf8), to: file(name), mode: 0o600)
        chmod(file(name).path, 0o600)
    }

    /// Removes a secret; removing an absent one is not an error.
    public func remove(_ name: String) throws {
        try validate(name)
        if FileManager.default.fileExists(atPath: file(name).path) {
            try FileManager.default.removeItem(at: file(name))
        }
    }

    /// The names of every stored secret, sorted.
    public func names() throws -> [String] {
        guard FileManager.default.fileExists(atPath: directory.path) else { return [] }
        return try FileManager.default.contentsOfDirectory(atPath: directory.path)
            .filter { !$0.hasPrefix(".") && Self.isValidName($0) }
            .sorted()
    }

    /// Values for the given names (absent names are left out).
    public func values(for names: [String]) throws -> [String: String] {
        var values: [String: String] = [:]
        for name in names {
            if let value = try get(name) { values[name] = value }
        }
        return values
    }

    private func file(_ name: String) -> URL { directory.appendingPathComponent(name, isDirectory: false) }

    private func validate(_ name: String) throws {
        guard Self.isValidName(name) else { throw SecretStoreError.invalidName(name) }
    }

    /// Creates the folder with mode 0700, or tightens an existing one.
    private func prepareDirectory() throws {
        if !FileManager.default.fileExists(atPath: directory.path) {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        }
        chmod(directory.path, 0o700)
    }
}

/// Why the secret store refused something (never holds a value).
public enum SecretStoreError: Error, Sendable, Hashable, CustomStringConvertible, LocalizedError {
    case invalidName(String)

    public var description: String {
        switch self {
        case .invalidName(let name):
            "\(name.debugDescription) is not a valid secret name (letters, digits, '.', '_', '-'; up to 128 characters)."
        }
    }

    public var errorDescription: String? { description }
}
