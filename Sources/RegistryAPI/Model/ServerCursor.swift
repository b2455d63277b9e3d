import Foundation

/// A position in the server list (ordered by name, then version): the last item of a page.
///
/// On the wire it is opaque: base64url (no padding) of `v1\n<name>\n<version>\n`. A cursor that
/// does not decode to that shape (a truncated one lacks the final newline) is refused (`nil`
/// from `init(token:)`), never guessed at.
public struct ServerCursor: Sendable, Equatable {
    public var name: String
    public var version: String

    public init(name: String, version: String) {
        self.name = name
        self.version = version
    }

    /// Decodes a cursor from `metadata.nextCursor`; nil when it is not one of ours.
    public init?(token: String) {
        guard token.count <= 1_024, token.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }), token.allSatisfy(\.isASCII) else { return nil }
        var base64 = token.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while base64.count % 4 != 0 { base64 += "=" }
        guard let data = Data(base64Encoded: base64), let text = String(data: data, encoding: .utf8) else { return nil }
        let parts = text.split(separator: "\n", omittingEmptySubsequences: false)
        guard parts.count == 4, parts[0] == "v1", !parts[1].isEmpty, !parts[2].isEmpty, parts[3].isEmpty,
            !text.contains("\0")
        else { return nil }
        self.name = String(parts[1])
        self.version = String(parts[2])
    }

    /// The opaque text for `metadata.nextCursor`.
    public var token: String {
        Data("v1\n\(name)\n\(version)\n".utf8).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }
}
