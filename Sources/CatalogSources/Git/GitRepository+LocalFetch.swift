import CGit2
import Foundation

extension GitRepository {
    /// A fetch from a repository on this machine without libgit2's local transport, which
    /// would pack the new objects in this process, reading each blob whole (as a clone
    /// would, see `LocalUpstream`): the upstream's object files this clone lacks are copied
    /// (after the caps are checked on them), then the remote-tracking branches are set to
    /// the upstream's branches, and those gone upstream are pruned.
    ///
    /// Returns `false`, having changed no reference, when a branch names an object that is
    /// still not here (an upstream that borrows objects through alternates): the caller then
    /// fetches through libgit2. Throws a `GitError` naming the cap the copy would pass, or an
    /// object-database error when this clone's own checked-out commit is gone (a damaged
    /// clone, re-cloned rather than patched).
    func fetchLocal(_ upstream: LocalUpstream, into repo: OpaquePointer) throws -> Bool {
        guard let gitPath = git_repository_path(repo) else { return false }
        let ours = URL(fileURLWithPath: String(cString: gitPath), isDirectory: true).appendingPathComponent("objects", isDirectory: true)
        var head = git_oid()
        if git_reference_name_to_id(&head, repo, "HEAD") == 0, !Self.contains(repo, head) {
            throw GitError(operation: "fetch", url: url, message: "the checked-out commit's objects are missing",
                           errorClass: Int32(GIT_ERROR_ODB.rawValue))
        }
        let missing = upstream.missingFiles(in: ours)
        if let over = LocalUpstream.exceeded(missing, limits) {
            throw GitError(operation: "fetch", url: url, message: "refused: \(over)", limitExceeded: over)
        }
        try upstream.copy(missing, to: ours)

        var source: OpaquePointer?
        guard git_repository_open_ext(&source, upstream.root.path, GIT_REPOSITORY_OPEN_NO_SEARCH.rawValue, nil) == 0, let source else { return false }
        defer { git_repository_free(source) }
        let branches = Self.localBranches(source)
        guard !branches.isEmpty, branches.values.allSatisfy({ Self.contains(repo, $0) }) else { return false }

        let message = "fetch: object files copied from \(displayURL)"
        for (name, commit) in branches.sorted(by: { $0.key < $1.key }) {
            var reference: OpaquePointer?
            var oid = commit
            let code = git_reference_create(&reference, repo, "refs/remotes/origin/\(name)", &oid, 1, message)
            guard code == 0 else { throw GitError.last("fetch", url: url, code: code) }
            git_reference_free(reference)
        }
        for name in Self.remoteBranches(repo) where name != "HEAD" && branches[name] == nil {
            var reference: OpaquePointer?
            if git_reference_lookup(&reference, repo, "refs/remotes/origin/\(name)") == 0, let reference {
                _ = git_reference_delete(reference)
                git_reference_free(reference)
            }
        }
        if let defaultBranch = Self.headBranch(source), branches[defaultBranch] != nil {
            var reference: OpaquePointer?
            if git_reference_symbolic_create(&reference, repo, "refs/remotes/origin/HEAD", "refs/remotes/origin/\(defaultBranch)", 1, message) == 0 {
                git_reference_free(reference)
            }
        }
        if let progress {
            let objects = missing.reduce(0) { $0 + $1.objects }
            progress(GitTransferProgress(receivedObjects: objects, indexedObjects: objects, totalObjects: objects,
                                         receivedBytes: missing.reduce(0) { $0 + $1.bytes }))
        }
        return true
    }

    private static func contains(_ repo: OpaquePointer, _ oid: git_oid) -> Bool {
        var odb: OpaquePointer?
        guard git_repository_odb(&odb, repo) == 0, let odb else { return false }
        defer { git_odb_free(odb) }
        var oid = oid
        return git_odb_exists(odb, &oid) == 1
    }

    /// A repository's local branches and the commits they point at.
    private static func localBranches(_ repo: OpaquePointer) -> [String: git_oid] {
        branches(repo, GIT_BRANCH_LOCAL)
    }

    /// The names of `origin`'s remote-tracking branches (`main`, not `origin/main`).
    private static func remoteBranches(_ repo: OpaquePointer) -> [String] {
        branches(repo, GIT_BRANCH_REMOTE, symbolicToo: true).keys.compactMap { name in
            name.hasPrefix("origin/") ? String(name.dropFirst("origin/".count)) : nil
        }
    }

    private static func branches(_ repo: OpaquePointer, _ kind: git_branch_t, symbolicToo: Bool = false) -> [String: git_oid] {
        var iterator: OpaquePointer?
        guard git_branch_iterator_new(&iterator, repo, kind) == 0, let iterator else { return [:] }
        defer { git_branch_iterator_free(iterator) }
        var found: [String: git_oid] = [:]
        var reference: OpaquePointer?
        var type = kind
        while git_branch_next(&reference, &type, iterator) == 0, let current = reference {
            defer { git_reference_free(current) }
            var name: UnsafePointer<CChar>?
            guard git_branch_name(&name, current) == 0, let name else { continue }
            if let target = git_reference_target(current) {
                found[String(cString: name)] = target.pointee
            } else if symbolicToo {
                found[String(cString: name)] = git_oid()
            }
        }
        return found
    }

    /// The branch a repository's HEAD names, if it names one.
    private static func headBranch(_ repo: OpaquePointer) -> String? {
        var head: OpaquePointer?
        guard git_reference_lookup(&head, repo, "HEAD") == 0, let head else { return nil }
        defer { git_reference_free(head) }
        guard let target = git_reference_symbolic_target(head) else { return nil }
        let name = String(cString: target)
        return name.hasPrefix("refs/heads/") ? String(name.dropFirst("refs/heads/".count)) : nil
    }
}
