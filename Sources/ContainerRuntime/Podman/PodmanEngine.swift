import Foundation
import Logging
import Synchronization

/// Podman through spawned `podman` processes (no socket API), argv without a shell.
public struct PodmanEngine: ContainerEngine {
    public let name = "podman"
    /// The `podman` executable, when found.
    public let executable: String?
    /// The environment every podman process gets (the registry's, plus overrides such as
    /// `CONTAINERS_CONF`).
    public let environment: [String: String]
    private let logger = Logger(label: "mcp-registry.podman")

    /// The executable used when none is given: `MCP_REGISTRY_PODMAN` (a path or a name)
    /// when set, else `podman`.
    public static var defaultExecutable: String {
        let chosen = ProcessInfo.processInfo.environment["MCP_REGISTRY_PODMAN"] ?? ""
        return chosen.isEmpty ? "podman" : chosen
    }

    /// - Parameters:
    ///   - executable: a path or a name looked up on `PATH` (default `podman`, or
    ///     `MCP_REGISTRY_PODMAN`).
    ///   - environment: variables set over the registry's own environment for every podman
    ///     process (`CONTAINERS_CONF`…).
    public init(executable: String = PodmanEngine.defaultExecutable, environment: [String: String] = [:]) {
        var merged = ProcessInfo.processInfo.environment
        merged.merge(environment) { _, new in new }
        self.environment = merged
        self.executable = ProcessRunner.which(executable, path: merged["PATH"])
    }

    public func checkAvailable() async throws {
        let result = try await podman(["version", "--format", "{{.Client.Version}}"])
        guard result.succeeded else {
            throw ContainerEngineError.engineMissing(
                engine: name, reason: .versionFailed(stderr: result.stderrText.trimmingCharacters(in: .whitespacesAndNewlines)))
        }
    }

    public func imageExists(_ image: String) async throws -> Bool {
        let result = try await podman(["image", "exists", "--", image])
        switch result.status {
        case 0: return true
        case 1: return false
        default: throw failure(["image", "exists", image], result)
        }
    }

    public func pull(_ image: String) async throws {
        logger.info("pulling image", metadata: ["image": "\(image)"])
        let result = try await podman(["pull", "--quiet", "--", image])
        guard result.succeeded else { throw ContainerEngineError.pullFailed(image: image, stderr: result.stderrText) }
    }

    public func run(_ plan: ContainerPlan, secrets: [String: String]) async throws -> ContainerHandle {
        guard let executable else { throw ContainerEngineError.engineMissing(engine: name, reason: .notFound) }
        var env = environment
        for variable in plan.secretEnvironmentNames {
            guard let value = secrets[variable] else { throw ContainerEngineError.secretUnavailable(name: variable) }
            env[variable] = value
        }
        let idFile = Self.idFile(for: plan.name)
        var arguments = plan.runArguments
        if let idFile {
            // The id comes back through a file podman writes anyway, not a later `inspect`.
            arguments.insert(contentsOf: ["--cidfile", idFile.path], at: 1)
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.environment = env
        let stdin = Pipe()
        let stdout = Pipe()
        let stderr = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = stderr
        let tail = StderrTail()
        let box = HandleBox()
        process.terminationHandler = { finished in
            box.handle?.markExited(finished.terminationStatus)
        }
        logger.debug("starting container", metadata: ["name": "\(plan.name)", "image": "\(plan.image)"])
        try process.run()
        let handle = ContainerHandle(
            plan: plan, process: process,
            stdin: stdin.fileHandleForWriting, stdout: stdout.fileHandleForReading,
            stderrPipe: stderr.fileHandleForReading, stderr: tail, idFile: idFile)
        box.handle = handle
        // Our copies of the child's ends are not ours to keep.
        try? stdin.fileHandleForReading.close()
        try? stdout.fileHandleForWriting.close()
        try? stderr.fileHandleForWriting.close()
        if !process.isRunning { handle.markExited(process.terminationStatus) }
        return handle
    }

    /// A fresh path for a container's `--cidfile` in a folder of this user's own under the
    /// temporary directory (podman refuses a path that exists); `nil` when the folder cannot
    /// be made (the id is then not known without `inspect`).
    static func idFile(for containerName: String) -> URL? {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("mcp-registry-cid-\(getuid())", isDirectory: true)
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            // Only a folder of our own that nobody else may write to.
            let attributes = try FileManager.default.attributesOfItem(atPath: folder.path)
            guard (attributes[.ownerAccountID] as? NSNumber)?.uint32Value == getuid(),
                  let permissions = (attributes[.posixPermissions] as? NSNumber)?.intValue, permissions & 0o077 == 0,
                  attributes[.type] as? FileAttributeType == .typeDirectory
            else { return nil }
        } catch {
            return nil
        }
        let file = folder.appendingPathComponent("\(containerName).cid")
        try? FileManager.default.removeItem(at: file)
        return file
    }

    public func stop(_ nameOrID: String, timeout: Int) async throws {
        let stopped = try await podman(["stop", "--ignore", "-t", String(max(0, timeout)), "--", nameOrID])
        if !stopped.succeeded {
            logger.warning("podman stop failed; killing", metadata: ["name": "\(nameOrID)", "stderr": "\(stopped.stderrText)"])
        }
        if try await inspect(nameOrID) != nil {
            let removed = try await podman(["rm", "--force", "--ignore", "-t", "0", "--", nameOrID])
            if !removed.succeeded, try await inspect(nameOrID) != nil {
                throw ContainerEngineError.stopFailed(name: nameOrID, detail: removed.stderrText.trimmingCharacters(in: .whitespacesAndNewlines))
            }
        }
    }

    public func inspect(_ nameOrID: String) async throws -> ContainerInfo? {
        let result = try await podman(["container", "inspect", "--format", "json", "--", nameOrID])
        guard result.succeeded else {
            if result.stderrText.lowercased().contains("no such") { return nil }
            throw failure(["container", "inspect", nameOrID], result)
        }
        guard let array = try? JSONSerialization.jsonObject(with: result.stdout) as? [[String: Any]], let object = array.first else { return nil }
        let state = object["State"] as? [String: Any] ?? [:]
        let config = object["Config"] as? [String: Any] ?? [:]
        var command: [String] = []
        if let path = object["Path"] as? String { command.append(path) }
        command += object["Args"] as? [String] ?? []
        return ContainerInfo(
            id: object["Id"] as? String ?? "",
            name: object["Name"] as? String ?? nameOrID,
            image: object["ImageName"] as? String ?? config["Image"] as? String ?? "",
            running: state["Running"] as? Bool ?? false,
            status: state["Status"] as? String ?? "",
            labels: config["Labels"] as? [String: String] ?? [:],
            command: command)
    }

    public func listManaged() async throws -> [ContainerInfo] {
        let result = try await podman(["ps", "--all", "--filter", "label=\(ContainerLabels.managed)=true", "--format", "json"])
        guard result.succeeded else { throw failure(["ps"], result) }
        guard let array = try? JSONSerialization.jsonObject(with: result.stdout) as? [[String: Any]] else { return [] }
        return array.map { object in
            let state = object["State"] as? String ?? ""
            return ContainerInfo(
                id: object["Id"] as? String ?? "",
                name: (object["Names"] as? [String])?.first ?? "",
                image: object["Image"] as? String ?? "",
                running: state == "running",
                status: state,
                labels: object["Labels"] as? [String: String] ?? [:],
                command: object["Command"] as? [String] ?? [])
        }
    }

    public func sweep(except: Set<String>) async throws -> [String] {
        let me = getpid()
        let orphans = try await listManaged().filter { info in
            if except.contains(info.name) || except.contains(info.id) || except.contains(where: { !$0.isEmpty && info.id.hasPrefix($0) })
                || info.labels[ContainerLabels.session].map(except.contains) == true {
                return false
            }
            guard let owner = info.labels[ContainerLabels.ownerPID].flatMap(Int32.init), owner != me else { return true }
            return !Self.processIsAlive(owner)
        }
        guard !orphans.isEmpty else { return [] }
        let names = orphans.map { $0.name.isEmpty ? $0.id : $0.name }
        logger.info("sweeping orphaned containers", metadata: ["names": "\(names)"])
        let result = try await podman(["rm", "--force", "--ignore", "-t", "1", "--"] + orphans.map(\.id))
        guard result.succeeded else { throw failure(["rm", "--force"], result) }
        return names
    }

    static func processIsAlive(_ pid: Int32) -> Bool {
        pid > 0 && (kill(pid, 0) == 0 || errno == EPERM)
    }

    /// Runs `podman arguments…` to completion.
    func podman(_ arguments: [String]) async throws -> ProcessResult {
        guard let executable else { throw ContainerEngineError.engineMissing(engine: name, reason: .notFound) }
        do {
            return try await ProcessRunner.run(executable, arguments, environment: environment)
        } catch {
            throw ContainerEngineError.engineMissing(engine: name, reason: .spawnFailed(executable: executable, error: "\(error)"))
        }
    }

    func failure(_ arguments: [String], _ result: ProcessResult) -> ContainerEngineError {
        .commandFailed(command: (["podman"] + arguments).joined(separator: " "), status: result.status, stderr: result.stderrText)
    }
}

/// Lets the termination handler reach the handle created after the process started.
private final class HandleBox: Sendable {
    private let current = Mutex<ContainerHandle?>(nil)
    var handle: ContainerHandle? {
        get { current.withLock { $0 } }
        set { current.withLock { $0 = newValue } }
    }
}
