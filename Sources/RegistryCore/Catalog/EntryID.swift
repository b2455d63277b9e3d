import Foundation

/// Building and comparing entry ids.
///
/// Ids are `<source id>/<upstream name>`, readable, stable across refreshes, and keep the
/// dots, `@` and capitals of upstream names; lookups ignore case.
public enum EntryID {
    /// The id of an entry that `sourceID` calls `upstream`.
    public static func make(sourceID: String, upstream: String) -> String {
        let cleaned = upstream
            .trimmingCharacters(in: .whitespacesAndNewlines)
            .split(whereSeparator: { $0.isWhitespace })
            .joined(separator: "-")
            .trimmingCharacters(in: CharacterSet(charactersIn: "/"))
        return "\(sourceID)/\(cleaned)"
    }

    /// The id percent-encoded for a place where it becomes part of a file name, a label value
    /// or a log field: every byte outside `A-Z a-z 0-9 . _ - @` (and `/` unless
    /// `keepingSlash` is false) as `%XX`. Ids are validated where their names enter
    /// (`UpstreamName`), so for them this changes nothing; it guarantees the place never gets
    /// raw text.
    public static func encoded(_ id: String, keepingSlash: Bool = true) -> String {
        var result = ""
        for byte in id.utf8 {
            let scalar = Unicode.Scalar(byte)
            if (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
                || ".-_@".unicodeScalars.contains(scalar) || (keepingSlash && byte == UInt8(ascii: "/")) {
                result.unicodeScalars.append(scalar)
            } else {
                result += "%" + String(byte, radix: 16, uppercase: true).leftPadded(to: 2)
            }
        }
        return result
    }

    /// The form used to look ids up: lower-cased, trimmed.
    public static func lookupKey(_ id: String) -> String {
        id.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
    }
}

private extension String {
    func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
