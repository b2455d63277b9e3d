import Foundation
import RegistryCore

/// A catalog source as the service runs it: the source and its refresh policy.
public struct ManagedSource: Sendable {
    public var source: any CatalogSource
    /// Refresh when the last success is older than this (default 24 h).
    public var refreshInterval: TimeInterval
    /// Don't start a refresh sooner than this after the last attempt, unless forced (default 5 min).
    public var cooldown: TimeInterval

    /// Re-read at every start, even when background refresh is off (cheap local folders).
    public var refreshesAtStart: Bool

    public init(source: any CatalogSource, refreshInterval: TimeInterval = 24 * 3600, cooldown: TimeInterval = 300, refreshesAtStart: Bool = false) {
        self.source = source
        self.refreshesAtStart = refreshesAtStart
        self.refreshInterval = refreshInterval
        self.cooldown = cooldown
    }

    public var id: String { source.id }
}
