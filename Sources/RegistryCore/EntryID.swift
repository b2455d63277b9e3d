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

    /// The form used to look ids up: lower-cased, trimmed.
    public static func lookupKey(_ id: String) -> String {
        id.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
    }
}
