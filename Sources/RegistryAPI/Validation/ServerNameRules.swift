/// The official registry's rules for server names (`namespace/name`), from server.schema.json
/// (`^[a-zA-Z0-9.-]+/[a-zA-Z0-9._-]+$`, 3…200 characters) and the registry's own checks:
/// the namespace is reverse-DNS (dot-separated labels of letters, digits and hyphens, no
/// label empty or starting/ending with a hyphen), and no part is `.` or `..`.
public enum ServerNameRules {
    public static let minLength = 3
    public static let maxLength = 200

    /// Why `name` is not a valid server name, or nil when it is.
    public static func problem(_ name: String) -> String? {
        guard name.count >= minLength, name.count <= maxLength else {
            return "must be \(minLength)–\(maxLength) characters long"
        }
        let parts = name.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2 else {
            return "must be in format 'namespace/name' with exactly one forward slash"
        }
        guard isNamespace(String(parts[0])) else {
            return "namespace '\(parts[0])' must be in reverse-DNS format (e.g. io.github.user or com.example)"
        }
        guard isShortName(String(parts[1])) else {
            return "name '\(parts[1])' may contain only letters, digits, '.', '_' and '-'"
        }
        return nil
    }

    /// Dot-separated DNS labels (letters, digits, hyphens; not starting or ending with one).
    public static func isNamespace(_ text: String) -> Bool {
        let labels = text.split(separator: ".", omittingEmptySubsequences: false)
        guard !text.isEmpty, text.count <= 253 else { return false }
        return labels.allSatisfy { label in
            !label.isEmpty && label.count <= 63 && label.first != "-" && label.last != "-"
                && label.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }
        }
    }

    /// Letters, digits, `.`, `_`, `-`; not `.` or `..`.
    public static func isShortName(_ text: String) -> Bool {
        !text.isEmpty && text != "." && text != ".."
            && text.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "." || $0 == "_" || $0 == "-") }
    }
}
