import CGit2
import Dispatch
import Foundation

/// Credentials for private repositories, read from the environment; never logged.
///
/// - https: `MCP_REGISTRY_GIT_TOKEN` for any host, or `GITHUB_TOKEN` / `GH_TOKEN` for
///   github.com only (a GitHub token is never sent to another host).
/// - ssh: the ssh agent (`SSH_AUTH_SOCK`).
///
/// libgit2 only asks for credentials when the server demands them, so public repositories
/// never see a token.
public struct GitCredentials: Sendable {
    static let tokenVariables = ["MCP_REGISTRY_GIT_TOKEN", "GITHUB_TOKEN", "GH_TOKEN"]

    private let environment: [String: String]

    public init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.environment = environment.filter { Self.tokenVariables.contains($0.key) || $0.key == "SSH_AUTH_SOCK" }
    }

    /// No credentials at all.
    public static let none = GitCredentials(environment: [:])

    /// The token to send to `url`'s host, if any.
    func token(for url: String) -> String? {
        if let token = environment["MCP_REGISTRY_GIT_TOKEN"], !token.isEmpty { return token }
        let host = Self.host(of: url)
        if host == "github.com" || host.hasSuffix(".github.com") {
            for name in ["GITHUB_TOKEN", "GH_TOKEN"] {
                if let token = environment[name], !token.isEmpty { return token }
            }
        }
        return nil
    }

    var hasSSHAgent: Bool { !(environment["SSH_AUTH_SOCK"] ?? "").isEmpty }

    static func host(of url: String) -> String {
        var rest = Substring(url)
        if let scheme = rest.range(of: "://") { rest = rest[scheme.upperBound...] }
        let authority = rest.prefix { $0 != "/" }
        var host = authority
        if let at = host.lastIndex(of: "@") { host = host[host.index(after: at)...] }
        if let colon = host.firstIndex(of: ":") { host = host[..<colon] }
        return host.lowercased()
    }
}

/// The payload handed to libgit2's remote callbacks: the credentials to offer, how often we
/// tried (libgit2 calls again after a rejected credential; we give up instead of looping), and
/// where transfer progress goes.
final class GitCallbackPayload {
    let token: String?
    let useSSHAgent: Bool
    let progress: GitProgressHandler?
    let limits: GitTransferLimits
    let started = DispatchTime.now().uptimeNanoseconds
    var attempts = 0
    /// The cap the transfer went over; set when the transfer was stopped for it.
    private(set) var exceeded: GitTransferLimits.Exceeded?
    private var lastReported = -1

    init(credentials: GitCredentials, url: String, progress: GitProgressHandler?, limits: GitTransferLimits = .standard) {
        token = credentials.token(for: url)
        useSSHAgent = credentials.hasSSHAgent
        self.progress = progress
        self.limits = limits
    }

    /// When the transfer must have ended (DispatchTime uptime, ns): the time cap, which the
    /// sockets' waits end at (`GitSocketStream`), so it holds on a remote that sends nothing.
    var deadline: UInt64 {
        started &+ UInt64(max(0, min(limits.maxSeconds, 1e9)) * 1e9)
    }

    /// The time cap, when the transfer has run past it (a wait that ran out at the deadline).
    func timeExceeded() -> GitTransferLimits.Exceeded? {
        let elapsed = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
        return elapsed >= limits.maxSeconds ? .time(limit: limits.maxSeconds, seconds: elapsed) : nil
    }

    /// Reports progress; returns `false` when the transfer must stop (a cap was passed).
    fileprivate func report(_ stats: git_indexer_progress) -> Bool {
        let current = GitTransferProgress(
            receivedObjects: Int(stats.received_objects),
            indexedObjects: Int(stats.indexed_objects),
            totalObjects: Int(stats.total_objects),
            receivedBytes: Int(stats.received_bytes)
        )
        let elapsed = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
        if let over = limits.check(current, elapsed: elapsed) {
            exceeded = over
            return false
        }
        guard let progress else { return true }
        let done = Int(stats.received_objects) + Int(stats.indexed_deltas)
        guard done != lastReported else { return true }
        lastReported = done
        progress(current)
        return true
    }

    /// Installs the callbacks on `callbacks`; the payload must outlive the libgit2 call.
    func install(on callbacks: inout git_remote_callbacks) {
        callbacks.payload = Unmanaged.passUnretained(self).toOpaque()
        callbacks.transfer_progress = { stats, payload in
            guard let stats, let payload else { return 0 }
            // A negative value stops the transfer (libgit2 then fails the call with GIT_EUSER).
            return Unmanaged<GitCallbackPayload>.fromOpaque(payload).takeUnretainedValue().report(stats.pointee) ? 0 : GIT_EUSER.rawValue
        }
        callbacks.credentials = { out, _, usernameFromURL, allowedTypes, payload in
            guard let out, let payload else { return GIT_PASSTHROUGH.rawValue }
            let box = Unmanaged<GitCallbackPayload>.fromOpaque(payload).takeUnretainedValue()
            box.attempts += 1
            guard box.attempts <= 2 else { return GIT_EAUTH.rawValue }
            if allowedTypes & GIT_CREDENTIAL_USERPASS_PLAINTEXT.rawValue != 0, let token = box.token {
                return git_credential_userpass_plaintext_new(out, "x-access-token", token)
            }
            if allowedTypes & GIT_CREDENTIAL_SSH_KEY.rawValue != 0, box.useSSHAgent {
                if let usernameFromURL { return git_credential_ssh_key_from_agent(out, usernameFromURL) }
                return git_credential_ssh_key_from_agent(out, "git")
            }
            if allowedTypes & GIT_CREDENTIAL_USERNAME.rawValue != 0 {
                if let usernameFromURL { return git_credential_username_new(out, usernameFromURL) }
                return git_credential_username_new(out, "git")
            }
            return GIT_PASSTHROUGH.rawValue
        }
    }
}

/// How far a clone or fetch has got.
public struct GitTransferProgress: Sendable, Equatable {
    public var receivedObjects: Int
    public var indexedObjects: Int
    public var totalObjects: Int
    public var receivedBytes: Int

    /// 0…1, when the total is known.
    public var fraction: Double? {
        totalObjects > 0 ? min(1, Double(receivedObjects + indexedObjects) / Double(2 * totalObjects)) : nil
    }
}

/// Receives transfer progress (on libgit2's thread; keep it quick).
public typealias GitProgressHandler = @Sendable (GitTransferProgress) -> Void
