import Foundation

/// Builds images from a Containerfile (for npm and PyPI packages, and hosted packages
/// built from their own files). Separate from `ContainerEngine` so engines that cannot
/// build still run images.
public protocol ImageBuilder: Sendable {
    /// Builds `containerfile` as `tag`, never pulling the base image itself. The build
    /// context is `context` (a hosted package's unpacked folder, which the Containerfile
    /// `COPY`s), or an empty folder when `nil`; the Containerfile itself is never read from
    /// the context. `progress` receives each line of the build's output as it comes. The
    /// tag is written only when every step succeeded; cancelling the task stops the build.
    /// - Throws: `ImageBuildError` with the last lines of the output.
    func build(containerfile: String, tag: String, context: URL?, progress: @escaping @Sendable (String) -> Void) async throws
}

extension ImageBuilder {
    /// Builds with an empty context (npm and PyPI packages install from their registry).
    public func build(containerfile: String, tag: String, progress: @escaping @Sendable (String) -> Void) async throws {
        try await build(containerfile: containerfile, tag: tag, context: nil, progress: progress)
    }
}

/// Builds runtime base images from Debian packages (`DebianBaseImage`) when the configured
/// base image can be neither found nor pulled.
public protocol BaseImageBuilder: Sendable {
    /// Builds the root file system and imports it as `recipe.tag`; the tag is written only
    /// when the whole root file system was made. `progress` receives each line of output.
    /// - Throws: `ImageBuildError` (`.toolMissing` when `mmdebstrap` is absent).
    func buildBase(_ recipe: DebianBaseImage, progress: @escaping @Sendable (String) -> Void) async throws
}

/// Why an image build failed.
public enum ImageBuildError: Error, Sendable, Hashable, CustomStringConvertible, LocalizedError {
    /// The build ran and exited with `status`; `output` holds its last lines.
    case failed(tag: String, status: Int32, output: [String])
    /// The build was stopped before it finished (the request was cancelled, the registry
    /// is shutting down); nothing was tagged.
    case interrupted(tag: String, output: [String])
    /// The container engine (`podman`) is not installed.
    case engineMissing(engine: String)
    /// A program the build needs (`mmdebstrap`) is not installed.
    case toolMissing(tool: String)

    /// The last lines of the build's output, when it ran.
    public var output: [String] {
        switch self {
        case .failed(_, _, let output), .interrupted(_, let output): output
        case .engineMissing, .toolMissing: []
        }
    }

    public var description: String {
        let tail = output.isEmpty ? "" : "\nLast lines of the build:\n" + output.joined(separator: "\n")
        switch self {
        case .failed(let tag, let status, _):
            return "Building the image \(tag) failed (status \(status)); nothing was tagged.\(tail)"
        case .interrupted(let tag, _):
            return "Building the image \(tag) was interrupted before it finished; nothing was tagged.\(tail)"
        case .engineMissing(let engine):
            return "\(engine) is not installed, so no image can be built"
        case .toolMissing(let tool):
            return "\(tool) is not installed, so no base image can be built from Debian packages"
        }
    }

    public var errorDescription: String? { description }
}
