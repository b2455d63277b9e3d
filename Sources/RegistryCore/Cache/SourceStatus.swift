import Foundation

/// What `registry-status` reports about one source; persisted so a restart knows what is fresh.
public struct SourceStatus: Sendable, Hashable, Codable {
    public var sourceID: String
    public var kind: String
    public var location: String
    public var enabled: Bool
    public var entryCount: Int
    public var lastAttempt: Date?
    public var lastSuccess: Date?
    public var lastError: String?
    public var revision: String?
    public var problems: [SourceProblem]
    public var counters: [String: Int]
    /// A refresh is running now.
    public var refreshing: Bool
    /// Progress text of a running refresh, when the source reports one.
    public var progress: String?

    public init(
        sourceID: String,
        kind: String,
        location: String,
        enabled: Bool = true,
        entryCount: Int = 0,
        lastAttempt: Date? = nil,
        lastSuccess: Date? = nil,
        lastError: String? = nil,
        revision: String? = nil,
        problems: [SourceProblem] = [],
        counters: [String: Int] = [:],
        refreshing: Bool = false,
        progress: String? = nil
    ) {
        self.sourceID = sourceID
        self.kind = kind
        self.location = location
        self.enabled = enabled
        self.entryCount = entryCount
        self.lastAttempt = lastAttempt
        self.lastSuccess = lastSuccess
        self.lastError = lastError
        self.revision = revision
        self.problems = problems
        self.counters = counters
        self.refreshing = refreshing
        self.progress = progress
    }
}
