import Foundation

/// Encodes a value substituted into a URL template for the component it lands in, so that
/// no value can move the request: it can never change the scheme, the userinfo, the host or
/// the port of the catalog's URL.
///
/// - scheme or userinfo: no substitution is allowed;
/// - host: one DNS label (letters, digits, inner `-`, at most 63 characters), never a `.`,
///   so a value can name a tenant's sub-domain but never another domain; only a value that
///   is the whole host (`https://{host}/mcp`, where the catalog leaves the host to the user)
///   may be a host name of several labels, still without a port or userinfo;
/// - port: digits only;
/// - path, query, fragment: percent-encoded, every character but the unreserved ones
///   (RFC 3986 `A-Z a-z 0-9 - . _ ~`); `.` and `..` as a whole value are refused.
///
/// The endpoint policy (`RemoteEndpointPolicy`) is then checked on the final URL.
enum URLValueEncoding {
    /// Where in a URL a value lands, judged from the text rendered before it.
    enum Component: Equatable {
        case scheme
        case userinfoOrHost
        case port
        case path
        case query
        case fragment
    }

    /// The component that text following `prefix` belongs to.
    static func component(after prefix: String) -> Component {
        guard let separator = prefix.range(of: "://") else { return .scheme }
        let rest = prefix[separator.upperBound...]
        if rest.contains("#") { return .fragment }
        if rest.contains("?") { return .query }
        if rest.contains("/") { return .path }
        let host = rest.split(separator: "@", omittingEmptySubsequences: false).last.map(String.init) ?? ""
        if host.contains(":"), !host.hasPrefix("[") { return .port }
        return .userinfoOrHost
    }

    /// The value encoded for where it lands, between the text rendered before it (`prefix`)
    /// and the template text after it (`suffix`).
    /// - Throws: `RemoteConnectorError.invalidValue` when the value cannot stand there.
    static func encode(_ value: String, between prefix: String, and suffix: String, field: String) throws -> String {
        switch component(after: prefix) {
        case .scheme:
            throw RemoteConnectorError.invalidValue(field: field, reason: "a value cannot be part of the URL's scheme")
        case .userinfoOrHost:
            if value.isEmpty { return value }
            let wholeHost = (prefix.hasSuffix("://") || prefix.hasSuffix("@")) && (suffix.isEmpty || "/?#:".contains(suffix.first!))
            let labels = value.split(separator: ".", omittingEmptySubsequences: false)
            guard (wholeHost || labels.count == 1), labels.allSatisfy(isDNSLabel) else {
                throw RemoteConnectorError.invalidValue(
                    field: field,
                    reason: "\(value.debugDescription) is not a DNS label (letters, digits and '-' only), so it cannot be part of the host")
            }
            return value.lowercased()
        case .port:
            guard value.allSatisfy(\.isASCII), value.allSatisfy(\.isNumber), value.count <= 5 else {
                throw RemoteConnectorError.invalidValue(field: field, reason: "\(value.debugDescription) is not a port number")
            }
            return value
        case .path, .query, .fragment:
            if value == "." || value == ".." {
                throw RemoteConnectorError.invalidValue(field: field, reason: "\(value.debugDescription) cannot be a path segment")
            }
            return value.addingPercentEncoding(withAllowedCharacters: unreserved) ?? ""
        }
    }

    static let unreserved = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")

    static func isDNSLabel(_ label: Substring) -> Bool {
        guard (1...63).contains(label.count), label.first != "-", label.last != "-" else { return false }
        return label.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }
    }
}
