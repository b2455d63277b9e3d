import Foundation
import Synchronization

/// One run of the built `mcp-registry` binary that may be killed with SIGKILL after a delay,
/// as a power cut or the OOM killer would: no signal handler, no clean-up runs.
struct KillableRun {
    /// How the run ended.
    enum Ending: Equatable {
        case exited(Int32)
        case killed
    }

    let binary: String
    let arguments: [String]
    let environment: [String: String]
    /// Written to the process's stdin (which then stays open, as an AI client's pipe does).
    var input: Data = Data()
    /// How often `killWhen` is asked, in seconds.
    var pollInterval: TimeInterval = 0.0005
    /// When `killWhen` fires, close stdin (a clean stop, as when the client quits) instead
    /// of SIGKILL; SIGKILL only if it has not exited 30 seconds later.
    var stopsGently = false

    /// Runs the process; kills it after `killAfter` seconds unless it ended before.
    /// Returns how it ended and how long it ran.
    func run(killAfter: TimeInterval?) throws -> (ending: Ending, seconds: TimeInterval) {
        guard let killAfter else { return try run(killWhen: nil) }
        return try run { elapsed in elapsed >= killAfter }
    }

    /// Runs the process, killing it as soon as `killWhen` (given the seconds elapsed, asked
    /// every half millisecond) says so.
    func run(onStart: (Int32) -> Void = { _ in }, killWhen: ((TimeInterval) -> Bool)?) throws -> (ending: Ending, seconds: TimeInterval) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = arguments
        process.environment = environment
        let stdin = Pipe()
        process.standardInput = stdin
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        let started = Date()
        try process.run()
        onStart(process.processIdentifier)
        if !input.isEmpty { try stdin.fileHandleForWriting.write(contentsOf: input) }
        var killed = false
        if let killWhen {
            while process.isRunning, !killWhen(Date().timeIntervalSince(started)) { usleep(useconds_t(pollInterval * 1_000_000)) }
            if process.isRunning, stopsGently {
                try? stdin.fileHandleForWriting.close()
                let deadline = Date().addingTimeInterval(30)
                while process.isRunning, Date() < deadline { usleep(10_000) }
            }
            if process.isRunning {
                kill(process.processIdentifier, SIGKILL)
                killed = true
            }
        }
        process.waitUntilExit()
        try? stdin.fileHandleForWriting.close()
        let seconds = Date().timeIntervalSince(started)
        if killed, process.terminationReason == .uncaughtSignal { return (.killed, seconds) }
        return (.exited(process.terminationStatus), seconds)
    }
}

/// Watches folders from another thread while writers run and records every file it ever
/// sees that others could read (any of the mode bits 0o077) — temporary files included.
final class PermissionWatcher: @unchecked Sendable {
    private let folders: [String]
    private struct Watch {
        var exposed: [String] = []
        var scans = 0
        var running = true
    }

    private let watch = Mutex(Watch())
    private var thread: Thread?

    init(folders: [String]) {
        self.folders = folders
    }

    func start() {
        let thread = Thread { [self] in
            while watch.withLock({ $0.running }) {
                for folder in folders {
                    for name in (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [] {
                        var info = stat()
                        let path = folder + "/" + name
                        if lstat(path, &info) == 0, info.st_mode & 0o077 != 0, (info.st_mode & S_IFMT) == S_IFREG {
                            watch.withLock { $0.exposed.append("\(path) mode \(String(info.st_mode & 0o777, radix: 8))") }
                        }
                    }
                }
                watch.withLock { $0.scans += 1 }
            }
        }
        self.thread = thread
        thread.start()
    }

    /// Stops watching; returns the exposed files seen and how many scans ran.
    func stop() -> (exposed: [String], scans: Int) {
        watch.withLock { $0.running = false }
        while thread?.isFinished == false { usleep(1000) }
        return watch.withLock { ($0.exposed, $0.scans) }
    }
}
