import Foundation

/// Which catalog entries are the same server, so search shows one result per server with
/// its alternatives instead of ten near-copies from a link list.
///
/// Entries join a group when they share, in this order of evidence: the repository
/// (normalised, monorepo sub-folders kept), the package or image identity or remote URL
/// (`CatalogMerger.matchKeys`), then the name (folded, generic words such as `mcp` and
/// `server` dropped: `mcp-server-fetch` re-uploads and `fetch-mcp` forks are one name).
/// Two rules keep groups honest:
/// - a repository shared by entries of different names (a monorepo listed by its root)
///   groups nothing;
/// - two groups that each hold a launchable entry never join: distinct runnable servers
///   (Docker's `notion` and `notion-remote`) stay distinct results.
public enum DuplicateGroups {
    /// For each entry, the index of its group's representative (any member; equal values
    /// mean the same server).
    /// - Parameter launchable: each entry's `isLaunchable`, when the caller has it already.
    public static func groups(of entries: [CatalogEntry], launchable known: [Bool]? = nil) -> [Int32] {
        var parent = (0..<entries.count).map { Int32($0) }
        var launchable = known ?? entries.map(\.isLaunchable)

        func root(_ index: Int32) -> Int32 {
            var node = index
            while parent[Int(node)] != node {
                parent[Int(node)] = parent[Int(parent[Int(node)])]
                node = parent[Int(node)]
            }
            return node
        }
        func join(_ a: Int32, _ b: Int32) {
            let ra = root(a), rb = root(b)
            guard ra != rb, !(launchable[Int(ra)] && launchable[Int(rb)]) else { return }
            let (low, high) = ra < rb ? (ra, rb) : (rb, ra)
            parent[Int(high)] = low
            launchable[Int(low)] = launchable[Int(low)] || launchable[Int(high)]
        }

        let names = entries.map(nameKey)
        // A repository listed under several names is a monorepo root: not an identity.
        var repositoryNames: [String: String?] = [:]
        var monorepos: Set<String> = []
        for (index, entry) in entries.enumerated() {
            guard let repository = RepositoryURL.normalized(entry.repositoryURL) else { continue }
            if let seen = repositoryNames[repository] {
                if seen != names[index] { monorepos.insert(repository) }
            } else {
                repositoryNames[repository] = names[index]
            }
        }

        var firstWithKey: [String: Int32] = [:]
        func link(_ key: String, _ index: Int) {
            if let first = firstWithKey[key] {
                join(first, Int32(index))
            } else {
                firstWithKey[key] = Int32(index)
            }
        }
        for (index, entry) in entries.enumerated() {
            for key in CatalogMerger.matchKeys(entry) {
                if key.hasPrefix("repo:"), monorepos.contains(String(key.dropFirst(5))) { continue }
                link(key, index)
            }
        }
        for (index, name) in names.enumerated() {
            if let name { link("name:" + name, index) }
        }
        return (0..<entries.count).map { root(Int32($0)) }
    }

    /// The name as search sees it: folded terms without generic words, joined by `-`;
    /// `nil` when nothing specific is left (`mcp-server`) or it is shorter than 3 letters.
    public static func nameKey(_ entry: CatalogEntry) -> String? {
        let terms = TextNormalizer.queryTerms(entry.name).filter { !TextNormalizer.stopWords.contains($0) }
        let key = terms.joined(separator: "-")
        return key.count >= 3 ? key : nil
    }
}
