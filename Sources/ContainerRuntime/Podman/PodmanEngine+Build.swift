import Foundation

extension PodmanEngine: ImageBuilder {
    /// `podman build --pull=never -t tag -f <temp>/Containerfile <context>` (an empty
    /// folder when `context` is `nil`), its output streamed line by line to `progress`.
    /// The Containerfile is written outside the context, so a package cannot bring its own.
    /// Podman writes the tag only after the last step, so a failed or stopped build leaves
    /// no tagged image behind.
    public func build(containerfile: String, tag: String, context given: URL?, progress: @escaping @Sendable (String) -> Void) async throws {
        guard let executable else { throw ImageBuildError.engineMissing(engine: name) }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("mcp-registry-build-\(UUID().uuidString)")
        let empty = folder.appendingPathComponent("context")
        try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("Containerfile")
        try Data(containerfile.utf8).write(to: file)
        let context = given ?? empty

        let outcome = try await StreamedProcess.run(
            executable, ["build", "--pull=never", "--layers", "--force-rm", "-t", tag, "-f", file.path, context.path],
            environment: environment, line: progress)
        if outcome.cancelled { throw ImageBuildError.interrupted(tag: tag, output: outcome.tail) }
        guard outcome.status == 0 else { throw ImageBuildError.failed(tag: tag, status: outcome.status, output: outcome.tail) }
        // A build stopped by a signal can exit 0 without tagging (podman build on SIGTERM).
        guard try await imageExists(tag) else { throw ImageBuildError.interrupted(tag: tag, output: outcome.tail) }
    }
}
