import Foundation

/// Builds images from a Containerfile (for npm and PyPI packages). Separate from
/// `ContainerEngine` so engines that cannot build still run images.
public protocol ImageBuilder: Sendable {
    /// Builds `containerfile` (with an empty context) as `tag`, never pulling the base
    /// image itself. `progress` receives each line of the build's output as it comes.
    /// - Throws: `ImageBuildError` with the last lines of the output.
    func build(containerfile: String, tag: String, progress: @escaping @Sendable (String) -> Void) async throws
}

/// Why an image build failed.
public enum ImageBuildError: Error, Sendable, Hashable, CustomStringConvertible, LocalizedError {
    case failed(tag: String, status: Int32, output: [String])
    case engineMissing(hint: String)

    public var description: String {
        switch self {
        case .failed(let tag, let status, let output):
            let tail = output.isEmpty ? "" : "\nLast lines of the build:\n" + output.joined(separator: "\n")
            return "Building the image \(tag) failed (status \(status)).\(tail)"
        case .engineMissing(let hint):
            return "podman is not installed, so no image can be built. \(hint)"
        }
    }

    public var errorDescription: String? { description }
}
