import Dispatch

/// Runs blocking or CPU-heavy work on a dispatch queue, off Swift's cooperative pool (one
/// thread per core: on a 2-core machine a 0.5 s catalog build there would hold up the MCP
/// server's own replies), and resumes the caller with its result or its error.
///
/// Two lanes, because their callers need different things:
/// - `io` is concurrent: git fetches and checkouts of different sources, and the parsing of
///   their files, run side by side (a folder is never synced twice at once: `GitRepository`
///   locks it).
/// - `catalog` is serial: merging and indexing the catalog, and writing the cache, one at a
///   time, so a refresh of several sources never takes every core from the server, and
///   builds that a newer catalog would replace do not run in parallel for nothing.
public struct BlockingWork: Sendable {
    /// Concurrent, utility priority: blocking I/O (libgit2, reading catalog files).
    public static let io = BlockingWork(DispatchQueue(label: "mcp-registry.blocking", qos: .utility, attributes: .concurrent))
    /// Serial, user-initiated priority: building the catalog and its index, saving the cache.
    public static let catalog = BlockingWork(DispatchQueue(label: "mcp-registry.catalog-build", qos: .userInitiated))

    private let queue: DispatchQueue

    private init(_ queue: DispatchQueue) {
        self.queue = queue
    }

    /// Runs `work` on this lane and returns what it returned.
    /// - Throws: what `work` throws (`Never` for work that cannot fail).
    public func run<T: Sendable, E: Error>(_ work: @escaping @Sendable () throws(E) -> T) async throws(E) -> T {
        let result: Result<T, E> = await withCheckedContinuation { continuation in
            queue.async { continuation.resume(returning: Result(catching: work)) }
        }
        return try result.get()
    }
}
