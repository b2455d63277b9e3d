import Foundation

/// Which version of a server an entry describes, with the facts the official registry
/// orders versions by (server.json `version`; `_meta` `isLatest` and `publishedAt`).
public struct ServerRelease: Sendable, Hashable, Codable {
    /// The version as published (`1.7.3`, `2025.01.2`, `v2`).
    public var version: String
    /// The registry marks this version as the latest one.
    public var isLatest: Bool?
    /// When it was published (ISO 8601, as the registry writes it).
    public var publishedAt: String?
    /// The other versions of the same server the source listed, newest first.
    public var otherVersions: [String]

    public init(version: String, isLatest: Bool? = nil, publishedAt: String? = nil, otherVersions: [String] = []) {
        self.version = version
        self.isLatest = isLatest
        self.publishedAt = publishedAt
        self.otherVersions = otherVersions
    }

    /// Whether this release is newer than `other`, by the official registry's rules: a
    /// release marked `isLatest` wins; then semantic versions compare by precedence
    /// (semver.org §11: numbers numerically, a pre-release before its release); when either
    /// is not a semantic version, the later `publishedAt` wins; then the version text.
    public func isNewer(than other: ServerRelease) -> Bool {
        if (isLatest ?? false) != (other.isLatest ?? false) { return isLatest ?? false }
        if let mine = SemanticVersion(version), let theirs = SemanticVersion(other.version), mine != theirs {
            return theirs < mine
        }
        if let mine = publishedAt, let theirs = other.publishedAt, mine != theirs { return mine > theirs }
        return version.compare(other.version, options: .numeric) == .orderedDescending
    }
}

/// A semantic version (`1.2.3`, `1.2.3-rc.1`, an optional leading `v`; build metadata ignored).
public struct SemanticVersion: Sendable, Hashable, Comparable {
    public var core: [Int]
    public var preRelease: [String]

    public init?(_ text: String) {
        var text = Substring(text)
        if text.hasPrefix("v") || text.hasPrefix("V") { text = text.dropFirst() }
        if let plus = text.firstIndex(of: "+") { text = text[..<plus] }
        let parts = text.split(separator: "-", maxSplits: 1)
        guard let first = parts.first else { return nil }
        let numbers = first.split(separator: ".", omittingEmptySubsequences: false).map { Int($0) }
        guard numbers.count == 3, numbers.allSatisfy({ $0 != nil && $0! >= 0 }) else { return nil }
        core = numbers.map { $0! }
        preRelease = parts.count == 2 ? parts[1].split(separator: ".").map(String.init) : []
    }

    public static func < (lhs: SemanticVersion, rhs: SemanticVersion) -> Bool {
        if lhs.core != rhs.core { return lhs.core.lexicographicallyPrecedes(rhs.core) }
        if lhs.preRelease.isEmpty != rhs.preRelease.isEmpty { return !lhs.preRelease.isEmpty }
        for (a, b) in zip(lhs.preRelease, rhs.preRelease) where a != b {
            switch (Int(a), Int(b)) {
            case (let x?, let y?): return x < y
            case (.some, nil): return true
            case (nil, .some): return false
            default: return a < b
            }
        }
        return lhs.preRelease.count < rhs.preRelease.count
    }
}

extension CatalogEntry {
    /// Folds another document of the same server into this entry: the newer release
    /// (`ServerRelease.isNewer`) keeps the entry, the other is listed among its versions.
    /// Entries without a release are left as they are (the first stays).
    public func keepingNewerRelease(_ other: CatalogEntry) -> CatalogEntry {
        guard let mine = release, let theirs = other.release, mine.version != theirs.version else { return self }
        var (newer, older) = theirs.isNewer(than: mine) ? (other, self) : (self, other)
        var versions = (newer.release?.otherVersions ?? []) + [older.release!.version] + (older.release?.otherVersions ?? [])
        versions = versions.filter { $0 != newer.release!.version }
        var seen = Set<String>()
        versions = versions.filter { seen.insert($0).inserted }
        versions.sort { ServerRelease(version: $0).isNewer(than: ServerRelease(version: $1)) }
        newer.release?.otherVersions = versions
        for item in older.provenance where !newer.provenance.contains(item) { newer.provenance.append(item) }
        return newer
    }
}
