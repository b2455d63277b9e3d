import ContainerRuntime
import Foundation
import MCP
import RegistryCore

/// Runs Docker `type: poci` entries, whose tools have no MCP server behind them: each call of
/// a tool runs the tool's container once (`podman run --rm`, hardened like every container
/// the registry starts) with the call's arguments, and answers with what it printed.
///
/// The registry serves those tools itself, as an MCP server in this process
/// (`ToolContainerServer`) reached over an in-memory transport, so the gateway treats the
/// entry like any other child: handshake, `tools/list`, proxied calls under `<prefix>__`,
/// time-outs and cancellation (a cancelled call stops its container).
public struct ToolContainerConnector: ChildConnector {
    public let kind = "tool-containers"
    public let engine: any ContainerEngine
    /// Paths never mounted besides the built-in list (the registry's config folder).
    public let forbiddenPaths: [String]

    public init(engine: any ContainerEngine, forbiddenPaths: [String] = []) {
        self.engine = engine
        self.forbiddenPaths = forbiddenPaths
    }

    public func canConnect(_ entry: CatalogEntry) -> Bool {
        Self.toolContainers(of: entry) != nil
    }

    /// The entry's tool containers, when it is a Docker `poci` entry that declares some.
    public static func toolContainers(of entry: CatalogEntry) -> [ToolContainer]? {
        guard case .package(let package) = entry.launch, package.runsToolContainers, !package.toolContainers.isEmpty else { return nil }
        return package.toolContainers
    }

    /// Checks the configuration (nothing required missing) and serves the entry's tools.
    /// Nothing runs until a tool is called.
    /// - Throws: `ContainerPlanError.missingValues` when required configuration is missing.
    public func open(_ request: ChildLaunchRequest) async throws -> any ChildConnection {
        guard let tools = Self.toolContainers(of: request.entry) else {
            throw ContainerPlanError.notRunnableAsContainer(entryID: request.entry.id, kind: request.entry.launch.kind)
        }
        let missing = ConfigRequirements.missing(
            for: request.entry.configuration, config: request.config, availableSecrets: request.secrets.names())
        guard missing.isEmpty else { throw ContainerPlanError.missingValues(entryID: request.entry.id, missing: missing) }
        let settings = request.settings.containers
        let runner = ToolContainerRunner(
            entry: request.entry, config: request.config, secrets: request.secrets, engine: engine,
            planner: ContainerPlanner(
                settings: settings, session: request.session,
                volumePolicy: VolumePolicy(allowedRoots: settings.allowedVolumeRoots, extraForbidden: forbiddenPaths)),
            timeout: Self.runTimeout(callTimeout: settings.callTimeout))
        return try await ToolContainerConnection.serve(tools: tools, runner: runner)
    }

    /// How long one container may run, in seconds: up to 5 s less than the gateway waits for
    /// a call (`callTimeout`; half of it when that is under 10 s), which leaves time to stop
    /// the container, so the caller reads the tool's own time-out with its output so far
    /// rather than the gateway giving up on it.
    public static func runTimeout(callTimeout: Double) -> Double {
        max(1, callTimeout - min(5, callTimeout / 2))
    }
}

/// The in-process server of a `poci` entry as a child connection.
public final class ToolContainerConnection: ChildConnection, @unchecked Sendable {
    public let transport: any Transport
    let server: Server
    let runner: ToolContainerRunner
    public let summary: ChildSummary

    init(transport: any Transport, server: Server, runner: ToolContainerRunner, summary: ChildSummary) {
        self.transport = transport
        self.server = server
        self.runner = runner
        self.summary = summary
    }

    /// Starts the in-process MCP server for `tools` and hands back the client end.
    static func serve(tools: [ToolContainer], runner: ToolContainerRunner) async throws -> ToolContainerConnection {
        let server = await ToolContainerServer.make(entry: runner.entry, tools: tools, runner: runner)
        let (client, serverSide) = await InMemoryTransport.createConnectedPair()
        try await server.start(transport: serverSide)
        let summary = ChildSummary(
            kind: "tool-containers", image: Array(Set(tools.map(\.image))).sorted().joined(separator: ", "),
            environmentNames: runner.entry.configuration.env.filter { !$0.isSecret }.map(\.name).sorted(),
            secretNames: runner.entry.configuration.secrets.map(\.name).sorted())
        return ToolContainerConnection(transport: client, server: server, runner: runner, summary: summary)
    }

    /// The last stderr lines of the last call that failed.
    public func recentErrorOutput(_ limit: Int) -> [String] { runner.lastFailure(limit) }

    /// It never goes away by itself.
    public func onTermination(_ handler: @escaping @Sendable (String) -> Void) {}

    /// Stops the server and every container still running a call.
    public func close() async {
        await server.stop()
        await runner.stopAll()
    }
}
