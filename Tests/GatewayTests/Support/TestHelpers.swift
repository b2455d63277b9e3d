import MCP
import Synchronization
import XCTest

/// The text content of a tool result.
func textOf(_ result: CallTool.Result) -> String {
    result.content.compactMap { if case .text(let text, _, _) = $0 { text } else { nil } }.joined()
}

/// Counts events from any thread.
final class Counter: Sendable {
    private let count = Mutex(0)
    func increment() { count.withLock { $0 += 1 } }
    var value: Int { count.withLock { $0 } }
}

extension XCTestCase {
    /// Polls `condition` every 0.1 s, up to 300 times (no timing assertion: it only bounds
    /// how long a broken build hangs).
    func eventually(_ condition: @escaping () async throws -> Bool, file: StaticString = #filePath, line: UInt = #line) async throws {
        for _ in 0..<300 {
            if try await condition() { return }
            try await Task.sleep(nanoseconds: 100_000_000)
        }
        XCTFail("condition never held", file: file, line: line)
    }
}
