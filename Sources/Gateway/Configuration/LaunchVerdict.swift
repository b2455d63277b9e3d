import ContainerRuntime
import Foundation
import RegistryCore

/// What `registry-add` would do with an entry and a configuration, without starting
/// anything: the same checks in the same order (launch blocker, configuration values,
/// missing values, then the plan the connector would make). `registry-info`,
/// `mcp-registry info` and the census read it, so they cannot disagree with `registry-add`.
public enum LaunchVerdict: Sendable, Equatable {
    /// It would start.
    case launchable
    /// It needs these values first (names as `registry-config-set` takes them).
    case needsConfiguration([MissingValue])
    /// The registry cannot start it as the catalog describes it (no blockers: a bare link).
    case notLaunchable([LaunchBlocker])
    /// The configuration given is refused (a bad value, a volume outside the allowed
    /// roots, a value that would smuggle an option); the facts are in the error.
    case refused(any Error & Sendable)

    public static func == (lhs: LaunchVerdict, rhs: LaunchVerdict) -> Bool {
        switch (lhs, rhs) {
        case (.launchable, .launchable): true
        case (.needsConfiguration(let a), .needsConfiguration(let b)): a == b
        case (.notLaunchable(let a), .notLaunchable(let b)): a == b
        case (.refused(let a), .refused(let b)): "\(a)" == "\(b)"
        default: false
        }
    }

    /// Judges one entry.
    /// - Parameters:
    ///   - config: the stored plain values (overlaid with any given ones).
    ///   - secrets: the secrets available (only names are read, except a remote's URL values).
    ///   - settings: the registry settings (hardening, allowed volume roots, package runtimes).
    ///   - forbiddenPaths: paths never mounted besides the built-in list.
    public static func judge(
        _ entry: CatalogEntry, config: [String: JSONValue], secrets: SecretSource, settings: RegistrySettings,
        forbiddenPaths: [String] = []
    ) -> LaunchVerdict {
        if !entry.isLaunchable { return .notLaunchable(entry.allLaunchBlockers) }
        let validator = ConfigValidator(entry: entry)
        let problems = validator.validate(config: config)
        if !problems.isEmpty { return .refused(GatewayError.invalidConfiguration(entryID: entry.id, problems: problems)) }
        let missing = validator.missing(config: config, secretNames: secrets.names())
        if !missing.isEmpty { return .needsConfiguration(missing) }
        let request = ChildLaunchRequest(entry: entry, config: config, secrets: secrets, settings: settings, session: "verdict")
        do {
            switch entry.launch {
            case .container:
                _ = try plan(request, forbiddenPaths: forbiddenPaths)
            case .package where ToolContainerConnector.toolContainers(of: entry) != nil:
                // Docker `poci`: nothing to plan until a call brings its arguments.
                break
            case .package where ContainerPlanner.canPlan(entry):
                _ = try plan(request, forbiddenPaths: forbiddenPaths)
            case .package(let package) where package.registryType.lowercased() == "mcpb":
                // A hosted package: its image is known only once downloaded; its arguments,
                // environment and volumes are planned as they will run.
                let arguments = PackageConnector.splitRuntimeArguments(package.runtimeArguments)
                var planned = request
                planned.entry.launch = .container(ContainerLaunch(
                    image: "localhost/mcp-registry-package/hosted:verdict", command: package.packageArguments,
                    env: package.env, user: "65534:65534", runtimeArguments: arguments.container))
                _ = try plan(planned, forbiddenPaths: forbiddenPaths)
            case .package(let package):
                guard let runtime = settings.containers.packageRuntime(for: package.registryType) else {
                    return .notLaunchable([LaunchBlocker(.unsupportedPackageType, field: "packages[].registryType")])
                }
                let image = try PackageImage(package: package, runtime: runtime)
                var planned = request
                planned.entry.launch = .container(ContainerLaunch(
                    image: image.tag,
                    command: image.command(runtimeArguments: package.runtimeArguments) + package.packageArguments,
                    env: package.env, user: runtime.user))
                _ = try plan(planned, forbiddenPaths: forbiddenPaths)
            case .remote:
                _ = try RemoteConnector.endpoint(for: request)
            case .unknown:
                return .notLaunchable([])
            }
        } catch ContainerPlanError.missingValues(_, let missing) {
            return .needsConfiguration(missing)
        } catch RemoteConnectorError.missingValue(_, _, let names) {
            return .needsConfiguration(names.map { MissingValue(kind: "parameter", name: $0) })
        } catch {
            return .refused(error)
        }
        return .launchable
    }

    static func plan(_ request: ChildLaunchRequest, forbiddenPaths: [String]) throws -> ContainerPlan {
        let settings = request.settings.containers
        let planner = ContainerPlanner(
            settings: settings, session: request.session,
            volumePolicy: VolumePolicy(allowedRoots: settings.allowedVolumeRoots, extraForbidden: forbiddenPaths))
        return try planner.plan(entry: request.entry, config: request.config, availableSecrets: request.secrets.names(), nameSuffix: "verdict")
    }
}
