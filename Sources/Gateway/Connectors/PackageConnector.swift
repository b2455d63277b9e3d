import ContainerRuntime
import Foundation
import Logging
import MCP
import RegistryCore
import Synchronization

/// Runs npm and PyPI packages, and hosted packages (`mcpb`, see `PackageConnector+Hosted`),
/// in a container, never on the host.
///
/// The first start builds a small image from the runtime's base image
/// (`containers.nodeBaseImage` / `pythonBaseImage`) that installs the exact package version
/// and runs as a non-root user (`PackageImage`, recipe in `containers.packageRuntimes`);
/// later starts reuse it (cached by package, version and recipe). When the configured base
/// image is neither present nor pullable, an equivalent is built once from Debian packages
/// (`DebianBaseImage`) and the package image is built from that. The container is then
/// planned and run like any image server (`ContainerConnector`: the same hardening,
/// arguments, environment and secrets from the entry's inputs). Build progress is readable
/// through `activity(for:)` while it runs and goes to the request's `progress`.
public struct PackageConnector: ChildConnector {
    public let kind = "package"
    public let containers: ContainerConnector
    public let builder: any ImageBuilder
    /// Builds the Debian fallback base image; `nil` never builds one.
    public let baseBuilder: (any BaseImageBuilder)?
    /// Where the host's extra CA certificates are read for the Debian fallback base image.
    public let certificateFolder: String
    private let status = PackageBuildStatus()
    private let logger = Logger(label: "mcp-registry.packages")

    public init(
        containers: ContainerConnector, builder: any ImageBuilder, baseBuilder: (any BaseImageBuilder)? = nil,
        certificateFolder: String = DebianBaseImage.certificateFolder
    ) {
        self.containers = containers
        self.builder = builder
        self.baseBuilder = baseBuilder
        self.certificateFolder = certificateFolder
    }

    public func canConnect(_ entry: CatalogEntry) -> Bool {
        guard case .package(let package) = entry.launch, entry.launch.notLaunchableReason == nil else { return false }
        switch package.registryType.lowercased() {
        case "npm", "pypi", "mcpb": return true
        case "oci", "docker": return package.servesHTTP
        default: return false
        }
    }

    public func activity(for entryID: String) -> String? { status.get(entryID) }

    public func open(_ request: ChildLaunchRequest) async throws -> any ChildConnection {
        guard case .package(let package) = request.entry.launch else {
            throw GatewayError.unsupportedLaunch(entryID: request.entry.id, kind: request.entry.launch.kind)
        }
        if ["oci", "docker"].contains(package.registryType.lowercased()) {
            // An image that serves HTTP: nothing to build.
            var entry = request.entry
            entry.launch = .container(ContainerLaunch(
                image: package.identifier, command: package.packageArguments, env: package.env,
                runtimeArguments: package.runtimeArguments))
            var launch = request
            launch.entry = entry
            return try await openHTTP(request, package: package, plan: try containers.plan(launch), label: "oci:\(package.identifier)")
        }
        if package.registryType.lowercased() == "mcpb" { return try await openHosted(request, package: package) }
        guard let runtime = request.settings.containers.packageRuntime(for: package.registryType) else {
            throw GatewayError.unsupportedLaunch(entryID: request.entry.id, kind: request.entry.launch.kind)
        }
        let configured = try PackageImage(package: package, runtime: runtime)
        let image = try await ensureImage(
            configured, entryID: request.entry.id, pullPolicy: PullPolicy(setting: request.settings.containers.pullPolicy),
            report: request.progress)

        let arguments = Self.splitRuntimeArguments(package.runtimeArguments)
        var entry = request.entry
        entry.launch = .container(ContainerLaunch(
            image: image.tag,
            command: image.command(runtimeArguments: arguments.runtime) + package.packageArguments,
            env: package.env,
            user: runtime.user,
            disableNetwork: !request.entry.networkNeed.allowsNetwork(override: nil),
            runtimeArguments: arguments.container))
        var launch = request
        launch.entry = entry
        var plan = try containers.plan(launch)
        plan.pullPolicy = .never
        let label = "\(image.registryType):\(image.pinned)"
        if package.servesHTTP { return try await openHTTP(request, package: package, plan: plan, label: label) }
        let connection = try await containers.run(plan, secrets: request.secrets)
        return PackageConnection(container: connection, package: label)
    }

    /// Splits a package's runtime arguments: the container options (`-v`/`--volume`/
    /// `--mount` with their values, the way a server asks for a folder) go to the container
    /// plan, which checks them against the allowed volume roots like any volume; the rest
    /// goes to the runtime's `{runtime_arguments}` (npx flags).
    public static func splitRuntimeArguments(_ arguments: [String]) -> (container: [String], runtime: [String]) {
        let options = ["-v", "--volume", "--mount"]
        var container: [String] = []
        var runtime: [String] = []
        var index = 0
        while index < arguments.count {
            let word = arguments[index]
            if options.contains(word), index + 1 < arguments.count {
                container += [word, arguments[index + 1]]
                index += 2
                continue
            }
            if options.contains(where: { word.hasPrefix($0 + "=") }) {
                container.append(word)
            } else {
                runtime.append(word)
            }
            index += 1
        }
        return (container, runtime)
    }

    /// The package's image, built unless it is there: from the configured base image when
    /// it is present or (as the pull policy allows) pullable, else from the Debian base
    /// image, built first when missing. Returns the image that was found or built.
    /// A hosted package's image is built from `context` (its unpacked project).
    func ensureImage(
        _ image: PackageImage, entryID: String, pullPolicy: PullPolicy, report: (@Sendable (String) -> Void)?, context: URL? = nil
    ) async throws -> PackageImage {
        let engine = containers.engine
        if let existing = try await existingImage(image) { return existing }
        let fallback = debianFallback(for: image)
        let fallbackImage = try fallback.map { try image.rebased(on: $0.tag) }

        let status = self.status
        let say: @Sendable (String) -> Void = { text in
            status.set(entryID, text)
            report?(text)
        }
        defer { status.set(entryID, nil) }
        let base = ImageReference.qualified(image.runtime.baseImage ?? "")
        var chosen = image
        if try await !engine.imageExists(base) {
            var pullError: (any Error)?
            if pullPolicy != .never {
                say("pulling the base image \(base)")
                do { try await engine.pull(base) } catch { pullError = error }
            } else {
                pullError = ContainerEngineError.imageMissing(image: base)
            }
            if let pullError {
                guard let fallback, let fallbackImage, let baseBuilder else { throw pullError }
                logger.info("base image unavailable, using the Debian one", metadata: ["base": "\(base)", "fallback": "\(fallback.tag)"])
                chosen = fallbackImage
                if try await !engine.imageExists(fallback.tag) {
                    say("\(base) cannot be pulled: building \(fallback.tag) from Debian packages (\(fallback.packages.joined(separator: " "))), once per machine")
                    try await baseBuilder.buildBase(fallback) { line in
                        if line.hasPrefix("I: ") { say("building the base image: \(line.dropFirst(3).prefix(160))") }
                    }
                    say("built the base image \(fallback.tag)")
                }
            }
        }
        let label = chosen.displayName
        say("building the image for \(label)")
        logger.info("building a package image", metadata: ["entry": "\(entryID)", "tag": "\(chosen.tag)"])
        try await builder.build(containerfile: chosen.containerfile, tag: chosen.tag, context: context) { line in
            if line.hasPrefix("STEP ") || line.hasPrefix("Step ") {
                say("building the image for \(label): \(line.prefix(160))")
            }
        }
        say("built the image for \(label)")
        return chosen
    }

    /// The package's image when it is already there: built from the configured base image,
    /// or from the Debian one.
    func existingImage(_ image: PackageImage) async throws -> PackageImage? {
        let engine = containers.engine
        if try await engine.imageExists(image.tag) { return image }
        if let fallback = debianFallback(for: image), let rebased = try? image.rebased(on: fallback.tag),
           try await engine.imageExists(rebased.tag) {
            return rebased
        }
        return nil
    }

    /// The Debian base image recipe for the image's runtime, when this connector builds those.
    func debianFallback(for image: PackageImage) -> DebianBaseImage? {
        baseBuilder == nil ? nil : try? DebianBaseImage.forPackages(
            registryType: image.registryType, packages: image.runtime.debianPackages, certificateFolder: certificateFolder)
    }
}

/// What each package build is doing, by entry id.
final class PackageBuildStatus: Sendable {
    private let values = Mutex<[String: String]>([:])

    func set(_ entryID: String, _ value: String?) {
        values.withLock { $0[entryID] = value }
    }

    func get(_ entryID: String) -> String? {
        values.withLock { $0[entryID] }
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
