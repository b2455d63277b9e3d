import Hummingbird

/// Gives the API's paths (`/v0.1/…`, `/v0/…`, `/api/v1/…`) the API's error body for the
/// refusals Hummingbird makes before a handler runs: an unknown route or a known path with
/// another method (404), a body over the server's own limits. Handlers' own refusals are
/// `APIError` responses already; other paths (the web page) keep their own.
struct APIErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    /// The path prefixes whose errors are the API's.
    static var prefixes: [String] { RegistryRouter.apiVersions.map { "/\($0)" } + ["/" + HostedPackagesAPI.prefix] }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard Self.isAPI(request.uri.path) else { return try await next(request, context) }
        do {
            return try await next(request, context)
        } catch let error as HTTPError {
            var response = JSONResponses.error(APIError(error.status, error.body ?? Self.message(error.status)))
            for field in error.headers where response.headers[field.name] == nil { response.headers.append(field) }
            return response
        }
    }

    static func isAPI(_ path: String) -> Bool {
        prefixes.contains { path == $0 || path.hasPrefix($0 + "/") }
    }

    /// The sentence for a status Hummingbird gives without one.
    static func message(_ status: HTTPResponse.Status) -> String {
        status == .notFound ? "Not found: no such API route" : status.reasonPhrase
    }
}
