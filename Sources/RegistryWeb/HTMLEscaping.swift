import Foundation

/// Escaping for text placed in HTML (element content and double- or single-quoted
/// attribute values). Everything that comes from the store is publisher-controlled and
/// passes through here before it reaches a page.
public enum HTMLEscaping {
    /// `&`, `<`, `>`, `"` and `'` as character references; NUL and other C0 controls but tab,
    /// line feed and carriage return are dropped (the HTML spec makes them parse errors).
    public static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            case "\t", "\n", "\r": out.unicodeScalars.append(scalar)
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F { continue }
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// `url` when it is an absolute `http:` or `https:` URL with a host and no whitespace or
    /// control characters, else nil: `javascript:`, `data:`, `vbscript:`, protocol-relative
    /// and relative links are refused (a publisher's link must never run script or point
    /// into this registry's own origin).
    public static func safeLink(_ url: String) -> String? {
        let trimmed = url.trimmingCharacters(in: .whitespaces)
        guard trimmed.count <= 2_048,
            !trimmed.unicodeScalars.contains(where: { $0.value <= 0x20 || $0.value == 0x7F || $0 == "\\" })
        else { return nil }
        let lower = trimmed.lowercased()
        let rest: Substring
        if lower.hasPrefix("https://") {
            rest = trimmed.dropFirst(8)
        } else if lower.hasPrefix("http://") {
            rest = trimmed.dropFirst(7)
        } else {
            return nil
        }
        guard let first = rest.first, first != "/", first != "?", first != "#" else { return nil }
        return trimmed
    }
}
