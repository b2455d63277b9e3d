/// The OCI distribution reference grammar for container image references
/// (`[domain/]path[:tag][@digest]`), as github.com/distribution/reference defines it:
///
/// ```
/// reference        := name [ ":" tag ] [ "@" digest ]
/// name             := [domain '/'] remote-name            (at most 255 characters)
/// domain           := host [':' port-number]
/// host             := domain-name | '[' IPv6address ']'
/// domain-component := /([a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])/
/// path-component   := alpha-numeric [separator alpha-numeric]*
/// alpha-numeric    := /[a-z0-9]+/
/// separator        := /[_.]|__|[-]*/
/// tag              := /[\w][\w.-]{0,127}/
/// digest           := algorithm ":" /[0-9a-fA-F]{32,}/
/// algorithm        := /[A-Za-z][A-Za-z0-9]*/ ([+._-] /[A-Za-z][A-Za-z0-9]*/)*
/// ```
///
/// The first `/`-separated component is the domain when it holds a `.` or `:`, is
/// `localhost`, or has an upper-case letter (Docker's rule). Pure: no I/O.
public enum ImageReferenceGrammar {
    /// Which rule a reference breaks (the raw value is a short code for status and logs).
    public enum Violation: String, Error, Sendable, Hashable {
        case empty
        /// The name part is longer than 255 characters (or the whole text is absurdly long).
        case tooLong = "too-long"
        /// A character no part of the grammar allows (white space, `;`, `$`, a control character…).
        case invalidCharacter = "invalid-character"
        /// The registry host or port is malformed.
        case invalidDomain = "invalid-domain"
        /// A repository path component is empty or malformed (a leading `-`, `..`, upper case…).
        case invalidPathComponent = "invalid-path-component"
        case invalidTag = "invalid-tag"
        case invalidDigest = "invalid-digest"
    }

    /// A reference split into its parts.
    public struct Components: Sendable, Hashable {
        /// `ghcr.io`, `localhost:5000`; `nil` for a Docker Hub short name.
        public var domain: String?
        /// `mcp/grafana`, `library/alpine`.
        public var path: String
        public var tag: String?
        /// `sha256:…`.
        public var digest: String?
    }

    /// Parses `reference`, or throws the first rule it breaks.
    public static func parse(_ reference: String) throws(Violation) -> Components {
        guard !reference.isEmpty else { throw .empty }
        guard reference.utf8.count <= 1024 else { throw .tooLong }
        let bytes = Array(reference.utf8)
        guard bytes.allSatisfy(isReferenceByte) else { throw .invalidCharacter }

        var rest = bytes[...]
        var digest: String?
        if let at = rest.firstIndex(of: UInt8(ascii: "@")) {
            let text = rest[(at + 1)...]
            guard isDigest(text) else { throw .invalidDigest }
            digest = String(decoding: text, as: UTF8.self)
            rest = rest[..<at]
        }
        var tag: String?
        let lastSlash = rest.lastIndex(of: UInt8(ascii: "/"))
        if let colon = rest.lastIndex(of: UInt8(ascii: ":")), lastSlash.map({ colon > $0 }) ?? true {
            let text = rest[(colon + 1)...]
            guard isTag(text) else { throw .invalidTag }
            tag = String(decoding: text, as: UTF8.self)
            rest = rest[..<colon]
        }
        guard !rest.isEmpty else { throw .invalidPathComponent }
        guard rest.count <= 255 else { throw .tooLong }

        var components = rest.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false)
        var domain: String?
        if components.count > 1, let first = components.first, looksLikeDomain(first) {
            guard isDomain(first) else { throw .invalidDomain }
            domain = String(decoding: first, as: UTF8.self)
            components.removeFirst()
        }
        for component in components where !isPathComponent(component) { throw .invalidPathComponent }
        let path = components.map { String(decoding: $0, as: UTF8.self) }.joined(separator: "/")
        return Components(domain: domain, path: path, tag: tag, digest: digest)
    }

    /// The rule `reference` breaks, or `nil` when it is valid.
    public static func violation(in reference: String) -> Violation? {
        do {
            _ = try parse(reference)
            return nil
        } catch {
            return error
        }
    }

    // MARK: - Rules

    private static func isAlphanumericLower(_ byte: UInt8) -> Bool {
        (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x30 && byte <= 0x39)
    }

    private static func isAlphanumeric(_ byte: UInt8) -> Bool {
        isAlphanumericLower(byte) || (byte >= 0x41 && byte <= 0x5A)
    }

    private static func isReferenceByte(_ byte: UInt8) -> Bool {
        isAlphanumeric(byte) || ".-_:/@+[]".utf8.contains(byte)
    }

    private static func looksLikeDomain(_ component: ArraySlice<UInt8>) -> Bool {
        component.contains(UInt8(ascii: ".")) || component.contains(UInt8(ascii: ":"))
            || component.elementsEqual("localhost".utf8) || component.contains(where: { $0 >= 0x41 && $0 <= 0x5A })
    }

    /// `host[:port]`, the host a dotted name or a bracketed IPv6 address.
    private static func isDomain(_ text: ArraySlice<UInt8>) -> Bool {
        var host = text
        if host.first == UInt8(ascii: "[") {
            guard let close = host.firstIndex(of: UInt8(ascii: "]")) else { return false }
            let inner = host[(host.startIndex + 1)..<close]
            guard !inner.isEmpty, inner.allSatisfy({ isHex($0) || $0 == UInt8(ascii: ":") }) else { return false }
            let after = host[(close + 1)...]
            if after.isEmpty { return true }
            guard after.first == UInt8(ascii: ":") else { return false }
            return isPort(after.dropFirst())
        }
        if let colon = host.firstIndex(of: UInt8(ascii: ":")) {
            guard isPort(host[(colon + 1)...]) else { return false }
            host = host[..<colon]
        }
        let labels = host.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
        return !labels.isEmpty && labels.allSatisfy { label in
            guard let first = label.first, let last = label.last, isAlphanumeric(first), isAlphanumeric(last) else { return false }
            return label.allSatisfy { isAlphanumeric($0) || $0 == UInt8(ascii: "-") }
        }
    }

    private static func isPort(_ text: ArraySlice<UInt8>) -> Bool {
        !text.isEmpty && text.count <= 5 && text.allSatisfy { $0 >= 0x30 && $0 <= 0x39 }
    }

    private static func isHex(_ byte: UInt8) -> Bool {
        (byte >= 0x30 && byte <= 0x39) || (byte >= 0x61 && byte <= 0x66) || (byte >= 0x41 && byte <= 0x46)
    }

    /// `alpha-numeric [separator alpha-numeric]*`, separators `.`, `_`, `__` or any run of `-`.
    private static func isPathComponent(_ text: ArraySlice<UInt8>) -> Bool {
        guard let first = text.first, let last = text.last, isAlphanumericLower(first), isAlphanumericLower(last) else { return false }
        var index = text.startIndex
        while index < text.endIndex {
            if isAlphanumericLower(text[index]) { index += 1; continue }
            // A separator run; the component ends in an alphanumeric, so one follows it.
            let run = text[index...].prefix { !isAlphanumericLower($0) }
            let dashes = run.allSatisfy { $0 == UInt8(ascii: "-") }
            guard dashes || run.elementsEqual(".".utf8) || run.elementsEqual("_".utf8) || run.elementsEqual("__".utf8) else {
                return false
            }
            index += run.count
        }
        return true
    }

    private static func isTag(_ text: ArraySlice<UInt8>) -> Bool {
        guard let first = text.first, text.count <= 128, isAlphanumeric(first) || first == UInt8(ascii: "_") else { return false }
        return text.allSatisfy { isAlphanumeric($0) || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "-") }
    }

    private static func isDigest(_ text: ArraySlice<UInt8>) -> Bool {
        guard let colon = text.firstIndex(of: UInt8(ascii: ":")) else { return false }
        let algorithm = text[..<colon]
        let hex = text[(colon + 1)...]
        guard hex.count >= 32, hex.allSatisfy(isHex) else { return false }
        let parts = algorithm.split(omittingEmptySubsequences: false) { "+._-".utf8.contains($0) }
        return !parts.isEmpty && parts.allSatisfy { part in
            guard let first = part.first, (first >= 0x41 && first <= 0x5A) || (first >= 0x61 && first <= 0x7A) else { return false }
            return part.allSatisfy(isAlphanumeric)
        }
    }
}
