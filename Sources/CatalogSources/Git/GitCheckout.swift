import CGit2
import Foundation

/// Writes a commit's files into the clone's working folder, except blobs larger than
/// `GitTransferLimits.maxFileBytes`: libgit2's checkout reads each blob whole into memory
/// (`git_blob_lookup`), so one 30 MB file would cost 30 MB and more of resident memory
/// although no catalog format reads a file that large. Sizes come from the object headers
/// (`git_odb_read_header`), never from reading the blob.
///
/// The working folder is emptied first (all but `.git`), so a file deleted or grown over the
/// cap upstream never lingers from an older commit.
struct GitCheckout {
    typealias Skipped = GitSkippedFile

    let repo: OpaquePointer
    let workdir: URL
    let url: String
    let maxFileBytes: Int

    /// The files of `commit` over the cap, without writing anything.
    func oversized(_ commit: OpaquePointer) throws -> [Skipped] {
        try walk(commit).skipped
    }

    /// Checks out `commit` (a commit object); returns the files left out for their size.
    func write(_ commit: OpaquePointer) throws -> [Skipped] {
        let walk = try walk(commit)
        try emptyWorkdir()
        guard !walk.included.isEmpty else { return walk.skipped }
        var options = git_checkout_options()
        git_checkout_options_init(&options, UInt32(GIT_CHECKOUT_OPTIONS_VERSION))
        options.checkout_strategy = GIT_CHECKOUT_FORCE.rawValue | GIT_CHECKOUT_RECREATE_MISSING.rawValue
            | GIT_CHECKOUT_DISABLE_PATHSPEC_MATCH.rawValue
        var pointers = walk.included.map { strdup($0) }
        defer { pointers.forEach { free($0) } }
        let code = pointers.withUnsafeMutableBufferPointer { buffer in
            options.paths = git_strarray(strings: buffer.baseAddress, count: buffer.count)
            return git_checkout_tree(repo, commit, &options)
        }
        guard code == 0 else { throw GitError.last("checkout", url: url, code: code) }
        return walk.skipped
    }

    /// Every blob of the commit's tree, by whether it is within the cap.
    private func walk(_ commit: OpaquePointer) throws -> TreeWalk {
        var tree: OpaquePointer?
        var code = git_commit_tree(&tree, commit)
        guard code == 0, let tree else { throw GitError.last("checkout", url: url, code: code) }
        defer { git_tree_free(tree) }
        var odb: OpaquePointer?
        code = git_repository_odb(&odb, repo)
        guard code == 0, let odb else { throw GitError.last("checkout", url: url, code: code) }
        defer { git_odb_free(odb) }

        let walk = TreeWalk(odb: odb, maxFileBytes: maxFileBytes)
        code = withExtendedLifetime(walk) {
            git_tree_walk(tree, GIT_TREEWALK_PRE, { root, entry, payload in
                guard let entry, let payload else { return 0 }
                let walk = Unmanaged<TreeWalk>.fromOpaque(payload).takeUnretainedValue()
                guard git_tree_entry_type(entry) == GIT_OBJECT_BLOB else { return 0 }
                let path = (root.map { String(cString: $0) } ?? "") + String(cString: git_tree_entry_name(entry))
                var size = 0
                var type = GIT_OBJECT_INVALID
                guard git_odb_read_header(&size, &type, walk.odb, git_tree_entry_id(entry)) == 0 else {
                    walk.included.append(path) // checkout reports the missing object itself
                    return 0
                }
                if size > walk.maxFileBytes {
                    walk.skipped.append(Skipped(path: path, size: size))
                } else {
                    walk.included.append(path)
                }
                return 0
            }, Unmanaged.passUnretained(walk).toOpaque())
        }
        guard code == 0 else { throw GitError.last("checkout", url: url, code: code) }
        return walk
    }

    /// Removes everything in the working folder but `.git`.
    private func emptyWorkdir() throws {
        let fileManager = FileManager.default
        for name in try fileManager.contentsOfDirectory(atPath: workdir.path) where name != ".git" {
            try fileManager.removeItem(at: workdir.appendingPathComponent(name))
        }
    }
}

/// A file of the commit that was not checked out because its blob is over
/// `GitTransferLimits.maxFileBytes`: its path in the repository and its size in bytes.
public struct GitSkippedFile: Sendable, Hashable {
    public var path: String
    public var size: Int
}

/// The tree walk's state (a class: libgit2 calls back with a raw payload pointer).
private final class TreeWalk {
    let odb: OpaquePointer
    let maxFileBytes: Int
    var included: [String] = []
    var skipped: [GitCheckout.Skipped] = []

    init(odb: OpaquePointer, maxFileBytes: Int) {
        self.odb = odb
        self.maxFileBytes = maxFileBytes
    }
}
