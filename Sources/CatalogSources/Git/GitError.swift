import CGit2
import Foundation

/// A git operation that failed, with libgit2's own message (credentials redacted).
public struct GitError: Error, Sendable, Equatable, CustomStringConvertible, LocalizedError {
    /// What was being done (`clone`, `fetch`, `open`, `reset`…).
    public var operation: String
    /// The repository URL, with any user-info removed.
    public var url: String
    /// libgit2's message (or ours), with credentials redacted.
    public var message: String
    /// libgit2's error code (`GIT_ENOTFOUND`…), 0 when the error is ours.
    public var code: Int32
    /// libgit2's error class (`GIT_ERROR_NET`…), 0 when unknown.
    public var errorClass: Int32
    /// The transfer cap a clone or fetch went over (`GitTransferLimits`), when that stopped it.
    public var limitExceeded: GitTransferLimits.Exceeded?

    public init(operation: String, url: String, message: String, code: Int32 = 0, errorClass: Int32 = 0,
                limitExceeded: GitTransferLimits.Exceeded? = nil) {
        self.operation = operation
        self.url = GitRedaction.redactURL(url)
        self.message = GitRedaction.redact(message)
        self.code = code
        self.errorClass = errorClass
        self.limitExceeded = limitExceeded
    }

    /// The error for a clone or fetch that failed: the cap it went over when the payload
    /// stopped it for one, else libgit2's last error.
    static func transfer(_ operation: String, url: String, code: Int32, payload: GitCallbackPayload) -> GitError {
        guard let exceeded = payload.exceeded ?? payload.timeExceeded() else { return last(operation, url: url, code: code) }
        return GitError(operation: operation, url: url, message: "refused: \(exceeded)", code: code, limitExceeded: exceeded)
    }

    /// An error from the last failing libgit2 call on this thread.
    static func last(_ operation: String, url: String, code: Int32) -> GitError {
        var message = "libgit2 error \(code)"
        var errorClass: Int32 = 0
        if let last = git_error_last() {
            if let text = last.pointee.message { message = String(cString: text) }
            errorClass = last.pointee.klass
        }
        if message == "unsupported URL protocol", let host = URL(string: url)?.host, !HostResolution.resolves(host) {
            // libgit2 1.5 reports a host it cannot resolve this way, which reads as a bad URL.
            message = "cannot resolve host \(host) (offline, or no DNS)"
        }
        return GitError(operation: operation, url: url, message: message, code: code, errorClass: errorClass)
    }

    /// Whether the error says the local clone is damaged (rather than the remote unreachable).
    var indicatesCorruptClone: Bool {
        let local: Set<UInt32> = [
            GIT_ERROR_ODB.rawValue, GIT_ERROR_OBJECT.rawValue, GIT_ERROR_REFERENCE.rawValue,
            GIT_ERROR_REPOSITORY.rawValue, GIT_ERROR_INDEX.rawValue, GIT_ERROR_ZLIB.rawValue,
            GIT_ERROR_CONFIG.rawValue, GIT_ERROR_CHECKOUT.rawValue,
        ]
        return local.contains(UInt32(bitPattern: errorClass))
    }

    public var description: String { "git \(operation) \(url) failed: \(message)" }

    /// `url` without user-info (`https://user:token@host/…` → `https://host/…`), for display.
    public static func redactedURL(_ url: String) -> String { GitRedaction.redactURL(url) }
    public var errorDescription: String? { description }
}

/// Removes credentials from URLs and messages before they are shown or logged.
enum GitRedaction {
    /// `https://user:token@host/path` → `https://host/path`.
    static func redactURL(_ url: String) -> String {
        guard let scheme = url.range(of: "://") else { return url }
        let rest = url[scheme.upperBound...]
        let authorityEnd = rest.firstIndex(of: "/") ?? rest.endIndex
        guard let at = rest[..<authorityEnd].lastIndex(of: "@") else { return url }
        return String(url[..<scheme.upperBound]) + String(rest[rest.index(after: at)...])
    }

    /// Redacts user-info in every URL of `text` and any known token value.
    static func redact(_ text: String, environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        var result = text
        for name in GitCredentials.tokenVariables {
            if let value = environment[name], value.count >= 4 {
                result = result.replacingOccurrences(of: value, with: "***")
            }
        }
        // user-info in URLs: scheme://anything@ → scheme://
        var output = ""
        var remaining = Substring(result)
        while let scheme = remaining.range(of: "://") {
            output += remaining[..<scheme.upperBound]
            remaining = remaining[scheme.upperBound...]
            let end = remaining.firstIndex(where: { $0 == "/" || $0 == " " || $0 == "'" || $0 == "\"" }) ?? remaining.endIndex
            if let at = remaining[..<end].lastIndex(of: "@") {
                remaining = remaining[remaining.index(after: at)...]
            }
        }
        output += remaining
        return output
    }
}

/// Whether a host name resolves (to tell "offline" from "bad URL" in libgit2's errors).
enum HostResolution {
    static func resolves(_ host: String) -> Bool {
        var hints = addrinfo()
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var result: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(host, nil, &hints, &result)
        if let result { freeaddrinfo(result) }
        return status == 0
    }
}
