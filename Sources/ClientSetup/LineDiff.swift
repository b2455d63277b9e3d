import RegistryCore

/// A short line diff of a config change, for `--dry-run`: the changed lines with a
/// little context, `-` for removed and `+` for added lines. Edits the registry makes
/// are local, so trimming the common first and last lines finds them exactly.
public enum LineDiff {
    /// The diff of `before` → `after`; empty when they are equal.
    public static func render(before: String, after: String, context: Int = 2) -> String {
        guard before != after else { return "" }
        let old = lines(before)
        let new = lines(after)
        var prefix = 0
        while prefix < old.count, prefix < new.count, old[prefix] == new[prefix] { prefix += 1 }
        var suffix = 0
        while suffix < old.count - prefix, suffix < new.count - prefix, old[old.count - 1 - suffix] == new[new.count - 1 - suffix] {
            suffix += 1
        }
        let start = max(0, prefix - context)
        var out = ["@@ line \(start + 1) @@"]
        out += old[start..<prefix].map { "  " + $0 }
        out += old[prefix..<(old.count - suffix)].map { "- " + $0 }
        out += new[prefix..<(new.count - suffix)].map { "+ " + $0 }
        let tail = old.count - suffix
        out += old[tail..<min(old.count, tail + context)].map { "  " + $0 }
        return out.joined(separator: "\n")
    }

    private static func lines(_ text: String) -> [String] {
        text.splitAtLineFeeds().map { $0.hasSuffix("\r") ? String($0.dropLast()) : $0 }
    }
}
