import Foundation
import Synchronization
import Gateway
import MCP
import Logging
import MCPStdio
import RegistryCore

/// Starts `HostileChildServer` entries as plain local processes (`python3 -c script`) and
/// speaks MCP over their pipes: the registry's real `PipeTransport`, `ChildSession` and
/// `Gateway` against a real child that breaks the rules, without a container.
public struct ProcessChildConnector: ChildConnector {
    public let kind = "process"
    /// Whether the child's messages are screened on the pipe's reader thread (the registry's
    /// way) or, with `false`, on the cooperative pool after they were queued (the way before
    /// issue 16's fix, kept for the benchmark's before/after): the pipe is then hidden behind
    /// a `ForwardingTransport`.
    public let screenOnReaderThread: Bool

    public init(screenOnReaderThread: Bool = true) {
        self.screenOnReaderThread = screenOnReaderThread
    }

    public func canConnect(_ entry: CatalogEntry) -> Bool {
        if case .container(let launch) = entry.launch { return launch.image == HostileChildServer.image }
        return false
    }

    public func open(_ request: ChildLaunchRequest) async throws -> any ChildConnection {
        try ProcessChildConnection(script: HostileChildServer.script, screenOnReaderThread: screenOnReaderThread)
    }
}

/// A local child process as a child connection.
public final class ProcessChildConnection: ChildConnection, @unchecked Sendable {
    public let process = Process()
    public let transport: any Transport
    private let stdin = Pipe()
    private let stdout = Pipe()
    private let stderr = Pipe()
    private struct State {
        var errorLines: [String] = []
        var partial = Data()
        var exitHandlers: [@Sendable (String) -> Void] = []
        var exitReason: String?
        var closed = false
    }

    // @unchecked only for Process and Pipe (Foundation classes not marked Sendable); the
    // mutable state is behind the Mutex.
    private let state = Mutex(State())

    init(script: String, screenOnReaderThread: Bool = true) throws {
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-u", "-c", script]
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = stderr
        let pipe = PipeTransport(input: stdout.fileHandleForReading, output: stdin.fileHandleForWriting)
        transport = screenOnReaderThread ? pipe : ForwardingTransport(pipe)
        stderr.fileHandleForReading.readabilityHandler = { [weak self] handle in
            let data = handle.availableData
            if data.isEmpty { handle.readabilityHandler = nil } else { self?.collect(data) }
        }
        process.terminationHandler = { [weak self] process in self?.exited(process.terminationStatus) }
        try process.run()
    }

    public var summary: ChildSummary { ChildSummary(kind: "process") }

    public func recentErrorOutput(_ limit: Int) -> [String] {
        state.withLock { Array($0.errorLines.suffix(limit)) }
    }

    public func onTermination(_ handler: @escaping @Sendable (String) -> Void) {
        let reason: String? = state.withLock {
            if $0.exitReason == nil { $0.exitHandlers.append(handler) }
            return $0.exitReason
        }
        if let reason { handler(reason) }
    }

    /// Closes its stdin, then terminates it; waits for the exit.
    public func close() async {
        guard state.withLock({ state -> Bool in defer { state.closed = true }; return !state.closed }) else { return }
        try? stdin.fileHandleForWriting.close()
        if process.isRunning { process.terminate() }
        for _ in 0..<100 where process.isRunning { try? await Task.sleep(nanoseconds: 50_000_000) }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        try? stdout.fileHandleForReading.close()
        stderr.fileHandleForReading.readabilityHandler = nil
        try? stderr.fileHandleForReading.close()
    }

    private func collect(_ data: Data) {
        state.withLock { state in
            state.partial.append(data)
            while let newline = state.partial.firstIndex(of: UInt8(ascii: "\n")) {
                state.errorLines.append(String(decoding: state.partial[state.partial.startIndex..<newline], as: UTF8.self))
                state.partial = Data(state.partial[(newline + 1)...])
            }
            if state.errorLines.count > 200 { state.errorLines.removeFirst(state.errorLines.count - 200) }
        }
    }

    private func exited(_ status: Int32) {
        let handlers: [@Sendable (String) -> Void] = state.withLock { state in
            state.exitReason = "the process exited with status \(status)"
            defer { state.exitHandlers = [] }
            return state.exitHandlers
        }
        for handler in handlers { handler("the process exited with status \(status)") }
    }
}

/// A transport that only passes everything to a pipe's: hides the `PipeTransport` from the
/// relay, which then screens the child's messages after they were queued.
public actor ForwardingTransport: Transport {
    public nonisolated let logger: Logger
    private let pipe: PipeTransport

    public init(_ pipe: PipeTransport) {
        self.pipe = pipe
        self.logger = pipe.logger
    }

    public func connect() async throws { try await pipe.connect() }
    public func disconnect() async { await pipe.disconnect() }
    public func send(_ data: Data) async throws { try await pipe.send(data) }
    public nonisolated func receive() -> AsyncThrowingStream<Data, Swift.Error> { pipe.receive() }
}
