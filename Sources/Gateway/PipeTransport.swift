import Foundation
import Logging
import MCP

/// Newline-delimited JSON-RPC over a pair of file descriptors (stdin/stdout, or a child's
/// pipes), for the swift-sdk `Server` and `Client`.
///
/// The SDK's own `StdioTransport` polls its non-blocking descriptors with 10 ms sleeps,
/// which adds up to 10 ms to every message each way. This transport reads on a dedicated
/// thread with blocking reads, so a message is handed on as soon as its line is complete.
public actor PipeTransport: Transport {
    public nonisolated let logger: Logger
    private let input: Int32
    private let output: Int32
    private let messages: AsyncThrowingStream<Data, Swift.Error>
    private let continuation: AsyncThrowingStream<Data, Swift.Error>.Continuation
    private var connected = false

    /// - Parameters:
    ///   - input: the descriptor to read messages from (default stdin).
    ///   - output: the descriptor to write messages to (default stdout).
    public init(input: Int32 = STDIN_FILENO, output: Int32 = STDOUT_FILENO, logger: Logger? = nil) {
        self.input = input
        self.output = output
        self.logger = logger ?? Logger(label: "mcp-registry.transport", factory: { _ in SwiftLogNoOpLogHandler() })
        (messages, continuation) = AsyncThrowingStream.makeStream()
    }

    public func connect() async throws {
        guard !connected else { return }
        connected = true
        let input = self.input
        let continuation = self.continuation
        let thread = Thread {
            Self.readLines(from: input, into: continuation)
        }
        thread.name = "mcp-registry.transport.read"
        thread.start()
    }

    public func disconnect() async {
        guard connected else { return }
        connected = false
        continuation.finish()
    }

    public func send(_ data: Data) async throws {
        var message = data
        message.append(0x0A)
        try message.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = write(output, buffer.baseAddress! + offset, buffer.count - offset)
                if written > 0 {
                    offset += written
                } else if written < 0, errno == EINTR {
                    continue
                } else if written < 0, errno == EAGAIN || errno == EWOULDBLOCK {
                    var descriptor = pollfd(fd: output, events: Int16(POLLOUT), revents: 0)
                    _ = poll(&descriptor, 1, 1000)
                } else {
                    throw MCPError.transportError(POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO))
                }
            }
        }
    }

    public func receive() -> AsyncThrowingStream<Data, Swift.Error> {
        messages
    }

    /// Reads until EOF, yielding each complete non-empty line.
    private static func readLines(from descriptor: Int32, into continuation: AsyncThrowingStream<Data, Swift.Error>.Continuation) {
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        var pending: [UInt8] = []
        while true {
            let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count == 0 { break }
            if count < 0 {
                if errno == EINTR { continue }
                if errno == EAGAIN || errno == EWOULDBLOCK {
                    var poller = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
                    _ = poll(&poller, 1, -1)
                    continue
                }
                break
            }
            var start = 0
            for index in 0..<count where buffer[index] == 0x0A {
                pending.append(contentsOf: buffer[start..<index])
                start = index + 1
                if !pending.isEmpty {
                    continuation.yield(Data(pending))
                    pending.removeAll(keepingCapacity: true)
                }
            }
            pending.append(contentsOf: buffer[start..<count])
        }
        if !pending.isEmpty, pending.contains(where: { $0 != 0x20 && $0 != 0x0D && $0 != 0x09 }) {
            continuation.yield(Data(pending))
        }
        continuation.finish()
    }
}
