import Foundation
import Logging
import MCP

/// The registry's side of the client connection, in front of swift-sdk's `Server`: each
/// message read from `inner` is first offered to a `FastPathRouter`, which answers the hot
/// ones (`tools/list`, `registry-find`, proxied `tools/call`) from bytes; every other
/// message goes on to the `Server` untouched, which keeps the protocol's semantics.
actor FastPathTransport: Transport {
    nonisolated let logger: Logger
    private let inner: any Transport
    private let router: FastPathRouter
    private let stream: AsyncThrowingStream<Data, Swift.Error>
    private let continuation: AsyncThrowingStream<Data, Swift.Error>.Continuation
    private var pump: Task<Void, Never>?

    init(wrapping inner: any Transport, router: FastPathRouter) {
        self.inner = inner
        self.router = router
        self.logger = Logger(label: "mcp-registry.fast-path", factory: { _ in SwiftLogNoOpLogHandler() })
        (stream, continuation) = AsyncThrowingStream<Data, Swift.Error>.makeStream()
    }

    func connect() async throws {
        try await inner.connect()
        guard pump == nil else { return }
        let inner = self.inner
        let router = self.router
        let continuation = self.continuation
        let messages = await inner.receive()
        router.attach(
            reply: { data in try await inner.send(data) },
            fallBack: { data in continuation.yield(data) })
        pump = Task {
            do {
                for try await message in messages where !router.take(message) {
                    continuation.yield(message)
                }
                continuation.finish()
            } catch {
                continuation.finish(throwing: error)
            }
        }
    }

    func disconnect() async {
        await inner.disconnect()
    }

    func send(_ data: Data) async throws {
        try await inner.send(data)
    }

    nonisolated func receive() -> AsyncThrowingStream<Data, Swift.Error> {
        stream
    }
}
