import ContainerRuntime
import Foundation
import RegistryCore

/// Stored configuration and secrets for an entry, and what it still needs.
extension Gateway {
    /// Validates `values` against what the entry declares, stores secrets in the 0600 store
    /// and the rest in the settings file (`null` removes a value), and restarts the server
    /// if it is active so they apply. Throws `invalidConfiguration` (nothing stored) when a
    /// name or value does not fit.
    public func setConfiguration(entry: CatalogEntry, values: [String: JSONValue]) async throws -> ConfigurationUpdate {
        let validator = ConfigValidator(entry: entry)
        let classified = validator.classify(values)
        guard classified.isValid else { throw GatewayError.invalidConfiguration(entryID: entry.id, problems: classified.problems) }
        if !classified.secrets.isEmpty || !classified.removedSecrets.isEmpty {
            guard let secrets else { throw GatewayError.invalidConfiguration(entryID: entry.id, problems: [.noSecretStore]) }
            for (name, value) in classified.secrets { try secrets.set(name, value) }
            for name in classified.removedSecrets { try secrets.remove(name) }
        }
        if !classified.config.isEmpty {
            guard let configStore else { throw GatewayError.invalidConfiguration(entryID: entry.id, problems: [.noSettingsFile]) }
            try configStore.merge(classified.config, for: entry.id)
        }
        var restarted = false
        if let id = key(for: entry.id) {
            for (name, value) in classified.config { servers[id]?.config[name] = value == .null ? nil : value }
            for name in classified.removedSecrets { servers[id]?.secretOverrides[name] = nil }
            for (name, _) in classified.secrets { servers[id]?.secretOverrides[name] = nil }
            try await restart(id: id)
            restarted = true
        }
        return ConfigurationUpdate(
            entryID: entry.id,
            secretNames: classified.secretNames,
            removedSecretNames: classified.removedSecrets.sorted(),
            valueNames: classified.config.filter { $0.value != .null }.keys.sorted(),
            removedValueNames: classified.config.filter { $0.value == .null }.keys.sorted(),
            restarted: restarted,
            stillMissing: missingConfiguration(for: entry))
    }

    /// What `activate` would do with the entry and the configuration stored now.
    public func verdict(for entry: CatalogEntry) -> LaunchVerdict {
        let stored = (try? configStore?.values(for: entry.id)) ?? [:]
        return LaunchVerdict.judge(entry, config: stored, secrets: SecretSource(store: secrets), settings: settings, forbiddenPaths: forbiddenPaths)
    }

    /// `verdict(for:)` for several entries in one call (a search page); `nil` in, `nil` out.
    /// Reads the settings file and lists the secret store once for the whole page, and runs
    /// on the caller's executor (it touches no actor state).
    public nonisolated func verdicts(for entries: [CatalogEntry?]) -> [LaunchVerdict?] {
        let stored = storedConfiguration()
        let secretSource = SecretSource(store: secrets, listedNames: stored.secretNames)
        let settings = settingsNow.withLock { $0 }
        return entries.map { entry in
            entry.map { entry in
                LaunchVerdict.judge(
                    entry, config: stored.values(for: entry.id), secrets: secretSource, settings: settings, forbiddenPaths: forbiddenPaths)
            }
        }
    }

    /// What the entry still needs before it can start, from the stored values and secrets
    /// (declarations and stored values only; `verdict(for:)` also plans).
    public nonisolated func missingConfiguration(for entry: CatalogEntry) -> [MissingValue] {
        let stored = (try? configStore?.values(for: entry.id)) ?? [:]
        return ConfigValidator(entry: entry).missing(config: stored, secretNames: SecretSource(store: secrets).names())
    }
}
