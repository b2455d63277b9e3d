import Foundation
import RegistryCore

/// The non-secret configuration values per entry (`serverConfig` in the settings file,
/// `~/.config/mcp-registry/config.json`).
///
/// Edits only the `serverConfig` member of the file and keeps everything else in it as it
/// was; writes are atomic. A missing file reads as empty; a corrupt one is an error rather
/// than overwritten.
public struct ServerConfigStore: Sendable {
    /// The settings file.
    public let settingsFile: URL

    public init(settingsFile: URL) {
        self.settingsFile = settingsFile
    }

    public init(paths: RegistryPaths) {
        self.init(settingsFile: paths.settingsFile)
    }

    /// Every entry's values.
    public func all() throws -> [String: [String: JSONValue]] {
        let root = try load()
        guard let object = root["serverConfig"]?.objectValue else { return [:] }
        return object.compactMapValues(\.objectValue)
    }

    /// The values stored for an entry (empty when none).
    public func values(for entryID: String) throws -> [String: JSONValue] {
        let all = try all()
        if let exact = all[entryID] { return exact }
        let key = EntryID.lookupKey(entryID)
        return all.first { EntryID.lookupKey($0.key) == key }?.value ?? [:]
    }

    /// Merges `values` into the entry's values; a `null` value removes that key.
    public func merge(_ values: [String: JSONValue], for entryID: String) throws {
        var current = try self.values(for: entryID)
        for (key, value) in values {
            if value == .null { current[key] = nil } else { current[key] = value }
        }
        try replace(current, for: entryID)
    }

    /// Replaces the entry's values (an empty dictionary removes the entry).
    public func replace(_ values: [String: JSONValue], for entryID: String) throws {
        var root = try load().objectValue ?? [:]
        var config = root["serverConfig"]?.objectValue ?? [:]
        // Keep the spelling the file already uses for this entry.
        let existing = config.keys.filter { EntryID.lookupKey($0) == EntryID.lookupKey(entryID) }
        let key = existing.first ?? entryID
        for old in existing { config[old] = nil }
        if !values.isEmpty { config[key] = .object(values) }
        root["serverConfig"] = .object(config)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        try AtomicFile.write(try encoder.encode(JSONValue.object(root)), to: settingsFile, mode: 0o600)
    }

    private func load() throws -> JSONValue {
        guard let data = FileManager.default.contents(atPath: settingsFile.path), !data.isEmpty else { return .object([:]) }
        do {
            let value = try JSONDecoder().decode(JSONValue.self, from: data)
            guard case .object = value else { throw ServerConfigStoreError.corrupt(settingsFile.path, "the top level is not an object") }
            return value
        } catch let error as ServerConfigStoreError {
            throw error
        } catch {
            throw ServerConfigStoreError.corrupt(settingsFile.path, "\(error)")
        }
    }
}

/// Why the settings file could not be used.
public enum ServerConfigStoreError: Error, Sendable, Hashable, CustomStringConvertible, LocalizedError {
    case corrupt(String, String)

    public var description: String {
        switch self {
        case .corrupt(let path, let detail): "The settings file \(path) is not valid JSON (\(detail)); fix or remove it."
        }
    }

    public var errorDescription: String? { description }
}
