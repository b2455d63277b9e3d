import Foundation
import Hummingbird
import PackageArchive

/// The hosted-packages API under `/api/v1` (the routes of the team-registry document):
/// `POST publish` (multipart), `GET servers`, `GET servers/search?q=`, `GET stats`,
/// `GET servers/{name}[/{version}[/download]]` and `DELETE servers/{name}/{version}`.
/// Every published package is also a normal `server.json` version under `/v0.1/servers`.
/// `{name}` is `namespace/name`, as two path segments or one with `/` encoded as `%2F`.
public struct HostedPackagesAPI: Sendable {
    /// Limits and addresses of the hosted packages.
    public struct Options: Sendable {
        public var upload: PackageUpload.Limits
        /// Checked on every upload before it is stored.
        public var unpack: UnpackLimits
        /// The registry's public base URL (e.g. `https://mcp.example.com`) for download URLs;
        /// nil: `http://` + the request's `Host`.
        public var publicURL: String?

        public init(upload: PackageUpload.Limits = .init(), unpack: UnpackLimits = .init(), publicURL: String? = nil) {
            self.upload = upload
            self.unpack = unpack
            self.publicURL = publicURL
        }
    }

    public static let prefix = "api/v1"

    let api: RegistryAPIHandler
    let store: any HostedPackageStore
    let blobs: any PackageBlobStore
    /// The search `servers/search?q=` ranks with (the web page's and `registry-find`'s).
    let catalog: ServerSearchCatalog
    let options: Options

    public init(api: RegistryAPIHandler, store: any HostedPackageStore, blobs: any PackageBlobStore, catalog: ServerSearchCatalog, options: Options) {
        self.api = api
        self.store = store
        self.blobs = blobs
        self.catalog = catalog
        self.options = options
    }

    /// The routes, to pass to `RegistryRouter.make(extra:)`.
    public func routes() -> RegistryRouter.RouteGroup {
        { router in
            let group = router.group(RouterPath(Self.prefix))
            group.post("publish") { request, _ in await publish(request) }
            group.get("servers") { request, _ in await api.respond { try await list(request, search: false) } }
            group.get("servers/search") { request, _ in await api.respond { try await list(request, search: true) } }
            group.get("stats") { request, _ in await api.respond { try await statistics(request) } }
            group.get("servers/**") { request, context in
                await api.respond { try await read(HostedPackagePath.parse(context.parameters.getCatchAll()), request, context) }
            }
            group.delete("servers/**") { request, context in
                await api.respond { try await delete(HostedPackagePath.parse(context.parameters.getCatchAll()), request) }
            }
        }
    }

    /// `{base}/api/v1/servers/{namespace}/{name}/{version}/download`, each segment percent-encoded.
    func downloadURL(name: String, version: String, request: Request) -> String {
        let base: String
        if let publicURL = options.publicURL {
            base = publicURL.hasSuffix("/") ? String(publicURL.dropLast()) : publicURL
        } else {
            base = "http://" + (request.head.authority ?? "127.0.0.1")
        }
        let segments = name.split(separator: "/").map { Self.encoded(String($0)) } + [Self.encoded(version), "download"]
        return base + "/" + Self.prefix + "/servers/" + segments.joined(separator: "/")
    }

    static func encoded(_ segment: String) -> String {
        var allowed = CharacterSet.urlPathAllowed
        allowed.remove(charactersIn: "/?#%")
        return segment.addingPercentEncoding(withAllowedCharacters: allowed) ?? segment
    }

    /// Today as `YYYY-MM-DD` in UTC.
    static func today() -> String {
        String(RegistryTime.text(RegistryTime.now()).prefix(10))
    }
}

/// What a path under `/api/v1/servers/` addresses.
enum HostedPackagePath: Equatable {
    case server(name: String)
    case version(name: String, version: String)
    case download(name: String, version: String)

    /// - Throws: `APIError` 400 for a malformed name or version, 404 for an unknown shape.
    static func parse(_ rawSegments: [Substring]) throws -> HostedPackagePath {
        var segments: [String] = []
        for raw in rawSegments where !raw.isEmpty {
            guard let decoded = String(raw).removingPercentEncoding,
                !decoded.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F })
            else { throw APIError(.badRequest, "Invalid path: bad percent-encoding or control characters") }
            segments.append(decoded)
        }
        let download = segments.last == "download" && segments.count >= 3
        if download { segments.removeLast() }
        guard let first = segments.first else { throw APIError(.notFound, "Not found") }
        var name = first
        var rest = Array(segments.dropFirst())
        if !first.contains("/"), !rest.isEmpty {
            name = first + "/" + rest.removeFirst()
        }
        if let problem = ServerNameRules.problem(name) { throw APIError(.badRequest, "Invalid server name: \(problem)") }
        switch (rest.count, download) {
        case (0, false): return .server(name: name)
        case (1, _):
            let version = rest[0]
            guard !version.isEmpty, version != ".", version != "..", version.count <= 255 else { throw APIError(.badRequest, "Invalid version in path") }
            return download ? .download(name: name, version: version) : .version(name: name, version: version)
        default: throw APIError(.notFound, "Not found")
        }
    }
}
