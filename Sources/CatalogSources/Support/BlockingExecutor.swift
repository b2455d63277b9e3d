import Dispatch

/// Runs blocking work (libgit2 calls, file parsing) on a dispatch queue, off Swift's
/// cooperative thread pool, and resumes the caller when it is done.
enum BlockingExecutor {
    private static let queue = DispatchQueue(label: "mcp-registry.blocking", qos: .utility, attributes: .concurrent)

    static func run<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            queue.async {
                continuation.resume(with: Result { try work() })
            }
        }
    }
}
