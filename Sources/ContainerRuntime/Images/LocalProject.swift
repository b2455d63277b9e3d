import Foundation
import RegistryCore

/// A hosted package's project as unpacked (a `.tar.gz` of `server.py` + `requirements.txt`,
/// a Node project, an `.mcpb` bundle): what runtime it needs, which dependency files it
/// has and how it starts. `PackageImage(project:…)` builds it from its own files, the
/// unpacked folder being the build context. Pure: `Gateway`'s `LocalProjectDetector` reads
/// the folder and fills it in.
public struct LocalProject: Sendable, Hashable {
    /// The runtime the project needs.
    public enum Kind: String, Sendable, Hashable, Codable {
        case python, node

        /// The package runtime whose base image, user and Debian fallback it builds on.
        public var registryType: String { self == .python ? "pypi" : "npm" }
    }

    /// Where the project's files are copied in the image.
    public static let appFolder = "/opt/mcp-package/app"

    public var kind: Kind
    /// The SHA-256 of the package file (lower-case hex): the image is cached by it.
    public var sha256: String
    /// The dependency files present at the project root (`requirements.txt`,
    /// `pyproject.toml`, `package.json`, `package-lock.json`, `npm-shrinkwrap.json`).
    public var dependencyFiles: Set<String>
    /// Whether `package.json` declares dependencies (a Node project without any needs no
    /// install step).
    public var hasNodeDependencies: Bool
    /// The command the container runs (its `ENTRYPOINT`), paths inside `appFolder`:
    /// `[venv python, /opt/mcp-package/app/server.py]`, `[node, /opt/mcp-package/app/index.js]`.
    public var entryPoint: [String]
    /// Environment variables the package declares (an `.mcpb` manifest's `mcp_config.env`).
    public var environment: [String: String]

    public init(
        kind: Kind, sha256: String, dependencyFiles: Set<String> = [], hasNodeDependencies: Bool = false,
        entryPoint: [String] = [], environment: [String: String] = [:]
    ) {
        self.kind = kind
        self.sha256 = sha256.lowercased()
        self.dependencyFiles = dependencyFiles
        self.hasNodeDependencies = hasNodeDependencies
        self.entryPoint = entryPoint
        self.environment = environment
    }

    /// The interpreter for `kind`: the image's venv Python, or `node`.
    public var interpreter: String {
        kind == .python ? "\(PackageRuntimeSettings.pythonVenv)/bin/python" : "node"
    }

    /// The install steps, in exec form, run at build time: a venv with `requirements.txt`
    /// and/or the `pyproject.toml` project pip-installed (from PyPI), or `npm ci
    /// --ignore-scripts` (`npm install --ignore-scripts` without a lock file; nothing
    /// without dependencies). No step runs a script of the package's own.
    public var installSteps: [[String]] {
        let pipInstall = ["\(PackageRuntimeSettings.pythonVenv)/bin/pip", "install", "--no-cache-dir", "--no-input", "--disable-pip-version-check"]
        switch kind {
        case .python:
            var steps = [["python3", "-m", "venv", PackageRuntimeSettings.pythonVenv]]
            if dependencyFiles.contains("requirements.txt") { steps.append(pipInstall + ["-r", "\(Self.appFolder)/requirements.txt"]) }
            if dependencyFiles.contains("pyproject.toml") { steps.append(pipInstall + [Self.appFolder]) }
            return steps
        case .node:
            guard hasNodeDependencies else { return [] }
            let locked = dependencyFiles.contains("package-lock.json") || dependencyFiles.contains("npm-shrinkwrap.json")
            return [["npm", locked ? "ci" : "install", "--ignore-scripts", "--omit=dev", "--no-audit", "--no-fund"]]
        }
    }
}
