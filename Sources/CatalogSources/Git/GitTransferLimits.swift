import Foundation

/// Caps on one clone or fetch, so a hostile or runaway repository cannot fill the disk or
/// hold a refresh forever. libgit2 reports the transfer as it goes (`git_indexer_progress`:
/// objects announced by the pack header, bytes received); the transfer stops as soon as a
/// figure passes its cap, the clone on disk stays as it was, and the error names the cap.
///
/// The time cap is checked when progress arrives and bounds every wait on the network
/// (`GitSocketStream`), so it also ends a transfer whose remote accepts and sends nothing.
public struct GitTransferLimits: Sendable, Hashable {
    /// Bytes of pack data received (compressed, as sent): 256 MiB by default.
    public var maxBytes: Int
    /// Objects in the pack: 1,000,000 by default.
    public var maxObjects: Int
    /// Seconds from the start of the transfer: 600 by default.
    public var maxSeconds: Double
    /// The largest file checked out (bytes, from the object header): 8 MiB by default, the
    /// largest cap of any catalog file kind (an awesome list's markdown). A larger file is
    /// not written at all (`GitRepository.SyncResult.skippedFiles`), so its blob is never
    /// inflated into memory.
    public var maxFileBytes: Int

    public init(maxBytes: Int = 256 << 20, maxObjects: Int = 1_000_000, maxSeconds: Double = 600, maxFileBytes: Int = 8 << 20) {
        self.maxBytes = maxBytes
        self.maxObjects = maxObjects
        self.maxSeconds = maxSeconds
        self.maxFileBytes = maxFileBytes
    }

    /// The registry's caps.
    public static let standard = GitTransferLimits()

    /// Which cap a transfer went over, with the cap and the figure reached.
    public enum Exceeded: Sendable, Hashable, CustomStringConvertible {
        /// `received` bytes arrived, over `limit`.
        case bytes(limit: Int, received: Int)
        /// The pack holds `total` objects, over `limit`.
        case objects(limit: Int, total: Int)
        /// The transfer ran `seconds`, over `limit`.
        case time(limit: Double, seconds: Double)

        public var description: String {
            switch self {
            case .bytes(let limit, let received): "the transfer passed the limit of \(limit) bytes (\(received) received)"
            case .objects(let limit, let total): "the repository has \(total) objects, over the limit of \(limit)"
            case .time(let limit, let seconds): "the transfer ran \(Int(seconds)) s, over the limit of \(Int(limit)) s"
            }
        }
    }

    /// The cap a transfer at this point is over, if any.
    func check(_ progress: GitTransferProgress, elapsed: Double) -> Exceeded? {
        if progress.totalObjects > maxObjects { return .objects(limit: maxObjects, total: progress.totalObjects) }
        if progress.receivedBytes > maxBytes { return .bytes(limit: maxBytes, received: progress.receivedBytes) }
        if elapsed > maxSeconds { return .time(limit: maxSeconds, seconds: elapsed) }
        return nil
    }
}
