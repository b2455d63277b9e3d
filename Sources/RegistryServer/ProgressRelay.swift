import MCP

/// Passes a proxied call's progress on to the AI client: the child's progress
/// notifications go out as `notifications/progress` under the token the client's request
/// carried (`params._meta.progressToken`).
///
/// The MCP server sets `ProgressRelay.current` for the duration of a `tools/call` whose
/// request asked for progress; whatever proxies a call in that task (a proxied tool, or
/// `registry-exec`) reads it.
struct ProgressRelay: Sendable {
    /// The relay of the `tools/call` being answered, when the client asked for progress.
    @TaskLocal static var current: ProgressRelay?

    let server: Server
    let token: ProgressToken

    /// Sends one of the child's progress notifications to the client under its own token.
    func forward(_ parameters: ProgressNotification.Parameters) async {
        try? await server.notify(ProgressNotification.message(
            .init(progressToken: token, progress: parameters.progress, total: parameters.total, message: parameters.message)))
    }
}
