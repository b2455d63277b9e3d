import Logging

/// Logs go to stderr: stdout belongs to JSON-RPC.
enum LogSetup {
    nonisolated(unsafe) private static var done = false

    static func bootstrap(level: String) {
        guard !done else { return }
        done = true
        let parsed = Logger.Level(rawValue: level.lowercased()) ?? .info
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = parsed
            return handler
        }
    }
}
