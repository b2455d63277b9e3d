import ContainerRuntime
import Foundation
import Logging
import MCP
import MCPStdio
import RegistryCore
import Synchronization

/// Runs container entries and `oci` packages with a container engine (podman), hardened as
/// `ContainerPlan` describes, and speaks MCP over the container's stdin/stdout.
public struct ContainerConnector: ChildConnector {
    public let kind = "container"
    public let engine: any ContainerEngine
    /// Paths never mounted besides the built-in list (the registry's config folder).
    public let forbiddenPaths: [String]
    private let logger = Logger(label: "mcp-registry.containers")

    public init(engine: any ContainerEngine, forbiddenPaths: [String] = []) {
        self.engine = engine
        self.forbiddenPaths = forbiddenPaths
    }

    public func canConnect(_ entry: CatalogEntry) -> Bool {
        ContainerPlanner.canPlan(entry)
    }

    public func open(_ request: ChildLaunchRequest) async throws -> any ChildConnection {
        let plan = try self.plan(request)
        return try await run(plan, secrets: request.secrets)
    }

    /// Plans the container for a request (hardening from the settings, volumes limited to
    /// the allowed roots and never the forbidden paths).
    public func plan(_ request: ChildLaunchRequest) throws -> ContainerPlan {
        let settings = request.settings.containers
        let planner = ContainerPlanner(
            settings: settings, session: request.session,
            volumePolicy: VolumePolicy(allowedRoots: settings.allowedVolumeRoots, extraForbidden: forbiddenPaths))
        return try planner.plan(entry: request.entry, config: request.config, availableSecrets: request.secrets.names())
    }

    /// Reads the secret values the plan names and starts it: one `podman run --pull never`,
    /// with no separate check that the image is there (a missing one makes podman exit at
    /// once, and `recover(after:)` pulls it when the pull policy allows). The `always`
    /// policy pulls first. Package connectors (npm, PyPI) build an image, plan it as a
    /// container launch and run it through here.
    public func run(_ plan: ContainerPlan, secrets: SecretSource) async throws -> ContainerConnection {
        if plan.pullPolicy == .always { try await engine.pull(plan.image) }
        var values: [String: String] = [:]
        for binding in plan.secrets {
            guard let value = secrets.value(binding.secretName) else {
                throw ContainerEngineError.secretUnavailable(name: binding.secretName)
            }
            values[binding.environmentVariable] = value
        }
        let handle = try await engine.run(plan, secrets: values)
        logger.info("container started", metadata: ["entry": "\(plan.entryID)", "name": "\(plan.name)"])
        return ContainerConnection(handle: handle, engine: engine)
    }

    /// A container whose image was not there: pulled when the pull policy allows (then
    /// `true`, start it again), `ContainerEngineError.imageMissing` when it is `never`.
    public func recover(after connection: any ChildConnection) async throws -> Bool {
        guard let container = connection as? ContainerConnection, container.imageWasMissing else { return false }
        let plan = container.handle.plan
        guard plan.pullPolicy != .never else { throw ContainerEngineError.imageMissing(image: plan.image) }
        try await engine.pull(plan.image)
        return true
    }
}

/// A running container as a child connection.
public final class ContainerConnection: ChildConnection, @unchecked Sendable {
    public let handle: ContainerHandle
    public let engine: any ContainerEngine
    public let transport: any Transport
    private let closed = Mutex(false)

    public init(handle: ContainerHandle, engine: any ContainerEngine) {
        self.handle = handle
        self.engine = engine
        self.transport = PipeTransport(input: handle.stdout, output: handle.stdin)
    }

    public var summary: ChildSummary {
        ChildSummary(
            kind: "container", containerName: handle.name, containerID: handle.containerID.map { String($0.prefix(12)) },
            image: handle.plan.image,
            environmentNames: handle.plan.environment.keys.sorted(),
            secretNames: handle.plan.secrets.map(\.secretName).sorted(),
            networkDisabled: handle.plan.disableNetwork && !handle.plan.requiresNetwork)
    }

    public func recentErrorOutput(_ limit: Int) -> [String] { handle.stderr.last(limit) }

    /// `podman run --pull never` stopped because the image is not in local storage (podman
    /// exits with 125 and says `image not known`).
    public var imageWasMissing: Bool {
        guard handle.exitStatus == 125 else { return false }
        let said = handle.stderr.last(5).joined(separator: "\n").lowercased()
        return said.contains("image not known") || said.contains("no such image")
    }

    public func onTermination(_ handler: @escaping @Sendable (String) -> Void) {
        handle.onExit { status in handler("the container exited with status \(status)") }
    }

    private func markClosed() -> Bool {
        closed.withLock { closed in
            defer { closed = true }
            return !closed
        }
    }

    /// Stops the container (`podman stop -t 2`, then kill and remove), waits for `podman run`
    /// to exit, and closes the pipes. A container that exited by itself is removed too:
    /// `podman run --rm` can exit before podman's own clean-up has removed it.
    public func close() async {
        guard markClosed() else { return }
        let exitedByItself = handle.exitStatus != nil
        if !exitedByItself {
            try? await engine.stop(handle.name, timeout: 2)
        }
        let handle = self.handle
        _ = try? await withDeadline(seconds: 15, operation: { await handle.waitForExit() }, onTimeout: {})
        handle.closePipes()
        if exitedByItself, (try? await engine.inspect(handle.name)) != nil {
            try? await engine.stop(handle.name, timeout: 0)
        }
    }
}
