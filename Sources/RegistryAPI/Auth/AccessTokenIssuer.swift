import Crypto
import Foundation

/// Makes new bearer tokens and checks presented ones.
///
/// A token is `mcpr_` followed by 43 base62 characters (256 bits from the system's secure
/// random source). Only its SHA-256 hash is stored; the token itself is returned once, to
/// be printed once.
public enum AccessTokenIssuer {
    public static let prefix = "mcpr_"

    /// A new token and the record to store for it.
    /// - Parameters:
    ///   - namespace: the scope, checked by `validNamespacePattern`.
    ///   - lifetime: seconds until it expires; nil for never.
    public static func issue(namespace: String, permission: TokenPermission, description: String?, lifetime: Int64?, now: Int64) -> (token: String, record: AccessTokenRecord) {
        let token = prefix + randomBase62(count: 43)
        let record = AccessTokenRecord(
            id: "tok_" + randomBase62(count: 10),
            hash: hash(token),
            namespace: namespace,
            permission: permission,
            description: description,
            createdAt: now,
            expiresAt: lifetime.map { now + $0 * 1_000_000 }
        )
        return (token, record)
    }

    /// SHA-256 of the token's UTF-8 bytes, lowercase hex.
    public static func hash(_ token: String) -> String {
        SHA256.hash(data: Data(token.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    /// Whether `pattern` is a scope a token may have: `*`, `<namespace>/*` or
    /// `<namespace>/<name>`, the namespace in reverse-DNS form.
    public static func validNamespacePattern(_ pattern: String) -> Bool {
        if pattern == "*" { return true }
        let parts = pattern.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, ServerNameRules.isNamespace(String(parts[0])) else { return false }
        return parts[1] == "*" || ServerNameRules.isShortName(String(parts[1]))
    }

    /// Parses a lifetime like `90d`, `12h`, `30m`, `3600s` or `never` into seconds (nil for
    /// never). Throws nothing: returns `.invalid` for anything else.
    public static func parseLifetime(_ text: String) -> LifetimeParse {
        if text == "never" { return .never }
        guard let unit = text.last, let amount = Int64(text.dropLast()), amount > 0, amount < 100_000 else { return .invalid }
        switch unit {
        case "d": return .seconds(amount * 86_400)
        case "h": return .seconds(amount * 3_600)
        case "m": return .seconds(amount * 60)
        case "s": return .seconds(amount)
        default: return .invalid
        }
    }

    public enum LifetimeParse: Equatable, Sendable {
        case never
        case seconds(Int64)
        case invalid
    }

    private static func randomBase62(count: Int) -> String {
        let alphabet = Array("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
        var generator = SystemRandomNumberGenerator()
        return String((0..<count).map { _ in alphabet[Int(generator.next(upperBound: UInt64(alphabet.count)))] })
    }
}
