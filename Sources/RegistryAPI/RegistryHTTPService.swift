import Foundation
import Hummingbird
import Logging
import ServiceLifecycle

/// The registry service as a whole: a store, the API handler and a Hummingbird server,
/// run under swift-service-lifecycle so that SIGTERM and SIGINT end it gracefully
/// (in-flight requests finish, then the store closes).
public struct RegistryHTTPService: Sendable {
    public struct Configuration: Sendable {
        public var host: String
        /// 0 picks a free port (see `onListening`).
        public var port: Int
        public var options: RegistryAPIHandler.Options
        public var metrics: Bool
        /// Hosted packages (`/api/v1`), served when the service has a blob store.
        public var hosting: HostedPackagesAPI.Options

        public init(
            host: String = "127.0.0.1", port: Int = 8080, options: RegistryAPIHandler.Options = .init(), metrics: Bool = true,
            hosting: HostedPackagesAPI.Options = .init()
        ) {
            self.host = host
            self.port = port
            self.options = options
            self.metrics = metrics
            self.hosting = hosting
        }
    }

    public let store: any RegistryStore
    public let configuration: Configuration
    public let logger: Logger
    public let extra: [RegistryRouter.RouteGroup]
    /// Where hosted package files live; nil serves no `/api/v1` routes.
    public let blobs: (any PackageBlobStore)?
    /// The fuzzy search over the latest versions that `/api/v1/servers/search` uses (pass the
    /// same one to the web page, so one snapshot serves both).
    public let searchCatalog: ServerSearchCatalog

    /// - Parameter searchCatalog: nil builds one over `store`.
    public init(
        store: any RegistryStore, configuration: Configuration, logger: Logger, extra: [RegistryRouter.RouteGroup] = [],
        blobs: (any PackageBlobStore)? = nil, searchCatalog: ServerSearchCatalog? = nil
    ) {
        self.store = store
        self.configuration = configuration
        self.logger = logger
        self.extra = extra
        self.blobs = blobs
        self.searchCatalog = searchCatalog ?? ServerSearchCatalog(store: store, sourceID: "registry")
    }

    /// The Hummingbird application (tests drive it with HummingbirdTesting or a real socket).
    /// - Parameter onListening: called with the bound port once the server listens.
    public func application(onListening: @escaping @Sendable (Int) async -> Void = { _ in }) throws -> some ApplicationProtocol {
        let handler = try RegistryAPIHandler(store: store, validator: try .bundled(), options: configuration.options, logger: logger)
        var extra = self.extra
        if let blobs, let hostedStore = Self.hostedStore(in: store) {
            extra.append(HostedPackagesAPI(api: handler, store: hostedStore, blobs: blobs, catalog: searchCatalog, options: configuration.hosting).routes())
        }
        let router = RegistryRouter.make(handler: handler, metrics: configuration.metrics ? .shared : nil, extra: extra)
        return Application(
            router: router,
            configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "mcp-registry"),
            onServerRunning: { channel in await onListening(channel.localAddress?.port ?? 0) },
            logger: logger
        )
    }

    /// The store that keeps hosted packages and their download counts: `store` itself, or under
    /// `--aggregate` the published store behind the aggregate; nil when it keeps none.
    public static func hostedStore(in store: any RegistryStore) -> (any HostedPackageStore)? {
        (store as? any HostedPackageStore) ?? ((store as? AggregatedRegistryStore)?.published as? any HostedPackageStore)
    }

    /// Serves until SIGTERM/SIGINT (or the task is cancelled), then closes the store.
    public func run(onListening: @escaping @Sendable (Int) async -> Void = { _ in }) async throws {
        let app = try application(onListening: onListening)
        let group = ServiceGroup(
            configuration: .init(services: [app], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
        )
        do {
            try await group.run()
        } catch {
            try? await store.close()
            throw error
        }
        try await store.close()
    }
}
