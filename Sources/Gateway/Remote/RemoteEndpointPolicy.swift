import Foundation
import RegistryCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Which remote endpoints the registry may reach: `https` only, and never a loopback,
/// private, link-local or otherwise internal address, unless the user's settings allow it
/// (`remotes.allowInsecureHTTP`, `remotes.allowPrivateAddresses`).
///
/// The host is resolved and every address it resolves to is checked, so a public name that
/// points at `127.0.0.1` is refused like the literal address. Limits, stated plainly:
/// - The check runs before connecting; `URLSession` resolves the name again when it
///   connects, so a DNS answer that changes in between (rebinding) is not caught.
/// - swift-sdk's `HTTPClientTransport` builds its own `URLSession` without a delegate, and
///   that session follows HTTP redirects internally, unchecked. `RemoteRedirects` probes
///   the endpoint first and checks each redirect it answers with; a redirect the server
///   only gives to later requests is not caught.
public struct RemoteEndpointPolicy: Sendable {
    public var settings: RemoteSettings

    public init(settings: RemoteSettings) {
        self.settings = settings
    }

    /// Checks the URL's scheme and every address its host resolves to.
    /// - Throws: `RemoteConnectorError.refusedURL` saying which setting would allow it.
    public func check(_ url: URL) throws {
        let scheme = url.scheme?.lowercased() ?? ""
        switch scheme {
        case "https":
            break
        case "http":
            guard settings.allowInsecureHTTP else {
                throw RemoteConnectorError.refusedURL(
                    url: url.absoluteString,
                    reason: "it is plain http; only https is allowed unless remotes.allowInsecureHTTP is true in the settings")
            }
        default:
            throw RemoteConnectorError.refusedURL(url: url.absoluteString, reason: "only https (and, when allowed, http) URLs are supported")
        }
        guard var host = url.host, !host.isEmpty else {
            throw RemoteConnectorError.refusedURL(url: url.absoluteString, reason: "it has no host")
        }
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        if settings.allowPrivateAddresses { return }
        if host.lowercased() == "localhost" || host.lowercased().hasSuffix(".localhost") {
            throw refusal(url, host: host, kind: "loopback")
        }
        let addresses = try Self.resolve(host)
        guard !addresses.isEmpty else {
            throw RemoteConnectorError.refusedURL(url: url.absoluteString, reason: "\(host) does not resolve to any address")
        }
        for address in addresses {
            if let kind = Self.internalKind(address) { throw refusal(url, host: host, kind: kind, address: address.text) }
        }
    }

    private func refusal(_ url: URL, host: String, kind: String, address: String? = nil) -> RemoteConnectorError {
        let at = address.map { $0 == host ? "" : " (\($0))" } ?? ""
        return .refusedURL(
            url: url.absoluteString,
            reason: "\(host)\(at) is a \(kind) address; internal addresses are refused unless remotes.allowPrivateAddresses is true in the settings")
    }

    /// An address as bytes (4 for IPv4, 16 for IPv6) with its text.
    public struct Address: Sendable, Hashable {
        public var bytes: [UInt8]
        public var text: String
    }

    /// Every address `host` resolves to (an IP literal resolves to itself).
    public static func resolve(_ host: String) throws -> [Address] {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        #if canImport(Glibc)
            hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        #else
            hints.ai_socktype = SOCK_STREAM
        #endif
        var list: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(host, nil, &hints, &list)
        guard status == 0, let first = list else {
            let message = String(cString: gai_strerror(status))
            throw RemoteConnectorError.unreachable(host: host, reason: "cannot resolve the name (\(message))")
        }
        defer { freeaddrinfo(first) }
        var result: [Address] = []
        var cursor: UnsafeMutablePointer<addrinfo>? = first
        while let info = cursor {
            if let address = Self.address(info.pointee), !result.contains(address) { result.append(address) }
            cursor = info.pointee.ai_next
        }
        return result
    }

    private static func address(_ info: addrinfo) -> Address? {
        guard let sockaddr = info.ai_addr else { return nil }
        var buffer = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN) + 1)
        switch info.ai_family {
        case AF_INET:
            var raw = sockaddr.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { $0.pointee.sin_addr }
            let bytes = withUnsafeBytes(of: &raw) { Array($0) }
            inet_ntop(AF_INET, &raw, &buffer, socklen_t(buffer.count))
            return Address(bytes: bytes, text: text(buffer))
        case AF_INET6:
            var raw = sockaddr.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { $0.pointee.sin6_addr }
            let bytes = withUnsafeBytes(of: &raw) { Array($0) }
            inet_ntop(AF_INET6, &raw, &buffer, socklen_t(buffer.count))
            return Address(bytes: bytes, text: text(buffer))
        default:
            return nil
        }
    }

    private static func text(_ buffer: [CChar]) -> String {
        String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// What kind of internal address it is (`loopback`, `private`, `link-local`…), or
    /// `nil` for a public one.
    public static func internalKind(_ address: Address) -> String? {
        let b = address.bytes
        if b.count == 4 { return ipv4Kind(b) }
        guard b.count == 16 else { return "unknown" }
        if b[0..<15].allSatisfy({ $0 == 0 }) { return b[15] == 1 ? "loopback" : "unspecified" }
        // IPv4-mapped (::ffff:a.b.c.d) and IPv4-compatible forms carry an IPv4 address.
        if b[0..<10].allSatisfy({ $0 == 0 }), b[10] == 0xff, b[11] == 0xff { return ipv4Kind(Array(b[12..<16])) }
        if b[0] == 0x00, b[1] == 0x64, b[2] == 0xff, b[3] == 0x9b { return ipv4Kind(Array(b[12..<16])) }  // 64:ff9b::/96 NAT64
        if b[0] & 0xfe == 0xfc { return "private (unique local)" }
        if b[0] == 0xfe, b[1] & 0xc0 == 0x80 { return "link-local" }
        if b[0] == 0xfe, b[1] & 0xc0 == 0xc0 { return "site-local" }
        if b[0] == 0xff { return "multicast" }
        if b[0] == 0x20, b[1] == 0x01, b[2] == 0x0d, b[3] == 0xb8 { return "documentation" }
        return nil
    }

    static func ipv4Kind(_ b: [UInt8]) -> String? {
        switch (b[0], b[1]) {
        case (127, _): return "loopback"
        case (0, _): return "unspecified"
        case (10, _): return "private"
        case (172, 16...31): return "private"
        case (192, 168): return "private"
        case (169, 254): return "link-local"
        case (100, 64...127): return "shared (carrier-grade NAT)"
        case (198, 18...19): return "benchmarking"
        case (224...239, _): return "multicast"
        case (240...255, _): return "reserved"
        default: break
        }
        if b[0] == 192, b[1] == 0, b[2] == 0 { return "reserved (IETF)" }
        return nil
    }
}
