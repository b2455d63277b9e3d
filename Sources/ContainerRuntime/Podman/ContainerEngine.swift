import Foundation

/// A container engine driven through its command-line tool. `PodmanEngine` is the one
/// conformance; another engine is one more.
public protocol ContainerEngine: Sendable {
    /// A short name (`podman`).
    var name: String { get }
    /// Throws `ContainerEngineError.engineMissing` (with why: not found, `version` failed,
    /// could not be spawned) when the engine cannot be used.
    func checkAvailable() async throws
    /// Whether the image is present locally.
    func imageExists(_ image: String) async throws -> Bool
    /// Pulls the image.
    func pull(_ image: String) async throws
    /// Starts the plan's container attached to our pipes. `secrets` maps each of the plan's
    /// secret environment variables to its value; the values go only into the engine
    /// process's environment.
    func run(_ plan: ContainerPlan, secrets: [String: String]) async throws -> ContainerHandle
    /// Stops a container (`stop -t timeout`, then kill and remove) and waits until it is gone.
    func stop(_ nameOrID: String, timeout: Int) async throws
    /// The container's state, or `nil` when there is no such container.
    func inspect(_ nameOrID: String) async throws -> ContainerInfo?
    /// Every container labelled `io.mcp-registry.managed=true`, running or not.
    func listManaged() async throws -> [ContainerInfo]
    /// Removes managed containers that are not in `except` (names, ids, or registry sessions
    /// as in the `io.mcp-registry.session` label) and whose owning registry process is gone
    /// (or is this one). Returns the names removed.
    func sweep(except: Set<String>) async throws -> [String]
}

extension ContainerEngine {
    /// Whether the container exists and runs.
    public func isRunning(_ nameOrID: String) async -> Bool {
        (try? await inspect(nameOrID))?.running ?? false
    }
}

/// A container as the engine reports it.
public struct ContainerInfo: Sendable, Hashable, Codable {
    /// The full id.
    public var id: String
    public var name: String
    public var image: String
    public var running: Bool
    /// `running`, `exited`, `created`…
    public var status: String
    public var labels: [String: String]
    /// The command line inside the container (path and args), never the environment.
    public var command: [String]

    public init(id: String, name: String, image: String, running: Bool, status: String, labels: [String: String], command: [String] = []) {
        self.id = id
        self.name = name
        self.image = image
        self.running = running
        self.status = status
        self.labels = labels
        self.command = command
    }

    /// The first 12 characters of the id.
    public var shortID: String { String(id.prefix(12)) }
}

/// Why the engine could not do something: the facts only (which engine, image, command,
/// status); `RegistryServer` words them with what to do next (how to install podman, how
/// to pull an image).
public enum ContainerEngineError: Error, Sendable, Hashable, CustomStringConvertible, LocalizedError {
    /// The engine's executable is not installed or cannot run.
    case engineMissing(engine: String, reason: EngineUnavailability)
    /// An engine command failed.
    case commandFailed(command: String, status: Int32, stderr: String)
    /// The image is not present and the pull policy forbids pulling.
    case imageMissing(image: String)
    /// The image is not present and pulling it failed (offline, unknown image, no access).
    case pullFailed(image: String, stderr: String)
    /// A secret the plan names has no value.
    case secretUnavailable(name: String)
    /// The container would not stop.
    case stopFailed(name: String, detail: String)

    public var description: String {
        switch self {
        case .engineMissing(let engine, let reason):
            return "\(engine) is not installed or cannot run" + (reason.detail(engine: engine).map { " (\($0))" } ?? "")
        case .commandFailed(let command, let status, let stderr):
            let detail = stderr.trimmingCharacters(in: .whitespacesAndNewlines)
            return "`\(command)` failed with status \(status)" + (detail.isEmpty ? "." : ": \(detail)")
        case .imageMissing(let image):
            return "the image \(image) is not present and the pull policy is `never`"
        case .pullFailed(let image, _):
            let detail = lastStderrLine
            return "the image \(image) is not present locally and pulling it failed" + (detail.isEmpty ? "" : " (\(detail))")
        case .secretUnavailable(let name):
            return "The secret for \(name) has no value."
        case .stopFailed(let name, let detail):
            return "Container \(name) did not stop: \(detail)"
        }
    }

    public var errorDescription: String? { description }

    /// The last line of a failed pull's stderr (podman's reason), trimmed; empty otherwise.
    public var lastStderrLine: String {
        guard case .pullFailed(_, let stderr) = self else { return "" }
        return stderr.split(separator: "\n").last.map { String($0).trimmingCharacters(in: .whitespaces) } ?? ""
    }
}

/// Why the engine cannot be used.
public enum EngineUnavailability: Sendable, Hashable {
    /// No executable of that name or path was found.
    case notFound
    /// `<engine> version` ran and failed; its stderr, trimmed.
    case versionFailed(stderr: String)
    /// Spawning the executable failed (`error` as the system reported it).
    case spawnFailed(executable: String, error: String)

    /// What failed, as a fact (`podman version` failed: …), or `nil` when nothing was found.
    public func detail(engine: String) -> String? {
        switch self {
        case .notFound: nil
        case .versionFailed(let stderr): "`\(engine) version` failed: \(stderr)"
        case .spawnFailed(let executable, let error): "Running \(executable) failed: \(error)"
        }
    }
}
