import Crypto
import Foundation
import Synchronization
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Downloads a hosted package file to disk and checks its SHA-256, streaming: the body is
/// written and hashed as it arrives and cut off past the size cap, so a huge or endless
/// answer is never held in memory or on disk beyond the cap. Redirects are followed
/// (URLSession's default), the digest decides what is accepted.
public struct HostedPackageDownloader: Sendable {
    /// The largest file accepted, in bytes.
    public var maxBytes: Int64
    /// Seconds without progress before the download fails.
    public var timeout: TimeInterval

    public init(maxBytes: Int64 = 100 * 1_024 * 1_024, timeout: TimeInterval = 60) {
        self.maxBytes = maxBytes
        self.timeout = timeout
    }

    /// Downloads `url` to `file` (created; left for the caller to delete) and checks it.
    /// - Returns: the number of bytes.
    /// - Throws: `HostedPackageError` (`.notDownloadable`, `.unreachable`, `.httpStatus`,
    ///   `.tooLarge`, `.digestMismatch`); the file may hold a partial body then.
    @discardableResult
    public func download(_ url: String, sha256 expected: String, to file: URL) async throws -> Int64 {
        guard let target = URL(string: url), let scheme = target.scheme?.lowercased(), ["http", "https"].contains(scheme), target.host != nil else {
            throw HostedPackageError.notDownloadable(url: url)
        }
        guard FileManager.default.createFile(atPath: file.path, contents: nil, attributes: [.posixPermissions: 0o600]),
              let handle = try? FileHandle(forWritingTo: file) else {
            throw HostedPackageError.unreachable(url: url, reason: "cannot write \(file.path)")
        }
        defer { try? handle.close() }
        let receiver = DownloadReceiver(url: url, handle: handle, limit: maxBytes)
        let configuration = URLSessionConfiguration.ephemeral
        configuration.urlCache = nil
        configuration.requestCachePolicy = .reloadIgnoringLocalCacheData
        configuration.httpCookieStorage = nil
        configuration.timeoutIntervalForRequest = timeout
        let queue = OperationQueue()
        queue.maxConcurrentOperationCount = 1
        let session = URLSession(configuration: configuration, delegate: receiver, delegateQueue: queue)
        defer { session.finishTasksAndInvalidate() }
        let (bytes, digest) = try await receiver.run(session.dataTask(with: URLRequest(url: target)))
        guard digest == expected.lowercased() else {
            throw HostedPackageError.digestMismatch(url: url, expected: expected.lowercased(), actual: digest)
        }
        return bytes
    }
}

/// One transfer: writes and hashes the body as it comes, enforcing the cap.
private final class DownloadReceiver: NSObject, URLSessionDataDelegate, @unchecked Sendable {
    private struct State {
        var continuation: CheckedContinuation<(Int64, String), any Error>?
        var hasher = SHA256()
        var bytes: Int64 = 0
        var failure: HostedPackageError?
    }

    private let url: String
    private let handle: FileHandle
    private let limit: Int64
    private let state = Mutex(State())

    init(url: String, handle: FileHandle, limit: Int64) {
        self.url = url
        self.handle = handle
        self.limit = limit
    }

    func run(_ task: URLSessionDataTask) async throws -> (Int64, String) {
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                state.withLock { $0.continuation = continuation }
                task.resume()
            }
        } onCancel: {
            task.cancel()
        }
    }

    func urlSession(
        _ session: URLSession, dataTask: URLSessionDataTask, didReceive response: URLResponse,
        completionHandler: @escaping (URLSession.ResponseDisposition) -> Void
    ) {
        let status = (response as? HTTPURLResponse)?.statusCode ?? 0
        let failure: HostedPackageError? = status != 200 ? .httpStatus(url: url, status: status)
            : response.expectedContentLength > limit ? .tooLarge(url: url, limit: limit) : nil
        // Allowed, then cancelled when too large (an answer of `.cancel` is not reliably
        // followed by a completion in swift-corelibs-foundation). An error status's body is
        // read (up to the cap) and dropped.
        completionHandler(.allow)
        if let failure {
            state.withLock { $0.failure = failure }
            if case .tooLarge = failure { dataTask.cancel() }
        }
    }

    func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive data: Data) {
        let stop = state.withLock { state -> Bool in
            state.bytes += Int64(data.count)
            if case .httpStatus? = state.failure { return state.bytes > limit }
            guard state.failure == nil else { return true }
            if state.bytes > limit {
                state.failure = .tooLarge(url: url, limit: limit)
                return true
            }
            state.hasher.update(data: data)
            do {
                try handle.write(contentsOf: data)
            } catch {
                state.failure = .unreachable(url: url, reason: "writing the download failed: \(error.localizedDescription)")
                return true
            }
            return false
        }
        if stop { dataTask.cancel() }
    }

    func urlSession(_ session: URLSession, task: URLSessionTask, didCompleteWithError error: (any Error)?) {
        let (continuation, result) = state.withLock { state -> (CheckedContinuation<(Int64, String), any Error>?, Result<(Int64, String), any Error>) in
            let continuation = state.continuation
            state.continuation = nil
            if let failure = state.failure { return (continuation, .failure(failure)) }
            if let error {
                if (error as? URLError)?.code == .cancelled { return (continuation, .failure(CancellationError())) }
                return (continuation, .failure(HostedPackageError.unreachable(url: url, reason: error.localizedDescription)))
            }
            let digest = state.hasher.finalize().map { String(format: "%02x", $0) }.joined()
            return (continuation, .success((state.bytes, digest)))
        }
        continuation?.resume(with: result)
    }
}
