import ContainerRuntime
import Foundation
import MCP

/// What `registry-active` shows about one server. Names only, never secret values.
public struct ActiveServerInfo: Sendable, Hashable, Codable {
    public var entryID: String
    public var prefix: String
    /// `container`, `remote`, `package`.
    public var kind: String
    /// `starting`, `running`, `restarting`, `idle`, `failed`.
    public var status: String
    public var containerName: String?
    /// The container id (12 characters), once known.
    public var containerID: String?
    public var image: String?
    public var url: String?
    /// When the current child started.
    public var startedAt: Date?
    /// Seconds since the current child started.
    public var uptime: Double?
    /// The exposed tool names.
    public var tools: [String]
    /// How many tools are exposed.
    public var toolCount: Int
    public var resourceCount: Int
    public var promptCount: Int
    /// How many times the child was restarted after it died.
    public var restarts: Int
    public var lastError: String?
    /// Plain environment variable names.
    public var environmentNames: [String]
    /// Secret names (never values).
    public var secretNames: [String]
    /// What is happening while it starts (`building the image for npm pkg@1.2.3: STEP 3/7…`).
    public var progress: String? = nil
    /// What the child did wrong on its connection (malformed lines, unsolicited responses,
    /// a notification flood, calls that timed out, …); `nil` when nothing.
    public var faults: ChildFaults? = nil
}

/// The result of activating a server.
public struct Activation: Sendable, Hashable {
    public var entryID: String
    public var prefix: String
    /// The proxied tools with their exposed names and the child's schemas verbatim.
    public var tools: [Tool]
    /// The child's name and version from the handshake.
    public var serverName: String?
    public var serverVersion: String?
    public var instructions: String?
    public var resourceCount: Int
    public var promptCount: Int
    /// Where it runs.
    public var summary: ChildSummary
    /// It was already active; nothing was started.
    public var alreadyActive: Bool
    /// Seconds from the call to tools listed.
    public var elapsed: Double
}

/// What `remove` did.
public struct Removal: Sendable, Hashable, Codable {
    public var entryID: String
    public var prefix: String
    /// The exposed tool names that were dropped.
    public var removedTools: [String]
    public var containerName: String?
    /// The engine no longer knows the container (always true for non-containers).
    public var confirmedGone: Bool
}

/// A server to bring back when the registry starts again.
public struct ActiveServerRecord: Sendable, Hashable, Codable {
    public var entryID: String
    public var prefix: String
    /// The tool allow-list given at activation, if any.
    public var toolFilter: [String]?

    public init(entryID: String, prefix: String, toolFilter: [String]? = nil) {
        self.entryID = entryID
        self.prefix = prefix
        self.toolFilter = toolFilter
    }
}

/// What `setConfiguration` stored (names only, never values).
public struct ConfigurationUpdate: Sendable, Hashable, Codable {
    public var entryID: String
    /// Secrets written to the store.
    public var secretNames: [String]
    public var removedSecretNames: [String]
    /// Plain values written to the settings file.
    public var valueNames: [String]
    public var removedValueNames: [String]
    /// The server was active and was restarted to apply them.
    public var restarted: Bool
    /// What is still required and not set.
    public var stillMissing: [MissingValue]
}
