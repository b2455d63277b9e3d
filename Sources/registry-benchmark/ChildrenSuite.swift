import Foundation
import Synchronization
import Gateway
import HostileChild
import MCP
import RegistryCore

/// Issue 16, hostile children: the real `Gateway` with two real child processes
/// (`HostileChildServer`), one of which misbehaves (a notification flood, malformed lines,
/// responses to requests never made, calls that never end, a 50 MB message) while the other
/// one's `echo` is called in a loop. Figures: that echo's latency during each misbehaviour
/// (target: every answer within 100 ms), the faults kept, and the process's resident memory.
enum ChildrenSuite {
    static func run(_ options: BenchmarkOptions) async throws {
        print("== children: a hostile child misbehaves while another server's echo is timed (in-process Gateway, real python3 children)")
        // Before and after issue 16's fix, in one run: the child's messages screened on the
        // cooperative pool after they were queued, then on the pipe's reader thread.
        var worst: [String: Double] = [:]
        for (label, onReader) in [("screened on the pool (before)", false), ("screened on the reader thread (after)", true)] {
            print("  -- \(label)")
            worst[label] = try await run(screenOnReaderThread: onReader)
        }
        print("  worst echo, before → after: "
              + String(format: "%.1f → %.1f ms", (worst["screened on the pool (before)"] ?? 0) * 1000, (worst["screened on the reader thread (after)"] ?? 0) * 1000))
    }

    /// One pass of every case; returns the worst echo (seconds).
    static func run(screenOnReaderThread: Bool) async throws -> Double {
        let gateway = Gateway(
            settings: RegistrySettings(containers: ContainerSettings(startTimeout: 60, callTimeout: 3)),
            connectors: [ProcessChildConnector(screenOnReaderThread: screenOnReaderThread)],
            restartPolicy: .init(initialDelay: 0.2, maximumDelay: 1, maximumAttempts: 50, stableUptime: 1))
        defer { Task { await gateway.stopAll() } }
        _ = try await gateway.activate(entry: HostileChildServer.entry(id: "local/hostile", name: "h"), prefix: "h", remember: false)
        _ = try await gateway.activate(entry: HostileChildServer.entry(id: "local/calm", name: "c"), prefix: "c", remember: false)
        let quiet = try await echoTimes(gateway, during: { try? await Task.sleep(nanoseconds: 1_000_000_000) })
        let start = ServerProbe.memory(pid: getpid())
        print("  quiet (nothing misbehaves): \(Percentiles(quiet).describe())")
        print("  resident memory before: \(start.resident / 1024) MB")

        let cases: [(String, @Sendable () async -> Void)] = [
            ("notification flood (500,000)", { _ = try? await gateway.call(exposedName: "h__flood", arguments: ["count": 500_000]) }),
            ("malformed lines (300 calls × 6 lines)", {
                for _ in 0..<300 { _ = try? await gateway.call(exposedName: "h__garbage", arguments: [:]) }
            }),
            ("responses never asked for (300 calls × 2)", {
                for _ in 0..<300 { _ = try? await gateway.call(exposedName: "h__unsolicited", arguments: [:]) }
            }),
            ("8 calls that never end (3 s time-out)", {
                await withTaskGroup(of: Void.self) { group in
                    for _ in 0..<8 { group.addTask { _ = try? await gateway.call(exposedName: "h__hang", arguments: [:]) } }
                }
            }),
            ("a 50 MB message (ends the child; it is restarted)", {
                _ = try? await gateway.call(exposedName: "h__oversize", arguments: ["megabytes": 50])
            }),
        ]
        var worst = 0.0
        for (name, misbehave) in cases {
            let times = try await echoTimes(gateway, during: misbehave)
            let stats = Percentiles(times)
            worst = max(worst, stats.value(1))
            let memory = ServerProbe.memory(pid: getpid())
            print("  during \(name): \(stats.describe())   " + Target.verdict(stats.value(1), under: 0.1, label: "max")
                  + "   resident \(memory.resident / 1024) MB, peak \(memory.peak / 1024) MB")
            // Back to ready before the next case (a case may have ended the child).
            let deadline = Date().addingTimeInterval(30)
            while Date() < deadline, await gateway.active().first(where: { $0.prefix == "h" })?.status != "running" {
                try? await Task.sleep(nanoseconds: 100_000_000)
            }
        }
        let faults = await gateway.active().first { $0.prefix == "h" }?.faults ?? ChildFaults()
        let calm = await gateway.active().first { $0.prefix == "c" }?.faults
        print("  faults kept for the hostile child: \(faults.malformedMessages) malformed, \(faults.unsolicitedResponses) unsolicited, "
              + "\(faults.droppedNotifications) notifications dropped, \(faults.timedOutCalls) timed out, "
              + "oversized \(faults.oversizedMessageLimit.map { "\($0 / 1_048_576) MiB" } ?? "none"); the calm one: \(calm == nil ? "none" : "SOME")")
        let end = ServerProbe.memory(pid: getpid())
        print("  resident memory after: \(end.resident / 1024) MB (peak \(end.peak / 1024) MB, \((end.peak - start.resident) / 1024) MB over the start)")
        print("  other tools answer while a child misbehaves: worst \(String(format: "%.1f", worst * 1000)) ms   "
              + Target.verdict(worst, under: 0.1, label: "max"))
        await gateway.stopAll()
        return worst
    }

    /// The calm server's echo, called one after another while `misbehave` runs (at least
    /// 50 calls): each call's seconds. Throws when an echo is wrong.
    static func echoTimes(_ gateway: Gateway, during misbehave: @escaping @Sendable () async -> Void) async throws -> [Double] {
        let done = Flag()
        let task = Task {
            await misbehave()
            done.set()
        }
        var times: [Double] = []
        var round = 0
        while !done.value || times.count < 50 {
            let text = "calm-\(round)"
            round += 1
            let start = DispatchTime.now().uptimeNanoseconds
            let result = try await gateway.call(exposedName: "c__echo", arguments: ["text": .string(text)])
            times.append(seconds(since: start))
            guard ActivationSuite.text(result.content) == text else { throw SuiteError("the calm echo answered \(ActivationSuite.text(result.content) ?? "nothing")") }
        }
        await task.value
        return times
    }
}

/// A flag set once, read from anywhere.
final class Flag: Sendable {
    private let isSet = Mutex(false)
    func set() { isSet.withLock { $0 = true } }
    var value: Bool { isSet.withLock { $0 } }
}
