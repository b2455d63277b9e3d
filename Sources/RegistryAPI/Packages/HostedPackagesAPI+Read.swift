import Foundation
import HTTPTypes
import Hummingbird

extension HostedPackagesAPI {
    /// `GET /api/v1/servers?limit=&offset=` and `GET /api/v1/servers/search?q=`: the latest
    /// hosted version of each server (newest first, or for a search best match first) with
    /// that version's downloads. The search is `ServerSearchCatalog`'s, the same fuzzy search
    /// as the web page and `registry-find` (name, title, tags, description; typos allowed).
    func list(_ request: Request, search: Bool) async throws -> Response {
        let parameters = request.uri.queryParameters
        let limit = try Self.integer(parameters["limit"].map(String.init), name: "limit", default: 30, range: 1...100)
        let offset = try Self.integer(parameters["offset"].map(String.init), name: "offset", default: 0, range: 0...1_000_000)
        var query: String?
        if search {
            guard let text = parameters["q"].map(String.init), !text.isEmpty, text.count <= 200,
                !text.unicodeScalars.contains(where: { $0.value < 0x20 })
            else { throw APIError(.badRequest, "Invalid q parameter: 1 to 200 characters, no control characters") }
            query = text
        }
        let packages: [HostedPackage]
        if let query {
            packages = try await searched(query, limit: limit, offset: offset)
        } else {
            packages = try await store.hostedPackages(limit: limit, offset: offset)
        }
        var items: [HostedPackageJSON] = []
        for package in packages {
            items.append(try await item(package, request: request))
        }
        return JSONResponses.encodable(HostedPackageJSON.List(servers: items, total: items.count, query: query))
    }

    /// The latest hosted versions of the servers the search catalog finds for `text`, best
    /// match first (servers without a hosted package are passed over).
    func searched(_ text: String, limit: Int, offset: Int) async throws -> [HostedPackage] {
        let snapshot = try await catalog.current()
        let names = snapshot.search(text, limit: max(1, snapshot.records.count)).positions.map { snapshot.records[$0].name }
        var packages: [HostedPackage] = []
        var skipped = 0
        var start = names.startIndex
        while start < names.endIndex, packages.count < limit {
            let batch = names[start..<min(start + 200, names.endIndex)]
            start = batch.endIndex
            let hosted = try await store.latestHostedPackages(names: Array(batch))
            for name in batch {
                guard let package = hosted[name] else { continue }
                if skipped < offset {
                    skipped += 1
                } else if packages.count < limit {
                    packages.append(package)
                }
            }
        }
        return packages
    }

    /// `GET …/{name}` (every version and the download counts), `…/{name}/{version}` (one
    /// version; `latest` allowed) and `…/{name}/{version}/download` (the file, counted).
    func read(_ path: HostedPackagePath, _ request: Request, _ context: some RequestContext) async throws -> Response {
        switch path {
        case .server(let name):
            let records = try await api.store.versions(of: name, includeDeleted: false)
            var versions: [HostedPackageJSON] = []
            for record in records {
                if let package = try await store.hostedPackage(name: name, version: record.version) {
                    versions.append(try await item(package, request: request))
                }
            }
            guard !versions.isEmpty else { throw APIError.serverNotFound() }
            let counts = try await store.downloadCounts(name: name)
            return JSONResponses.encodable(HostedPackageJSON.Server(name: name, versions: versions, downloads: counts))
        case .version(let name, let version):
            let package = try await hosted(name, version)
            return JSONResponses.encodable(try await item(package, request: request))
        case .download(let name, let version):
            let package = try await hosted(name, version)
            let body: ResponseBody
            do {
                body = try await blobs.body(sha256: package.sha256, context: context)
            } catch {
                api.logger.error("hosted package file missing", metadata: ["server": "\(name)", "version": "\(package.version)", "sha256": "\(package.sha256)"])
                throw APIError(.internalServerError, "Internal server error")
            }
            try await store.recordDownload(name: name, version: package.version, day: Self.today())
            var headers: HTTPFields = [
                .contentType: package.format == .zip ? "application/zip" : "application/gzip",
                .contentDisposition: "attachment; filename=\"\(package.fileName)\"",
                .eTag: "\"sha256:\(package.sha256)\"",
            ]
            headers[HTTPField.Name("X-Checksum-Sha256")!] = package.sha256
            return Response(status: .ok, headers: headers, body: body)
        }
    }

    /// `DELETE /api/v1/servers/{name}/{version}`: an `admin` token for the namespace, as
    /// `DELETE /v0.1/…`. Removes the version, its counts, and its file unless another
    /// version has the same bytes.
    func delete(_ path: HostedPackagePath, _ request: Request) async throws -> Response {
        guard api.options.publishing else { throw APIError(.notImplemented, "Publishing is not supported by this registry") }
        guard case .version(let name, let version) = path else { throw APIError(.methodNotAllowed, "DELETE takes /api/v1/servers/{name}/{version}") }
        let token = try await api.authenticate(request)
        try api.authorize(token, .admin, name, verb: "delete")
        let removed = try await store.removeHosted(name: name, version: version)
        if let removed {
            let referenced = try await store.isReferenced(sha256: removed.sha256)
            if !referenced { try await blobs.remove(sha256: removed.sha256) }
        }
        api.logger.info("deleted package", metadata: ["server": "\(name)", "version": "\(version)", "token": "\(token.id)"])
        return JSONResponses.json("{\"success\":true,\"name\":\(JSONResponses.quoted(name)),\"version\":\(JSONResponses.quoted(version))}")
    }

    /// `GET /api/v1/stats?limit=`: totals, the most downloaded servers (all versions summed)
    /// and the most recently published, each with its latest version.
    func statistics(_ request: Request) async throws -> Response {
        let limit = try Self.integer(request.uri.queryParameters["limit"].map(String.init), name: "limit", default: 10, range: 1...100)
        return JSONResponses.encodable(HostedPackageJSON.Statistics(try await store.hostedStatistics(limit: limit)))
    }

    private func hosted(_ name: String, _ version: String) async throws -> HostedPackage {
        var version = version
        if version == "latest" {
            guard let latest = try await api.store.latest(of: name) else { throw APIError.serverNotFound() }
            version = latest.version
        }
        guard let record = try await api.store.version(version, of: name), record.status != .deleted,
            let package = try await store.hostedPackage(name: name, version: version)
        else { throw APIError.versionNotFound() }
        return package
    }

    private func item(_ package: HostedPackage, request: Request) async throws -> HostedPackageJSON {
        let record = try await api.store.version(package.version, of: package.name)
        let counts = try await store.downloadCounts(name: package.name)
        return HostedPackageJSON(
            package, description: record?.description ?? "", status: record?.status.rawValue ?? "active",
            downloads: counts.byVersion[package.version] ?? 0, downloadURL: downloadURL(name: package.name, version: package.version, request: request)
        )
    }

    static func integer(_ text: String?, name: String, default value: Int, range: ClosedRange<Int>) throws -> Int {
        guard let text, !text.isEmpty else { return value }
        guard let number = Int(text), range.contains(number) else {
            throw APIError(.badRequest, "Invalid \(name) parameter: expected an integer from \(range.lowerBound) to \(range.upperBound)")
        }
        return number
    }
}
