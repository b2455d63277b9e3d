import Foundation

/// Runs `operation`, giving up after `seconds`. On time-out `onTimeout` runs (it must make
/// the operation finish, e.g. by cancelling a request or closing its connection) and
/// `GatewayTimeout` is thrown.
func withDeadline<T: Sendable>(
    seconds: Double,
    operation: @escaping @Sendable () async throws -> T,
    onTimeout: @escaping @Sendable () async -> Void
) async throws -> T {
    return try await withThrowingTaskGroup(of: DeadlineOutcome<T>.self) { group in
        group.addTask { .value(try await operation()) }
        group.addTask {
            try await Task.sleep(nanoseconds: UInt64(max(0.001, seconds) * 1_000_000_000))
            return .timedOut
        }
        defer { group.cancelAll() }
        switch try await group.next()! {
        case .value(let value):
            return value
        case .timedOut:
            await onTimeout()
            throw GatewayTimeout(seconds: seconds)
        }
    }
}

enum DeadlineOutcome<T: Sendable>: Sendable {
    case value(T)
    case timedOut
}

/// An operation ran out of time.
struct GatewayTimeout: Error, Sendable {
    var seconds: Double
}
