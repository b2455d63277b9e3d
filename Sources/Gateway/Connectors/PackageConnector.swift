import ContainerRuntime
import Foundation
import Logging
import MCP
import RegistryCore

/// Runs npm and PyPI packages in a container, never on the host.
///
/// The first start builds a small image from the runtime's base image
/// (`containers.nodeBaseImage` / `pythonBaseImage`) that installs the exact package version
/// and runs as a non-root user (`PackageImage`, recipe in `containers.packageRuntimes`);
/// later starts reuse it (cached by package, version and recipe). The container is then
/// planned and run like any image server (`ContainerConnector`: the same hardening,
/// arguments, environment and secrets from the entry's inputs). Build progress is readable
/// through `activity(for:)` while it runs.
public struct PackageConnector: ChildConnector {
    public let kind = "package"
    public let containers: ContainerConnector
    public let builder: any ImageBuilder
    private let status = PackageBuildStatus()
    private let logger = Logger(label: "mcp-registry.packages")

    public init(containers: ContainerConnector, builder: any ImageBuilder) {
        self.containers = containers
        self.builder = builder
    }

    public func canConnect(_ entry: CatalogEntry) -> Bool {
        guard case .package(let package) = entry.launch else { return false }
        return ["npm", "pypi"].contains(package.registryType.lowercased()) && ["", "stdio"].contains(package.transport.lowercased())
    }

    public func activity(for entryID: String) -> String? { status.get(entryID) }

    public func open(_ request: ChildLaunchRequest) async throws -> any ChildConnection {
        guard case .package(let package) = request.entry.launch,
            let runtime = request.settings.containers.packageRuntime(for: package.registryType)
        else { throw GatewayError.unsupportedLaunch(entryID: request.entry.id, kind: request.entry.launch.kind) }
        let image = try PackageImage(package: package, runtime: runtime)
        try await ensureImage(
            image, entryID: request.entry.id, pullPolicy: PullPolicy(setting: request.settings.containers.pullPolicy),
            report: request.progress)

        var entry = request.entry
        entry.launch = .container(ContainerLaunch(
            image: image.tag,
            command: image.command(runtimeArguments: package.runtimeArguments) + package.packageArguments,
            env: package.env,
            user: runtime.user))
        var launch = request
        launch.entry = entry
        var plan = try containers.plan(launch)
        plan.pullPolicy = .never
        let connection = try await containers.run(plan, secrets: request.secrets)
        return PackageConnection(container: connection, package: "\(image.registryType):\(image.pinned)")
    }

    /// Builds the package's image unless it is there (pulling the base image first when the
    /// pull policy allows and it is missing).
    private func ensureImage(
        _ image: PackageImage, entryID: String, pullPolicy: PullPolicy, report: (@Sendable (String) -> Void)?
    ) async throws {
        let engine = containers.engine
        if try await engine.imageExists(image.tag) { return }
        let status = self.status
        let say: @Sendable (String) -> Void = { text in
            status.set(entryID, text)
            report?(text)
        }
        defer { status.set(entryID, nil) }
        let base = ImageReference.qualified(image.runtime.baseImage ?? "")
        if try await !engine.imageExists(base) {
            guard pullPolicy != .never else { throw ContainerEngineError.imageMissing(image: base) }
            say("pulling the base image \(base)")
            try await engine.pull(base)
        }
        let label = "\(image.registryType) \(image.pinned)"
        say("building the image for \(label)")
        logger.info("building a package image", metadata: ["entry": "\(entryID)", "tag": "\(image.tag)"])
        try await builder.build(containerfile: image.containerfile, tag: image.tag) { line in
            if line.hasPrefix("STEP ") || line.hasPrefix("Step ") {
                say("building the image for \(label): \(line.prefix(160))")
            }
        }
        say("built the image for \(label)")
    }
}

/// What each package build is doing, by entry id.
final class PackageBuildStatus: @unchecked Sendable {
    private let lock = NSLock()
    private var values: [String: String] = [:]

    func set(_ entryID: String, _ value: String?) {
        lock.lock()
        values[entryID] = value
        lock.unlock()
    }

    func get(_ entryID: String) -> String? {
        lock.lock()
        defer { lock.unlock() }
        return values[entryID]
    }
}

/// A package's container: a container connection shown as a `package`.
public final class PackageConnection: ChildConnection, @unchecked Sendable {
    public let container: ContainerConnection
    /// `npm:@scope/name@1.2.3`.
    public let package: String

    init(container: ContainerConnection, package: String) {
        self.container = container
        self.package = package
    }

    public var transport: any Transport { container.transport }

    public var summary: ChildSummary {
        var summary = container.summary
        summary.kind = "package"
        return summary
    }

    public func recentErrorOutput(_ limit: Int) -> [String] { container.recentErrorOutput(limit) }
    public func onTermination(_ handler: @escaping @Sendable (String) -> Void) { container.onTermination(handler) }
    public func close() async { await container.close() }
}
