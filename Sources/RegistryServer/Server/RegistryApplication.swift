import Foundation
import Gateway
import Logging
import MCP
import RegistryCore

/// The whole registry as one object: the catalog service, the gateway of running servers
/// and the MCP server that exposes both; started, and stopped once.
public actor RegistryApplication {
    public let service: RegistryService
    public let gateway: Gateway
    public let server: RegistryMCPServer
    private let logger = Logger(label: "mcp-registry")
    private var stopped = false

    public init(bootstrap: RegistryBootstrap) {
        let service = bootstrap.makeService()
        let gateway = Gateway(paths: bootstrap.paths, settings: bootstrap.settings)
        self.service = service
        self.gateway = gateway
        self.server = RegistryMCPServer(
            tools: [
                FindTool(service: service, gateway: gateway),
                InfoTool(service: service, gateway: gateway),
                ListTool(service: service, gateway: gateway),
                AddTool(service: service, gateway: gateway),
                ConfigSetTool(service: service, gateway: gateway),
                ActiveTool(gateway: gateway),
                ExecTool(gateway: gateway),
                RemoveTool(gateway: gateway),
                StatusTool(service: service, extras: {
                    let servers = await gateway.active()
                    guard let encoded = try? ToolJSON.decoder.decode(Value.self, from: ToolJSON.encoder.encode(servers)) else { return [:] }
                    return ["activeServers": encoded, "activeText": .string(ActiveTool.render(servers))]
                }),
                RefreshTool(service: service),
            ],
            proxied: GatewayToolProvider(gateway: gateway),
            lists: GatewayListProvider(gateway: gateway))
    }

    /// Starts serving on `transport`: the cache is read and sources refreshed in the
    /// background; containers a crashed registry left behind are swept; servers that were
    /// active last time are started again.
    public func start(transport: any Transport, autoRefresh: Bool) async throws {
        await service.start(autoRefresh: autoRefresh)
        let server = self.server
        let gateway = self.gateway
        await gateway.onToolsChanged {
            // Proxied tools reached only through registry-exec: the client's list never changes.
            guard await gateway.settings.gateway.listProxiedTools else { return }
            await server.notifyToolsChanged()
        }
        await gateway.onListsChanged { await server.notifyListsChanged() }
        try await server.start(transport: transport)
        let service = self.service
        let logger = self.logger
        Task {
            // The catalog first: on a small machine podman's own start-up competes with it.
            _ = await service.catalog()
            let swept = await gateway.sweepOrphans()
            if !swept.isEmpty { logger.notice("removed \(swept.count) container(s) left by an earlier run: \(swept.joined(separator: ", "))") }
            let saved = gateway.savedActivations()
            guard !saved.isEmpty else { return }
            await service.waitForStartupRefreshes()
            let catalog = await service.catalog()
            for record in saved {
                guard let entry = catalog.entry(id: record.entryID) else {
                    logger.warning("not restoring \(record.entryID): it is no longer in the catalog")
                    continue
                }
                do {
                    _ = try await gateway.activate(entry: entry, prefix: record.prefix, tools: record.toolFilter)
                    logger.info("restored \(record.entryID) as \(record.prefix)")
                } catch {
                    logger.warning("could not restore \(record.entryID): \(error)")
                }
            }
        }
    }

    /// Waits until the client closes the connection, then for the calls it already sent.
    public func waitUntilCompleted() async {
        await server.waitUntilCompleted()
        await server.drain()
    }

    /// Stops every child, the refreshes and the server; only the first call does anything.
    public func stop() async {
        guard !stopped else { return }
        stopped = true
        await gateway.stopAll()
        await service.shutdown()
        await server.stop()
    }
}
