import ContainerRuntime
import Foundation
import RegistryCore

/// The user's stored configuration at one moment: every entry's plain values (the
/// settings file's `serverConfig`) and the names of the stored secrets (never their
/// values). Read once, it answers "what does this entry still need" for any number of
/// entries, so a page of search results costs one read of each store, not one per result.
public struct StoredConfiguration: Sendable {
    /// Values per entry id, as stored.
    public let values: [String: [String: JSONValue]]
    /// Secret names available.
    public let secretNames: Set<String>
    private let valuesByLookupKey: [String: [String: JSONValue]]

    public init(values: [String: [String: JSONValue]], secretNames: Set<String>) {
        self.values = values
        self.secretNames = secretNames
        var byKey: [String: [String: JSONValue]] = [:]
        for (id, stored) in values.sorted(by: { $0.key < $1.key }) where byKey[EntryID.lookupKey(id)] == nil {
            byKey[EntryID.lookupKey(id)] = stored
        }
        self.valuesByLookupKey = byKey
    }

    /// The values stored for an entry: under its id as written, else under any spelling
    /// of it (`EntryID.lookupKey`), as `ServerConfigStore.values(for:)` finds them.
    public func values(for entryID: String) -> [String: JSONValue] {
        values[entryID] ?? valuesByLookupKey[EntryID.lookupKey(entryID)] ?? [:]
    }

    /// Required values and secrets the entry still lacks.
    public func missing(for entry: CatalogEntry) -> [MissingValue] {
        ConfigValidator(entry: entry).missing(config: values(for: entry.id), secretNames: secretNames)
    }
}

extension Gateway {
    /// One read of the configuration and secret stores (an unreadable store reads as
    /// empty, as `missingConfiguration(for:)` treats it).
    public nonisolated func storedConfiguration() -> StoredConfiguration {
        StoredConfiguration(values: (try? configStore?.all()) ?? [:], secretNames: SecretSource(store: secrets).names())
    }
}
