import Foundation

/// Reads and writes the user's settings file (`config.json` under the config folder).
///
/// A missing file means defaults; a file that does not parse is an error and is never
/// overwritten, so a hand edit with a typo loses nothing.
public struct SettingsStore: Sendable {
    public let file: URL

    public init(file: URL) {
        self.file = file
    }

    public init(paths: RegistryPaths) {
        self.init(file: paths.settingsFile)
    }

    /// Why the settings could not be read.
    public struct ReadError: Error, CustomStringConvertible {
        public var path: String
        public var reason: String
        public var description: String { "cannot read settings \(path): \(reason); fix or move the file (it was left untouched)" }
    }

    /// The settings; defaults when the file does not exist.
    public func load() throws -> RegistrySettings {
        guard FileManager.default.fileExists(atPath: file.path) else { return RegistrySettings() }
        do {
            let data = try Data(contentsOf: file)
            if data.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) { return RegistrySettings() }
            return try JSONDecoder().decode(RegistrySettings.self, from: data)
        } catch {
            throw ReadError(path: file.path, reason: CatalogCache.describe(error))
        }
    }

    /// Writes the settings atomically (pretty-printed, keys sorted).
    public func save(_ settings: RegistrySettings) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        try AtomicFile.write(try encoder.encode(settings), to: file, mode: 0o600)
    }

    /// Loads, changes and saves in one step.
    public func update(_ change: (inout RegistrySettings) throws -> Void) throws {
        var settings = try load()
        try change(&settings)
        try save(settings)
    }
}
