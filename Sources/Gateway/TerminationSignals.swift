import Foundation

/// Runs clean-up once when the process is told to stop (SIGTERM, SIGINT, SIGHUP), then
/// exits with `128 + signal`. For the executable: `TerminationSignals.install { await gateway.stopAll() }`.
/// (Stdin EOF is the MCP server's to notice; it calls `stopAll()` itself.)
public enum TerminationSignals {
    private static let state = SignalState()

    /// Installs the handlers; later calls add more clean-up work.
    public static func install(_ cleanup: @escaping @Sendable () async -> Void) {
        state.add(cleanup)
    }
}

private final class SignalState: @unchecked Sendable {
    private let lock = NSLock()
    private var cleanups: [@Sendable () async -> Void] = []
    private var sources: [DispatchSourceSignal] = []
    private var fired = false

    func add(_ cleanup: @escaping @Sendable () async -> Void) {
        lock.lock()
        defer { lock.unlock() }
        cleanups.append(cleanup)
        guard sources.isEmpty else { return }
        for number in [SIGTERM, SIGINT, SIGHUP] {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { [weak self] in self?.fire(number) }
            source.resume()
            sources.append(source)
        }
    }

    private func fire(_ number: Int32) {
        lock.lock()
        let first = !fired
        fired = true
        let work = cleanups
        lock.unlock()
        guard first else { return }
        Task.detached {
            for cleanup in work { await cleanup() }
            exit(128 + number)
        }
    }
}
