/// The table of proxied tool names: exposed `<prefix>__<tool>` → (server, original tool).
///
/// Exposed names match `^[a-zA-Z0-9_-]{1,64}$`: other characters become `_`, names that
/// are too long are cut and end in a short hash of the full name, and a collision gets a
/// `_2`, `_3`… suffix. Nothing here is ever fatal, and calls are routed through the table,
/// never by splitting names. A server that re-lists its tools keeps the exposed names of
/// the tools it still has.
public struct ToolNamespace: Sendable, Hashable {
    /// Where an exposed name leads.
    public struct Route: Sendable, Hashable {
        /// The server (catalog entry id).
        public var serverID: String
        /// The tool's name on that server.
        public var toolName: String

        public init(serverID: String, toolName: String) {
            self.serverID = serverID
            self.toolName = toolName
        }
    }

    /// Longest exposed name.
    public static let maxLength = 64
    /// Longest prefix.
    public static let maxPrefixLength = 24
    /// Between prefix and tool name.
    public static let separator = "__"

    private var routes: [String: Route] = [:]
    private var byServer: [String: [String: String]] = [:]

    public init() {}

    /// A prefix made safe: allowed characters only, runs of `_` collapsed, at most 24
    /// characters, never empty (`io.github/Weather MCP` → `Weather_MCP`).
    public static func sanitizePrefix(_ raw: String) -> String {
        let last = raw.split(separator: "/").last.map(String.init) ?? raw
        var text = sanitize(last)
        while text.contains("__") { text = text.replacingOccurrences(of: "__", with: "_") }
        text = String(text.trimmingCharacters(in: ["_", "-"]).prefix(maxPrefixLength)).trimmingCharacters(in: ["_", "-"])
        return text.isEmpty ? "server" : text
    }

    /// Replaces every character outside `[a-zA-Z0-9_-]` with `_`.
    public static func sanitize(_ text: String) -> String {
        String(text.map { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == "-") ? $0 : "_" })
    }

    /// Whether a name is a valid exposed name.
    public static func isValid(_ name: String) -> Bool {
        !name.isEmpty && name.count <= maxLength && name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == "-") }
    }

    /// Registers (or re-registers) a server's tools under `prefix`; returns original →
    /// exposed name. Tools the server no longer lists are dropped from the table.
    @discardableResult
    public mutating func register(serverID: String, prefix: String, tools: [String]) -> [String: String] {
        let previous = byServer[serverID] ?? [:]
        for (original, exposed) in previous where !tools.contains(original) {
            routes[exposed] = nil
        }
        var mapping: [String: String] = [:]
        for tool in tools where mapping[tool] == nil {
            if let kept = previous[tool], routes[kept] == Route(serverID: serverID, toolName: tool) {
                mapping[tool] = kept
                continue
            }
            let exposed = unique(Self.compose(prefix: prefix, tool: tool))
            routes[exposed] = Route(serverID: serverID, toolName: tool)
            mapping[tool] = exposed
        }
        byServer[serverID] = mapping
        return mapping
    }

    /// Drops every tool of a server.
    public mutating func removeServer(_ serverID: String) {
        for exposed in (byServer[serverID] ?? [:]).values { routes[exposed] = nil }
        byServer[serverID] = nil
    }

    /// Where an exposed name leads.
    public func route(for exposedName: String) -> Route? { routes[exposedName] }

    /// The exposed name of a server's tool.
    public func exposedName(serverID: String, tool: String) -> String? { byServer[serverID]?[tool] }

    /// A server's original → exposed names.
    public func names(for serverID: String) -> [String: String] { byServer[serverID] ?? [:] }

    /// Every exposed name.
    public var exposedNames: [String] { routes.keys.sorted() }

    /// `prefix__tool`, sanitised and cut to 64 characters with a hash when needed.
    static func compose(prefix: String, tool: String) -> String {
        let full = sanitizePrefix(prefix) + separator + sanitize(tool.isEmpty ? "tool" : tool)
        guard full.count > maxLength else { return full }
        let hash = shortHash(prefix + separator + tool)
        return String(full.prefix(maxLength - hash.count - 1)) + "_" + hash
    }

    private func unique(_ name: String) -> String {
        guard routes[name] != nil else { return name }
        var counter = 2
        while true {
            let suffix = "_\(counter)"
            let candidate = String(name.prefix(Self.maxLength - suffix.count)) + suffix
            if routes[candidate] == nil { return candidate }
            counter += 1
        }
    }

    /// Six hex digits of FNV-1a: stable across runs and platforms.
    static func shortHash(_ text: String) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01b3
        }
        let hex = String(hash & 0xFF_FFFF, radix: 16)
        return String(repeating: "0", count: 6 - hex.count) + hex
    }
}
