import Foundation
import Synchronization

/// A running `podman run -i` process: the container's stdin and stdout as file
/// descriptors, the last lines of its stderr, and its exit.
///
/// The handle owns the pipe ends; `closePipes()` closes them (stdout once `podman run` exited).
public final class ContainerHandle: @unchecked Sendable {
    /// The plan it was started from (no secret values).
    public let plan: ContainerPlan
    /// The container name (`mcp-registry-…`), usable with every podman command.
    public var name: String { plan.name }
    /// Write end of the container's stdin.
    public let stdin: FileHandle
    /// Read end of the container's stdout.
    public let stdout: FileHandle
    /// The last lines of the container's stderr (and podman's own errors).
    public let stderr: StderrTail
    /// The process id of the local `podman run` process.
    public let processID: Int32
    /// When it started.
    public let startedAt: Date
    /// Where `podman run --cidfile` writes the container's id (removed once read or exited).
    let idFile: URL?

    private struct State {
        var status: Int32?
        var waiters: [CheckedContinuation<Int32, Never>] = []
        var exitHandlers: [@Sendable (Int32) -> Void] = []
        var inputClosed = false
        var outputClosed = false
        var containerID: String?
    }

    private let state = Mutex(State())

    init(
        plan: ContainerPlan, process: Process, stdin: FileHandle, stdout: FileHandle, stderrPipe: FileHandle, stderr: StderrTail,
        idFile: URL? = nil
    ) {
        self.plan = plan
        self.idFile = idFile
        self.stdin = stdin
        self.stdout = stdout
        self.stderr = stderr
        self.processID = process.processIdentifier
        self.startedAt = Date()
        let thread = Thread { [stderr] in
            while true {
                let data = stderrPipe.availableData
                if data.isEmpty { break }
                stderr.append(data)
            }
            stderr.finish()
            try? stderrPipe.close()
        }
        thread.name = "stderr \(plan.name)"
        thread.start()
    }

    /// The raw descriptor of the container's stdin (write end).
    public var stdinDescriptor: Int32 { stdin.fileDescriptor }
    /// The raw descriptor of the container's stdout (read end).
    public var stdoutDescriptor: Int32 { stdout.fileDescriptor }

    /// The container's full id as podman wrote it to the `--cidfile` when it created the
    /// container, without a podman call; `nil` before it was created or when the file is
    /// missing. Read once, then the file is removed.
    public var containerID: String? {
        state.withLock { state in
            if state.containerID == nil, let idFile,
               let text = try? String(contentsOf: idFile, encoding: .utf8) {
                let id = text.trimmingCharacters(in: .whitespacesAndNewlines)
                if !id.isEmpty {
                    state.containerID = id
                    try? FileManager.default.removeItem(at: idFile)
                }
            }
            return state.containerID
        }
    }

    /// The exit status of `podman run`, once it has exited.
    public var exitStatus: Int32? {
        state.withLock { $0.status }
    }

    /// Waits until `podman run` exits; returns its status.
    public func waitForExit() async -> Int32 {
        await withCheckedContinuation { continuation in
            let exited = state.withLock { state -> Int32? in
                if state.status == nil { state.waiters.append(continuation) }
                return state.status
            }
            if let exited { continuation.resume(returning: exited) }
        }
    }

    /// Calls `handler` once when the process exits (at once if it already has).
    public func onExit(_ handler: @escaping @Sendable (Int32) -> Void) {
        let exited = state.withLock { state -> Int32? in
            if state.status == nil { state.exitHandlers.append(handler) }
            return state.status
        }
        if let exited { handler(exited) }
    }

    /// Closes our ends of stdin and stdout (the container sees EOF on stdin).
    ///
    /// While `podman run` still runs, a reader may be blocked on stdout; its descriptor is
    /// then left open (closing it could let a reused descriptor number be read by mistake)
    /// unless `force` is set.
    public func closePipes(force: Bool = false) {
        let (closeInput, closeOutput) = state.withLock { state -> (Bool, Bool) in
            let closeInput = !state.inputClosed
            let closeOutput = !state.outputClosed && (state.status != nil || force)
            state.inputClosed = true
            if closeOutput { state.outputClosed = true }
            return (closeInput, closeOutput)
        }
        if closeInput { try? stdin.close() }
        if closeOutput { try? stdout.close() }
    }

    func markExited(_ code: Int32) {
        let (pending, handlers) = state.withLock { state -> ([CheckedContinuation<Int32, Never>], [@Sendable (Int32) -> Void]) in
            guard state.status == nil else { return ([], []) }
            state.status = code
            defer {
                state.waiters = []
                state.exitHandlers = []
            }
            return (state.waiters, state.exitHandlers)
        }
        if let idFile { try? FileManager.default.removeItem(at: idFile) }
        pending.forEach { $0.resume(returning: code) }
        handlers.forEach { $0(code) }
    }
}
