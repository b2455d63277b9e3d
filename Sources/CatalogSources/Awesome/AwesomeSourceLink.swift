import Foundation

/// The `([Source](https://github.com/owner/repo/blob/…))` link awesome lists add when an
/// item's main link is a product page: its repository becomes the entry's repository URL,
/// and the `(Source)` mention leaves the description.
enum AwesomeSourceLink {
    /// The repository (`https://github.com/owner/repo`) a `[Source](…)` link points into,
    /// when the link is on a code host; `nil` otherwise.
    static func find(in markdown: String) -> String? {
        guard let label = markdown.range(of: "[Source](", options: .caseInsensitive) else { return nil }
        let rest = markdown[label.upperBound...]
        guard let close = rest.firstIndex(of: ")") else { return nil }
        let link = String(rest[..<close])
        guard let url = URL(string: link), let host = url.host?.lowercased(),
              ["github.com", "gitlab.com", "codeberg.org", "bitbucket.org"].contains(host) else { return nil }
        let parts = url.path.split(separator: "/").prefix(2)
        guard parts.count == 2 else { return nil }
        return "https://\(host)/\(parts[0])/\(parts[1])"
    }

    /// The description without its `(Source)` mention.
    static func removeMention(from text: String) -> String {
        var result = text
        for mention in ["([Source])", "(Source)", "[Source]"] {
            result = result.replacingOccurrences(of: mention, with: "", options: .caseInsensitive)
        }
        return result.trimmingCharacters(in: .whitespaces)
    }
}
