/// Which of two versions of a server is the later one, by the official registry's rules
/// (modelcontextprotocol/registry `internal/service/versioning.go`):
/// both semantic versions (`MAJOR.MINOR.PATCH[-prerelease]`) compare as semver (a release
/// above its prereleases, prereleases compared as text); a semantic version is always above
/// a non-semantic one; two non-semantic versions compare by publish time.
public enum ServerVersionOrder {
    /// Whether `version` is `MAJOR.MINOR.PATCH` with an optional `-prerelease` of letters,
    /// digits, dots and hyphens.
    public static func isSemantic(_ version: String) -> Bool {
        parse(version) != nil
    }

    /// -1, 0 or 1 as `a` is before, the same as, or after `b`.
    public static func compare(_ a: String, publishedAt aTime: Int64, _ b: String, publishedAt bTime: Int64) -> Int {
        switch (parse(a), parse(b)) {
        case let (left?, right?):
            if left.core != right.core { return left.core.lexicographicallyPrecedes(right.core) ? -1 : 1 }
            switch (left.prerelease, right.prerelease) {
            case (nil, nil): return 0
            case (nil, _): return 1
            case (_, nil): return -1
            case let (l?, r?): return l == r ? 0 : (l < r ? -1 : 1)
            }
        case (.some, nil): return 1
        case (nil, .some): return -1
        case (nil, nil): return aTime == bTime ? 0 : (aTime < bTime ? -1 : 1)
        }
    }

    private static func parse(_ version: String) -> (core: [Int], prerelease: String?)? {
        let parts = version.split(separator: "-", maxSplits: 1, omittingEmptySubsequences: false)
        let numbers = parts[0].split(separator: ".", omittingEmptySubsequences: false)
        guard numbers.count == 3 else { return nil }
        var core: [Int] = []
        for number in numbers {
            guard !number.isEmpty, number.allSatisfy(\.isASCII), let value = Int(number) else { return nil }
            core.append(value)
        }
        guard parts.count == 2 else { return (core, nil) }
        let prerelease = parts[1]
        guard !prerelease.isEmpty, prerelease.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "." || $0 == "-") }) else {
            return nil
        }
        return (core, String(prerelease))
    }
}
