import Foundation
import Logging
import MCP

/// The MCP stdio transport (newline-delimited JSON-RPC) over a pair of descriptors — a
/// child's pipes, or the registry's own stdin/stdout — with a blocking reader thread.
///
/// Used instead of swift-sdk's `StdioTransport(input:output:)` for children because that
/// one polls its non-blocking descriptor every 10 ms (adding up to 10 ms to every reply)
/// and ends its stream normally at EOF, which makes `Client`'s receive loop spin until
/// `disconnect()`. Here a reply is delivered as soon as it is read, and EOF ends the
/// stream with `PipeTransportError.endOfStream`, which stops the client's loop at once.
/// The JSON-RPC itself stays with swift-sdk's `Client`.
public actor PipeTransport: Transport {
    public nonisolated let logger: Logger
    private let input: FileHandle
    private let output: FileHandle
    private let writes = DispatchQueue(label: "mcp-registry.pipe-transport.write")
    private let stream: AsyncThrowingStream<Data, Swift.Error>
    private let continuation: AsyncThrowingStream<Data, Swift.Error>.Continuation
    private let endOfStreamIsError: Bool
    private let maximumMessageSize: Int
    private var started = false
    private var lineScreen: (@Sendable (Data) -> Bool)?

    /// The longest message a child may send by default: 16 MiB.
    public static let defaultMaximumMessageSize = 16 * 1024 * 1024
    private var connected = false

    /// - Parameters:
    ///   - input: the read end of the child's stdout.
    ///   - output: the write end of the child's stdin.
    ///   - maximumMessageSize: the longest line accepted, in bytes; a child that sends a
    ///     longer one ends the stream with `PipeTransportError.messageTooLarge` (its fault,
    ///     and the registry's memory stays bounded).
    public init(
        input: FileHandle, output: FileHandle, logger: Logger? = nil,
        maximumMessageSize: Int = PipeTransport.defaultMaximumMessageSize
    ) {
        self.input = input
        self.output = output
        self.endOfStreamIsError = true
        self.maximumMessageSize = maximumMessageSize
        self.logger = logger ?? Logger(label: "mcp-registry.pipe-transport", factory: { _ in SwiftLogNoOpLogHandler() })
        (stream, continuation) = AsyncThrowingStream<Data, Swift.Error>.makeStream()
    }

    /// The registry's own stdio, for `Server`: EOF on stdin ends the stream normally, so
    /// the server finishes cleanly when the client goes away.
    public init(standardInput: Int32 = STDIN_FILENO, standardOutput: Int32 = STDOUT_FILENO, logger: Logger? = nil) {
        self.input = FileHandle(fileDescriptor: standardInput, closeOnDealloc: false)
        self.output = FileHandle(fileDescriptor: standardOutput, closeOnDealloc: false)
        self.endOfStreamIsError = false
        self.maximumMessageSize = Int.max
        self.logger = logger ?? Logger(label: "mcp-registry.pipe-transport", factory: { _ in SwiftLogNoOpLogHandler() })
        (stream, continuation) = AsyncThrowingStream<Data, Swift.Error>.makeStream()
    }

    /// Sets the screen every line passes before it is queued for `receive()`: `admit`
    /// runs on the reader thread, once per non-empty line, in order, and a line it returns
    /// `false` for is dropped there. So a peer that floods or sends garbage costs the reader
    /// thread, never the cooperative pool the sessions' tasks share, and dropped lines are
    /// never buffered. Call before `connect()`; a later call has no effect on a running reader.
    public func screen(_ admit: @escaping @Sendable (Data) -> Bool) {
        lineScreen = admit
    }

    public func connect() async throws {
        guard !started else { return }
        started = true
        connected = true
        let descriptor = input.fileDescriptor
        let continuation = self.continuation
        let endOfStreamIsError = self.endOfStreamIsError
        let maximumMessageSize = self.maximumMessageSize
        let admit = self.lineScreen
        let thread = Thread {
            Self.readLines(
                from: descriptor, into: continuation, endOfStreamIsError: endOfStreamIsError, maximumMessageSize: maximumMessageSize,
                admit: admit)
        }
        thread.name = "mcp-registry.pipe-transport.read"
        thread.start()
    }

    public func disconnect() async {
        connected = false
        if endOfStreamIsError {
            continuation.finish(throwing: PipeTransportError.endOfStream)
        } else {
            continuation.finish()
        }
    }

    public func send(_ data: Data) async throws {
        guard connected else { throw PipeTransportError.notConnected }
        var line = data
        line.append(UInt8(ascii: "\n"))
        let message = line
        let output = self.output
        try await withCheckedThrowingContinuation { (done: CheckedContinuation<Void, Swift.Error>) in
            writes.async {
                do {
                    try output.write(contentsOf: message)
                    done.resume()
                } catch {
                    done.resume(throwing: PipeTransportError.writeFailed("\(error)"))
                }
            }
        }
    }

    public nonisolated func receive() -> AsyncThrowingStream<Data, Swift.Error> {
        stream
    }

    /// Blocking reads until EOF; yields each non-empty line `admit` lets through. Each byte
    /// is scanned once (a long line arriving in many reads is not searched again from its
    /// start), and a line over `maximumMessageSize` ends the stream instead of growing
    /// without bound.
    private static func readLines(
        from descriptor: Int32, into continuation: AsyncThrowingStream<Data, Swift.Error>.Continuation, endOfStreamIsError: Bool,
        maximumMessageSize: Int, admit: (@Sendable (Data) -> Bool)?
    ) {
        var pending: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count > 0 {
                var searchFrom = pending.count
                pending.append(contentsOf: buffer[0..<count])
                var lineStart = 0
                while let newline = pending[searchFrom...].firstIndex(of: UInt8(ascii: "\n")) {
                    if newline > lineStart {
                        let line = Data(pending[lineStart..<newline])
                        if admit?(line) ?? true { continuation.yield(line) }
                    }
                    lineStart = newline + 1
                    searchFrom = lineStart
                }
                if lineStart > 0 { pending.removeFirst(lineStart) }
                if pending.count > maximumMessageSize {
                    continuation.finish(throwing: PipeTransportError.messageTooLarge(limit: maximumMessageSize))
                    return
                }
            } else if count == 0 {
                if endOfStreamIsError {
                    continuation.finish(throwing: PipeTransportError.endOfStream)
                } else {
                    continuation.finish()
                }
                return
            } else if errno == EINTR {
                continue
            } else if errno == EAGAIN || errno == EWOULDBLOCK {
                var poller = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
                _ = poll(&poller, 1, -1)
                continue
            } else {
                continuation.finish(throwing: PipeTransportError.readFailed(String(cString: strerror(errno))))
                return
            }
        }
    }
}
