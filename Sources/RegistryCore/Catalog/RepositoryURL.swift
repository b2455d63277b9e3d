import Foundation

/// Normalises repository URLs so the same repository listed by several sources matches.
public enum RepositoryURL {
    /// `https://GitHub.com/Owner/Repo.git/` and `github.com/owner/repo/tree/main/src/x`
    /// become `github.com/owner/repo` (sub-folders of monorepos keep their path:
    /// `github.com/owner/repo/src/x`). Returns `nil` for something that is not a URL.
    public static func normalized(_ raw: String?) -> String? {
        guard var text = raw?.trimmingCharacters(in: .whitespacesAndNewlines), !text.isEmpty else { return nil }
        text = text.lowercased()
        for prefix in ["git+https://", "git+ssh://", "https://", "http://", "ssh://", "git://"] where text.hasPrefix(prefix) {
            text.removeFirst(prefix.count)
            break
        }
        if text.hasPrefix("git@") {
            text.removeFirst(4)
            text = text.replacingOccurrences(of: ":", with: "/", options: [], range: text.range(of: ":"))
        }
        if text.hasPrefix("www.") { text.removeFirst(4) }
        if let cut = text.firstIndex(where: { $0 == "?" || $0 == "#" }) { text = String(text[..<cut]) }
        var parts = text.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        guard let host = parts.first, host.contains(".") else { return nil }
        if parts.count >= 3 {
            if parts[2].hasSuffix(".git") { parts[2].removeLast(4) }
            if parts.count >= 5, parts[3] == "tree" || parts[3] == "blob" {
                // owner/repo/tree/<branch>/<path…> → owner/repo/<path…>
                parts = Array(parts[0..<3]) + Array(parts[5...])
            } else if parts.count > 3, ["tree", "blob", "issues", "pulls", "wiki", "releases"].contains(parts[3]) {
                parts = Array(parts[0..<3])
            }
        }
        return parts.joined(separator: "/")
    }
}
