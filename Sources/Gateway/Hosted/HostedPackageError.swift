import Foundation
import PackageArchive

/// Why a hosted package (`mcpb`: a `.tar.gz` or `.mcpb` bundle from a registry) could not
/// be prepared for its image build. Facts only; `RegistryServer` and `mcp-registry` word them.
public enum HostedPackageError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The package names no usable download (not an http(s) URL) or no SHA-256.
    case notDownloadable(url: String)
    /// The download could not be made (connection refused, DNS, TLS…).
    case unreachable(url: String, reason: String)
    /// The server answered with a status other than 200.
    case httpStatus(url: String, status: Int)
    /// The file is larger than `limit` bytes (announced or as it came).
    case tooLarge(url: String, limit: Int64)
    /// The file's SHA-256 is not the one the registry published: nothing was built.
    case digestMismatch(url: String, expected: String, actual: String)
    /// The archive was refused while unpacking (a path leaving the folder, a device file,
    /// too many entries or bytes, not an archive).
    case unpackRefused(UnpackRefusal)
    /// The project is neither a Python project (`server.py`, `requirements.txt`,
    /// `pyproject.toml`, an `.mcpb` manifest of type python) nor a Node one (`package.json`).
    case unknownProjectKind(files: [String])
    /// The project's entry point is missing or unusable (`reason` says which).
    case entryPoint(reason: String)

    public var description: String {
        switch self {
        case .notDownloadable(let url): "not a downloadable package: \(url)"
        case .unreachable(let url, let reason): "cannot download \(url): \(reason)"
        case .httpStatus(let url, let status): "downloading \(url) answered HTTP \(status)"
        case .tooLarge(let url, let limit): "\(url) is larger than \(limit) bytes"
        case .digestMismatch(let url, let expected, let actual): "SHA-256 of \(url) is \(actual), expected \(expected)"
        case .unpackRefused(let refusal): "the package was refused while unpacking: \(refusal)"
        case .unknownProjectKind(let files): "neither a Python nor a Node project (top-level files: \(files.joined(separator: ", ")))"
        case .entryPoint(let reason): "no usable entry point: \(reason)"
        }
    }
}
