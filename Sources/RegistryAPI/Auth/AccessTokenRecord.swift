/// What a bearer token may do, widest last: `publish` new versions, `edit` existing ones
/// (PUT, status), `admin` everything including DELETE.
public enum TokenPermission: String, Sendable, Codable, CaseIterable, Comparable {
    case publish
    case edit
    case admin

    private var rank: Int {
        switch self {
        case .publish: 0
        case .edit: 1
        case .admin: 2
        }
    }

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rank < rhs.rank }

    /// Whether a token with this permission may do `action`. `admin` may do everything;
    /// `publish` and `edit` may each publish and change status (as the spec's PATCH says);
    /// only `edit` and `admin` may replace a version, only `admin` may delete one.
    public func allows(_ action: TokenPermission) -> Bool {
        switch (self, action) {
        case (.admin, _): true
        case (.edit, .publish), (.edit, .edit): true
        case (.publish, .publish): true
        default: false
        }
    }
}

/// A stored access token: never the token itself, only its SHA-256 hash.
public struct AccessTokenRecord: Sendable, Equatable, Codable {
    /// A short public id (`tok_…`) for `token list` and `token revoke`.
    public var id: String
    /// SHA-256 of the token, lowercase hex.
    public var hash: String
    /// `com.acme/*` (every server in the namespace and its subdomains' namespaces),
    /// `com.acme/server` (one server), or `*` (everything).
    public var namespace: String
    public var permission: TokenPermission
    public var description: String?
    public var createdAt: Int64
    /// nil: never expires.
    public var expiresAt: Int64?
    public var revokedAt: Int64?

    public init(id: String, hash: String, namespace: String, permission: TokenPermission, description: String?, createdAt: Int64, expiresAt: Int64?, revokedAt: Int64? = nil) {
        self.id = id
        self.hash = hash
        self.namespace = namespace
        self.permission = permission
        self.description = description
        self.createdAt = createdAt
        self.expiresAt = expiresAt
        self.revokedAt = revokedAt
    }

    /// Usable at `now`: not revoked, not expired.
    public func isValid(at now: Int64) -> Bool {
        revokedAt == nil && (expiresAt.map { now < $0 } ?? true)
    }

    /// Whether the token's namespace pattern covers server `name`: `*` covers all; `ns/*`
    /// covers `ns/anything`; `ns/name` covers exactly that server. Comparison ignores case
    /// in the namespace part (DNS is case-insensitive).
    public func covers(serverName name: String) -> Bool {
        if namespace == "*" { return true }
        if namespace.hasSuffix("/*") {
            let prefix = namespace.dropLast(1).lowercased()
            return name.lowercased().hasPrefix(prefix) && name.count > prefix.count
        }
        return namespace.lowercased() == name.lowercased()
    }
}
