import Foundation

extension PodmanEngine: BaseImageBuilder {
    /// `mmdebstrap … <temp>/rootfs.tar`, then `podman import --change … <temp>/rootfs.tar
    /// tag`. The tarball is imported only when `mmdebstrap` finished, so a failed or stopped
    /// build tags nothing; the temporary folder is removed either way.
    public func buildBase(_ recipe: DebianBaseImage, progress: @escaping @Sendable (String) -> Void) async throws {
        guard let executable else { throw ImageBuildError.engineMissing(engine: name) }
        guard let mmdebstrap = ProcessRunner.which("mmdebstrap", path: environment["PATH"]) else {
            throw ImageBuildError.toolMissing(tool: "mmdebstrap")
        }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("mcp-registry-base-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let tarball = folder.appendingPathComponent("rootfs.tar").path

        var bootstrapEnvironment = environment
        bootstrapEnvironment["TMPDIR"] = folder.path
        let made = try await StreamedProcess.run(
            mmdebstrap, recipe.mmdebstrapArguments(output: tarball), environment: bootstrapEnvironment, line: progress)
        if made.cancelled { throw ImageBuildError.interrupted(tag: recipe.tag, output: made.tail) }
        guard made.status == 0 else { throw ImageBuildError.failed(tag: recipe.tag, status: made.status, output: made.tail) }

        let imported = try await StreamedProcess.run(
            executable, ["import"] + recipe.importChanges.flatMap { ["--change", $0] }
                + ["--message", "mcp-registry \(recipe.runtime) base image from Debian \(recipe.suite)", tarball, recipe.tag],
            environment: environment, line: progress)
        if imported.cancelled { throw ImageBuildError.interrupted(tag: recipe.tag, output: imported.tail) }
        guard imported.status == 0 else { throw ImageBuildError.failed(tag: recipe.tag, status: imported.status, output: imported.tail) }
        guard try await imageExists(recipe.tag) else { throw ImageBuildError.interrupted(tag: recipe.tag, output: imported.tail) }
    }
}
