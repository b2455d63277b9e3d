import Foundation

/// What a one-shot container did (`ContainerEngine.runToCompletion`).
public struct OneShotOutcome: Sendable, Hashable {
    /// What it wrote to stdout (at most the limit asked for).
    public var stdout: Data
    /// Whether stdout went past the limit (the rest was dropped).
    public var stdoutTruncated: Bool
    /// The last lines of its stderr (and podman's own errors).
    public var stderr: [String]
    /// `podman run`'s exit status (the container's own, or 125–127 for podman's errors);
    /// `nil` when it was stopped for running out of time or being cancelled.
    public var exitStatus: Int32?
    /// It ran past its time and was stopped.
    public var timedOut: Bool
    /// It was stopped because the caller was cancelled.
    public var cancelled: Bool

    public init(stdout: Data, stdoutTruncated: Bool = false, stderr: [String] = [], exitStatus: Int32?, timedOut: Bool = false, cancelled: Bool = false) {
        self.stdout = stdout
        self.stdoutTruncated = stdoutTruncated
        self.stderr = stderr
        self.exitStatus = exitStatus
        self.timedOut = timedOut
        self.cancelled = cancelled
    }

    /// `podman run --pull never` stopped because the image is not in local storage (status
    /// 125, `image not known`).
    public var imageWasMissing: Bool {
        guard exitStatus == 125 else { return false }
        let said = stderr.suffix(5).joined(separator: "\n").lowercased()
        return said.contains("image not known") || said.contains("no such image")
    }
}

/// How a one-shot container's run ended.
enum OneShotEnding: Sendable {
    case exited(Int32), timedOut, cancelled
}

extension ContainerEngine {
    /// Runs the plan's container to its end with nothing on its stdin: collects its stdout
    /// (at most `outputLimit` bytes) and the last lines of its stderr, stops it when it runs
    /// longer than `timeout` seconds or the calling task is cancelled, and makes sure it is
    /// gone afterwards (`podman run --rm` can return before podman removed it).
    ///
    /// - Throws: what `run` throws (the engine is missing, a secret has no value); a
    ///   container that fails is an outcome, not an error.
    public func runToCompletion(
        _ plan: ContainerPlan, secrets: [String: String], timeout: Double, outputLimit: Int = 1 << 20
    ) async throws -> OneShotOutcome {
        let handle = try await run(plan, secrets: secrets)
        handle.closePipes()  // stdin: the container reads EOF at once
        let output = OutputCollector(reading: handle.stdout, limit: outputLimit, name: "stdout \(plan.name)")
        let ending = await withTaskGroup(of: OneShotEnding.self) { group -> OneShotEnding in
            group.addTask {
                let status = await handle.waitForExit()
                await output.waitForEnd()
                return .exited(status)
            }
            group.addTask {
                do {
                    try await Task.sleep(nanoseconds: UInt64(max(0.001, timeout) * 1_000_000_000))
                    return .timedOut
                } catch {
                    return .cancelled
                }
            }
            let first = await group.next() ?? .cancelled
            group.cancelAll()
            if case .exited = first { return first }
            // Out of time or cancelled: stopping it ends `podman run`, and so the first task.
            try? await stop(plan.name, timeout: 0)
            return first
        }
        if (try? await inspect(plan.name)) != nil { try? await stop(plan.name, timeout: 0) }
        handle.closePipes()
        let (stdout, truncated) = output.output
        let stderr = handle.stderr.last(20)
        switch ending {
        case .exited(let status):
            return OneShotOutcome(stdout: stdout, stdoutTruncated: truncated, stderr: stderr, exitStatus: status)
        case .timedOut:
            return OneShotOutcome(stdout: stdout, stdoutTruncated: truncated, stderr: stderr, exitStatus: nil, timedOut: true)
        case .cancelled:
            return OneShotOutcome(stdout: stdout, stdoutTruncated: truncated, stderr: stderr, exitStatus: nil, cancelled: true)
        }
    }
}
