import CGit2
import Foundation
import Logging
import RegistryCore
import Synchronization

/// A local clone of a remote git repository, kept up to date through libgit2.
///
/// The first `sync()` clones into `directory`; later ones fetch and move the checkout to the
/// fetched branch head (a fast-forward, or a hard reset when upstream history was rewritten).
/// A damaged clone (missing or broken `.git`, missing objects) or one of another URL is removed
/// and cloned again. Every libgit2 call runs on a dispatch queue, never on the cooperative pool.
public struct GitRepository: Sendable {
    /// Any URL libgit2 takes: `https://`, `ssh://`, `git@host:path`, `file://`.
    public var url: String
    /// The branch to follow; `nil` follows the remote's default branch.
    public var branch: String?
    /// Where the clone lives (`sources/<source-id>/`).
    public var directory: URL
    public var credentials: GitCredentials
    /// Receives clone/fetch transfer progress, when set.
    public var progress: GitProgressHandler?
    /// Caps on each clone or fetch (bytes, objects, time); over one, it stops with a
    /// `GitError` whose `limitExceeded` names the cap.
    public var limits: GitTransferLimits

    public init(url: String, branch: String? = nil, directory: URL, credentials: GitCredentials = GitCredentials(),
                progress: GitProgressHandler? = nil, limits: GitTransferLimits = .standard) {
        self.url = url
        self.branch = branch
        self.directory = directory
        self.credentials = credentials
        self.progress = progress
        self.limits = limits
    }

    /// What a `sync()` did.
    public enum Action: String, Sendable {
        /// First clone.
        case cloned
        /// A damaged clone (or one of another URL) was removed and cloned again.
        case recloned
        /// Nothing moved upstream.
        case upToDate
        /// Moved forward to the new upstream head.
        case fastForwarded
        /// Upstream history was rewritten: hard reset to the fetched head.
        case reset
    }

    /// The outcome of a `sync()`.
    public struct SyncResult: Sendable, Equatable {
        /// The checked-out commit (40 hex digits).
        public var commit: String
        /// The branch checked out.
        public var branch: String?
        public var action: Action
        /// Why a clone was redone, when it was.
        public var recloneReason: String?
        /// Files of the commit not checked out: over `GitTransferLimits.maxFileBytes`.
        public var skippedFiles: [GitSkippedFile] = []
    }

    /// The URL without credentials, for logs and status.
    public var displayURL: String { GitRedaction.redactURL(url) }

    /// Clones or fetches, then checks out the branch head. Throws `GitError` when the remote
    /// cannot be reached or the URL is bad; the clone on disk is then left as it was.
    public func sync() async throws -> SyncResult {
        let repository = self
        return try await BlockingWork.io.run { try repository.syncBlocking() }
    }

    /// The commit checked out now, without touching the network (`nil` when there is no
    /// usable clone).
    public func currentCommit() async -> String? {
        let repository = self
        return await BlockingWork.io.run { () -> String? in
            GitLibrary.initialize()
            guard let repo = try? repository.open() else { return nil }
            defer { git_repository_free(repo) }
            return try? repository.headCommit(repo)
        }
    }

    // MARK: - Blocking implementation

    private static let logger = Logger(label: "mcp-registry.git")

    func syncBlocking() throws -> SyncResult {
        GitLibrary.initialize()
        return try DirectoryLocks.shared.withLock(for: directory) { try syncHoldingFolderLock() }
    }

    private func syncHoldingFolderLock() throws -> SyncResult {
        let fileManager = FileManager.default
        guard fileManager.fileExists(atPath: directory.path) else {
            return try clone(action: .cloned, reason: nil)
        }
        let repo: OpaquePointer
        do {
            repo = try open()
        } catch let error as GitError {
            return try reclone(reason: "the clone at \(directory.path) cannot be opened (\(error.message))")
        }
        var repoToFree: OpaquePointer? = repo
        defer { if let repoToFree { git_repository_free(repoToFree) } }

        if let originURL = try? remoteURL(repo), originURL != url {
            git_repository_free(repo)
            repoToFree = nil
            return try reclone(reason: "the clone points at another URL")
        }
        do {
            return try update(repo)
        } catch let error as GitError where error.indicatesCorruptClone {
            git_repository_free(repo)
            repoToFree = nil
            return try reclone(reason: "the clone is damaged (\(error.message))")
        }
    }

    private func reclone(reason: String) throws -> SyncResult {
        Self.logger.warning("re-cloning", metadata: ["url": "\(displayURL)", "reason": "\(reason)"])
        return try clone(action: .recloned, reason: reason)
    }

    /// Clones into a temporary sibling folder, then swaps it into place, so a failed clone
    /// never leaves a half-written folder (and never destroys the last good one).
    private func clone(action: Action, reason: String?) throws -> SyncResult {
        let fileManager = FileManager.default
        let parent = directory.deletingLastPathComponent()
        try fileManager.createDirectory(at: parent, withIntermediateDirectories: true)
        let temp = parent.appendingPathComponent(".\(directory.lastPathComponent).clone-\(UUID().uuidString)", isDirectory: true)
        defer { try? fileManager.removeItem(at: temp) }

        var options = git_clone_options()
        git_clone_options_init(&options, UInt32(GIT_CLONE_OPTIONS_VERSION))
        let payload = GitCallbackPayload(credentials: credentials, url: url, progress: progress, limits: limits)
        payload.install(on: &options.fetch_opts.callbacks)
        var copied: GitTransferProgress?
        if let local = LocalUpstream(url: url) {
            // A repository on this machine: its object folder is copied (after the caps are
            // checked on it) instead of packed in this process by libgit2's local transport.
            let measured = local.measure(limits)
            if let over = measured.exceeded {
                throw GitError(operation: "clone", url: url, message: "refused: \(over)", limitExceeded: over)
            }
            options.local = GIT_CLONE_LOCAL_NO_LINKS
            copied = GitTransferProgress(receivedObjects: measured.objects, indexedObjects: measured.objects,
                                         totalObjects: measured.objects, receivedBytes: measured.bytes)
        } else {
            options.local = GIT_CLONE_NO_LOCAL
        }
        // The files are written by `GitCheckout`, which leaves out blobs over the file cap.
        options.checkout_opts.checkout_strategy = GIT_CHECKOUT_NONE.rawValue
        let branchCString = branch.map { strdup($0) } ?? nil
        defer { free(branchCString) }
        if let branchCString { options.checkout_branch = UnsafePointer(branchCString) }

        var repo: OpaquePointer?
        let code = withExtendedLifetime(payload) {
            GitSocketStream.withDeadline(payload.deadline) { git_clone(&repo, url, temp.path, &options) }
        }
        guard code == 0, let repo else { throw GitError.transfer("clone", url: url, code: code, payload: payload) }
        defer { git_repository_free(repo) }
        let commit = try headCommit(repo)
        let checkedOut = currentBranch(repo)
        let skipped = try withCommit(repo, commit) { try checkout(repo, workdir: temp).write($0) }
        // A copied object folder reports no transfer of its own: say it is all there.
        if let copied, let progress { progress(copied) }

        if fileManager.fileExists(atPath: directory.path) {
            try fileManager.removeItem(at: directory)
        }
        try fileManager.moveItem(at: temp, to: directory)
        Self.logger.info("cloned", metadata: ["url": "\(displayURL)", "commit": "\(commit)"])
        return SyncResult(commit: commit, branch: checkedOut, action: action, recloneReason: reason, skippedFiles: skipped)
    }

    private func checkout(_ repo: OpaquePointer, workdir: URL) -> GitCheckout {
        GitCheckout(repo: repo, workdir: workdir, url: url, maxFileBytes: limits.maxFileBytes)
    }

    /// Runs `body` with the commit object of `sha`.
    private func withCommit<T>(_ repo: OpaquePointer, _ sha: String, _ body: (OpaquePointer) throws -> T) throws -> T {
        var oid = git_oid()
        var code = git_oid_fromstr(&oid, sha)
        guard code == 0 else { throw GitError.last("checkout", url: url, code: code) }
        var object: OpaquePointer?
        code = git_object_lookup(&object, repo, &oid, GIT_OBJECT_COMMIT)
        guard code == 0, let object else { throw GitError.last("checkout", url: url, code: code) }
        defer { git_object_free(object) }
        return try body(object)
    }

    func open() throws -> OpaquePointer {
        var repo: OpaquePointer?
        // NO_SEARCH: never walk up into an enclosing repository (the data folder may sit in a checkout).
        let code = git_repository_open_ext(&repo, directory.path, GIT_REPOSITORY_OPEN_NO_SEARCH.rawValue, nil)
        guard code == 0, let repo else { throw GitError.last("open", url: url, code: code) }
        if git_repository_is_bare(repo) == 1 {
            git_repository_free(repo)
            throw GitError(operation: "open", url: url, message: "the clone is a bare repository")
        }
        return repo
    }

    private func remoteURL(_ repo: OpaquePointer) throws -> String {
        var remote: OpaquePointer?
        let code = git_remote_lookup(&remote, repo, "origin")
        guard code == 0, let remote else { throw GitError.last("remote", url: url, code: code) }
        defer { git_remote_free(remote) }
        guard let text = git_remote_url(remote) else { return "" }
        return String(cString: text)
    }

    private func update(_ repo: OpaquePointer) throws -> SyncResult {
        var remote: OpaquePointer?
        var code = git_remote_lookup(&remote, repo, "origin")
        guard code == 0, let remote else {
            throw GitError(operation: "fetch", url: url, message: "the clone has no origin remote", errorClass: Int32(GIT_ERROR_REPOSITORY.rawValue))
        }
        defer { git_remote_free(remote) }

        var fetchOptions = git_fetch_options()
        git_fetch_options_init(&fetchOptions, UInt32(GIT_FETCH_OPTIONS_VERSION))
        fetchOptions.prune = GIT_FETCH_PRUNE
        let payload = GitCallbackPayload(credentials: credentials, url: url, progress: progress, limits: limits)
        payload.install(on: &fetchOptions.callbacks)
        // A repository on this machine: its new object files are copied, not packed here.
        let copied = try LocalUpstream(url: url).map { try fetchLocal($0, into: repo) } ?? false
        if !copied {
            code = withExtendedLifetime(payload) {
                GitSocketStream.withDeadline(payload.deadline) { git_remote_fetch(remote, nil, &fetchOptions, nil) }
            }
            guard code == 0 else { throw GitError.transfer("fetch", url: url, code: code, payload: payload) }
        }

        guard let target = branch ?? currentBranch(repo) ?? remoteDefaultBranch(repo) else {
            throw GitError(operation: "fetch", url: url, message: "cannot tell which branch to follow; set a branch",
                           errorClass: Int32(GIT_ERROR_REFERENCE.rawValue))
        }
        var fetched = git_oid()
        code = git_reference_name_to_id(&fetched, repo, "refs/remotes/origin/\(target)")
        guard code == 0 else {
            throw GitError(operation: "fetch", url: url, message: "branch '\(target)' does not exist upstream", code: code)
        }

        var head = git_oid()
        let hasHead = git_reference_name_to_id(&head, repo, "HEAD") == 0
        let onTarget = currentBranch(repo) == target
        if hasHead, onTarget, git_oid_equal(&head, &fetched) == 1 {
            // Nothing moved; make sure the commit is really there (a clone with lost objects
            // would otherwise look up to date forever).
            var object: OpaquePointer?
            code = git_object_lookup(&object, repo, &head, GIT_OBJECT_COMMIT)
            guard code == 0, let object else { throw GitError.last("open", url: url, code: code) }
            defer { git_object_free(object) }
            let skipped = try checkout(repo, workdir: directory).oversized(object)
            return SyncResult(commit: Self.format(&fetched), branch: target, action: .upToDate, recloneReason: nil, skippedFiles: skipped)
        }
        let fastForward = hasHead && onTarget && git_graph_descendant_of(repo, &fetched, &head) == 1

        var commit: OpaquePointer?
        code = git_object_lookup(&commit, repo, &fetched, GIT_OBJECT_COMMIT)
        guard code == 0, let commit else { throw GitError.last("checkout", url: url, code: code) }
        defer { git_object_free(commit) }

        if !onTarget {
            // Follow a newly configured branch: create (or move) the local branch and check it out.
            var branchRef: OpaquePointer?
            code = git_branch_create(&branchRef, repo, target, commit, 1)
            guard code == 0 else { throw GitError.last("checkout", url: url, code: code) }
            git_reference_free(branchRef)
            code = git_repository_set_head(repo, "refs/heads/\(target)")
            guard code == 0 else { throw GitError.last("checkout", url: url, code: code) }
        }
        // The branch and the index move to the commit; the files are rewritten by `GitCheckout`
        // (which leaves out blobs over the file cap) rather than by a hard reset.
        code = git_reset(repo, commit, GIT_RESET_MIXED, nil)
        guard code == 0 else { throw GitError.last("reset", url: url, code: code) }
        let skipped = try checkout(repo, workdir: directory).write(commit)

        let action: Action = fastForward ? .fastForwarded : .reset
        let commitText = Self.format(&fetched)
        Self.logger.info("updated", metadata: ["url": "\(displayURL)", "commit": "\(commitText)", "action": "\(action.rawValue)"])
        return SyncResult(commit: commitText, branch: target, action: action, recloneReason: nil, skippedFiles: skipped)
    }

    func headCommit(_ repo: OpaquePointer) throws -> String {
        var oid = git_oid()
        let code = git_reference_name_to_id(&oid, repo, "HEAD")
        guard code == 0 else { throw GitError.last("head", url: url, code: code) }
        return Self.format(&oid)
    }

    private func currentBranch(_ repo: OpaquePointer) -> String? {
        var head: OpaquePointer?
        guard git_repository_head(&head, repo) == 0, let head else { return nil }
        defer { git_reference_free(head) }
        guard git_reference_is_branch(head) == 1, let name = git_reference_shorthand(head) else { return nil }
        return String(cString: name)
    }

    private func remoteDefaultBranch(_ repo: OpaquePointer) -> String? {
        var ref: OpaquePointer?
        guard git_reference_lookup(&ref, repo, "refs/remotes/origin/HEAD") == 0, let ref else { return nil }
        defer { git_reference_free(ref) }
        guard let target = git_reference_symbolic_target(ref) else { return nil }
        let name = String(cString: target)
        let prefix = "refs/remotes/origin/"
        return name.hasPrefix(prefix) ? String(name.dropFirst(prefix.count)) : nil
    }

    static func format(_ oid: UnsafePointer<git_oid>) -> String {
        var buffer = [CChar](repeating: 0, count: 41)
        git_oid_tostr(&buffer, 41, oid)
        return String(decoding: buffer.prefix(40).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}

/// libgit2's one-time global initialisation.
enum GitLibrary {
    private static let initialized: Bool = {
        git_libgit2_init()
        GitSocketStream.register()
        return true
    }()

    static func initialize() {
        _ = initialized
    }
}

/// One lock per clone folder, so two syncs of the same source never interleave.
final class DirectoryLocks: Sendable {
    static let shared = DirectoryLocks()

    private final class Folder: Sendable {
        let mutex = Mutex(())
    }

    private let folders = Mutex<[String: Folder]>([:])

    /// Runs `body` holding the lock of `directory` (the same folder spelled differently is
    /// the same lock).
    func withLock<T: Sendable>(for directory: URL, _ body: () throws -> T) throws -> T {
        let key = directory.standardizedFileURL.path
        let folder = folders.withLock { folders in
            if let folder = folders[key] { return folder }
            let folder = Folder()
            folders[key] = folder
            return folder
        }
        return try folder.mutex.withLock { _ in try body() }
    }
}
