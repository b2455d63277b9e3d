import Foundation
import Synchronization

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

private final class SignalState: Sendable {
    private struct State {
        var cleanups: [@Sendable () async -> Void] = []
        var sources: [any DispatchSourceSignal] = []
        var fired = false
    }

    private let state = Mutex(State())

    func add(_ cleanup: @escaping @Sendable () async -> Void) {
        state.withLock { state in
            state.cleanups.append(cleanup)
            guard state.sources.isEmpty else { return }
            for number in [SIGTERM, SIGINT, SIGHUP] {
                signal(number, SIG_IGN)
                let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
                source.setEventHandler { [weak self] in self?.fire(number) }
                source.resume()
                state.sources.append(source)
            }
        }
    }

    private func fire(_ number: Int32) {
        let (first, work) = state.withLock { state -> (Bool, [@Sendable () async -> Void]) in
            defer { state.fired = true }
            return (!state.fired, state.cleanups)
        }
        guard first else { return }
        Task.detached {
            for cleanup in work { await cleanup() }
            exit(128 + number)
        }
    }
}
