import Foundation
import Logging
import MCP
import MCPStdio
import Synchronization

/// A child's transport with a side door for relayed requests: a request the registry
/// forwards as it came (a JSON-RPC line whose id it set to `"mcp-registry-relay-N"`) goes
/// out through the same connection, and its reply comes back here as bytes instead of
/// reaching swift-sdk's `Client`. Every other message passes through to the `Client`
/// untouched, so the session keeps the SDK's semantics for everything else.
actor RelayTransport: Transport {
    nonisolated let logger: Logger
    private let inner: any Transport
    private let stream: AsyncThrowingStream<Data, Swift.Error>
    private let continuation: AsyncThrowingStream<Data, Swift.Error>.Continuation
    private let waiting = RelayWaiters()
    /// Checks what the child sends and keeps its faults.
    let screen: ChildMessageScreen
    private var pump: Task<Void, Never>?
    private var ended: (@Sendable (Swift.Error?) -> Void)?
    private var nextNumber = 0

    init(wrapping inner: any Transport, faults: ChildFaultLog = ChildFaultLog()) {
        self.inner = inner
        self.screen = ChildMessageScreen(faults: faults)
        self.logger = Logger(label: "mcp-registry.relay", factory: { _ in SwiftLogNoOpLogHandler() })
        (stream, continuation) = AsyncThrowingStream<Data, Swift.Error>.makeStream()
    }

    func connect() async throws {
        let waiting = self.waiting
        let screen = self.screen
        // Over a pipe, replies to relayed requests are handed over and the screen runs on
        // the transport's reader thread: what a misbehaving child sends never reaches the
        // cooperative pool (issue 16: other sessions' tasks keep their threads).
        let screenedByReader = inner is PipeTransport
        if let pipe = inner as? PipeTransport, pump == nil {
            await pipe.screen { message in Self.route(message, waiting: waiting, screen: screen) }
        }
        try await inner.connect()
        guard pump == nil else { return }
        let messages = await inner.receive()
        let continuation = self.continuation
        let ended = self.ended
        pump = Task {
            do {
                var count = 0
                for try await message in messages {
                    if screenedByReader {
                        continuation.yield(message)
                        continue
                    }
                    // A child that floods keeps this loop busy without a suspension: let the
                    // other sessions' tasks run (the cooperative pool has one thread per core).
                    count &+= 1
                    if count % 32 == 0 { await Task.yield() }
                    if Self.route(message, waiting: waiting, screen: screen) { continuation.yield(message) }
                }
                waiting.failAll(PipeTransportError.endOfStream)
                continuation.finish()
                ended?(nil)
            } catch {
                screen.ended(error)
                waiting.failAll(error)
                continuation.finish(throwing: error)
                ended?(error)
            }
        }
    }

    /// Where one message from the child goes: a reply to a relayed request is handed to its
    /// waiter; anything else is screened. `true` when the session is to see it. Thread-safe
    /// (runs on a pipe's reader thread).
    static func route(_ message: Data, waiting: RelayWaiters, screen: ChildMessageScreen) -> Bool {
        let line = JSONRPCLine(message)
        if let line, line.isResponse, let id = line.id, waiting.deliver(line, id: id) { return false }
        return screen.admit(message, line)
    }

    /// Runs `handler` once when the child's messages end (`nil`: an orderly end, otherwise
    /// the transport's error). Set before `connect()`.
    func onEnd(_ handler: @escaping @Sendable (Swift.Error?) -> Void) {
        ended = handler
    }

    func disconnect() async {
        waiting.failAll(PipeTransportError.notConnected)
        await inner.disconnect()
    }

    func send(_ data: Data) async throws {
        screen.sent(data)
        try await inner.send(data)
    }

    nonisolated func receive() -> AsyncThrowingStream<Data, Swift.Error> {
        stream
    }

    /// A fresh relay id, as JSON text (`"mcp-registry-relay-7"`).
    func nextID() -> Data {
        nextNumber += 1
        return Data("\"mcp-registry-relay-\(nextNumber)\"".utf8)
    }

    /// Sends `request` (whose id is `id`) and returns the child's reply to it. Throws when
    /// the connection ends first, or `CancellationError` after `abandon(id)`.
    func exchange(_ request: Data, id: Data) async throws -> JSONRPCLine {
        let inner = self.inner
        let waiting = self.waiting
        return try await withCheckedThrowingContinuation { (reply: CheckedContinuation<JSONRPCLine, Swift.Error>) in
            waiting.add(id, reply)
            Task {
                do {
                    try await inner.send(request)
                } catch {
                    waiting.fail(id, error)
                }
            }
        }
    }

    /// Stops waiting for the reply to `id` (the wait ends with `CancellationError`).
    nonisolated func abandon(_ id: Data) {
        screen.gaveUp(id)
        waiting.fail(id, CancellationError())
    }
}

/// The relayed requests waiting for their replies, by id text.
final class RelayWaiters: Sendable {
    private struct State {
        var waiting: [Data: CheckedContinuation<JSONRPCLine, Swift.Error>] = [:]
        var failure: Swift.Error?
    }

    private let state = Mutex(State())

    func add(_ id: Data, _ continuation: CheckedContinuation<JSONRPCLine, Swift.Error>) {
        let closed = state.withLock { state -> Swift.Error? in
            if let failure = state.failure { return failure }
            state.waiting[id] = continuation
            return nil
        }
        if let closed { continuation.resume(throwing: closed) }
    }

    /// `true` when `line` (a response with id text `id`) is the reply to a relayed request
    /// (it is handed over).
    func deliver(_ line: JSONRPCLine, id: Data) -> Bool {
        guard let continuation = state.withLock({ $0.waiting.removeValue(forKey: id) }) else { return false }
        continuation.resume(returning: line)
        return true
    }

    func fail(_ id: Data, _ error: Swift.Error) {
        state.withLock { $0.waiting.removeValue(forKey: id) }?.resume(throwing: error)
    }

    /// Ends every wait (the connection ended); later ones fail at once.
    func failAll(_ error: Swift.Error) {
        let all = state.withLock { state in
            state.failure = state.failure ?? error
            defer { state.waiting.removeAll() }
            return Array(state.waiting.values)
        }
        for continuation in all { continuation.resume(throwing: error) }
    }
}
