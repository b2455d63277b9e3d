import Dispatch

/// Runs CPU-heavy or blocking work (reading and indexing the catalog) on a GCD queue, off
/// Swift's cooperative pool: that pool has one thread per core, and on a 2-core machine a
/// 0.5 s catalog build on it would hold up the MCP server's own replies.
enum BlockingWork {
    private static let queue = DispatchQueue(label: "mcp-registry.catalog-build", qos: .userInitiated)

    static func run<T: Sendable>(_ work: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { continuation in
            queue.async { continuation.resume(returning: work()) }
        }
    }
}
