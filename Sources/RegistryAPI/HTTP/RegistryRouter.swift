import Hummingbird
import Logging

/// The HTTP routes of the registry service. Each API version prefix (`v0.1`, and `v0` as
/// its alias) gets the same routes; `/openapi.yaml`, `/v0.1/health`, `/v0.1/ping` and
/// `/metrics` sit beside them. Extra route groups (hosted packages, a web page) are added by
/// passing more `RouteGroup`s, without touching these. Under the API's prefixes even an
/// unknown route answers in the API's error shape (`APIErrorMiddleware`).
public enum RegistryRouter {
    /// A set of extra routes to mount on the same router.
    public typealias RouteGroup = @Sendable (Router<BasicRequestContext>) -> Void

    public static let apiVersions = ["v0.1", "v0"]

    public static func make(handler: RegistryAPIHandler, metrics: RegistryMetrics?, extra: [RouteGroup] = []) -> Router<BasicRequestContext> {
        let router = Router()
        if metrics != nil { router.add(middleware: MetricsMiddleware()) }
        router.add(middleware: APIErrorMiddleware())
        router.get("/openapi.yaml") { _, _ in handler.openAPIDocument() }
        if let metrics {
            router.get("/metrics") { _, _ in metrics.exposition() }
        }
        for version in apiVersions {
            let api = router.group(RouterPath(version))
            api.get("servers") { request, _ in await handler.listServers(request) }
            api.get("health") { _, _ in await handler.health() }
            api.get("ping") { _, _ in JSONResponses.json("{\"pong\":true}") }
            api.post("publish") { request, _ in await handler.publish(request) }
            for method in [HTTPRequest.Method.get, .put, .delete, .patch] {
                api.on("servers/**", method: method) { request, context in
                    await handler.respond {
                        let path = try ServerPath.parse(context.parameters.getCatchAll())
                        if method == .get { return try await handler.get(path, request) }
                        return try await handler.change(path, request)
                    }
                }
            }
        }
        for group in extra { group(router) }
        return router
    }
}
