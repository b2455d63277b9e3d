import Foundation
import Logging
import RegistryAPI
import RegistryCore
import XCTest

/// `/api/v1`: publishing a package (multipart), reading it back through `/api/v1` and
/// `/v0.1`, downloading it with counts, deleting it; on SQLite and PostgreSQL.
final class HostedPackageTests: XCTestCase {
    static let name = "io.github.team/weather"
    static let project = ["server.py": "from mcp.server.fastmcp import FastMCP\n", "requirements.txt": "mcp\n"]

    /// A live registry with a blob store in a temp folder.
    static func withRegistry(_ kind: StoreKind, hosting: HostedPackagesAPI.Options = .init(), _ body: @Sendable (LiveRegistry, URL) async throws -> Void) async throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("hosting-blobs-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let blobs = try FileSystemBlobStore(root: root)
        try await LiveRegistry.run(kind, blobs: blobs, hosting: hosting) { registry in try await body(registry, root) }
    }

    static func upload(_ registry: LiveRegistry, _ form: PackageUploadForm, token: String?) async throws -> LiveRegistry.Reply {
        try await registry.send(.post, "/api/v1/publish", body: try form.body(), token: token, contentType: form.contentType)
    }

    static func form(_ package: Data, version: String = "1.0.0", fileName: String = "weather-1.0.0.tar.gz", name: String = HostedPackageTests.name) -> PackageUploadForm {
        PackageUploadForm(package: package, fileName: fileName, fields: [
            ("name", name), ("version", version), ("description", "Weather for the team"),
            ("author", "Team Tools"), ("repository", "https://github.com/team/weather"), ("tags", "weather,forecast"),
        ])
    }

    func testPublishReadDownloadAndDelete() async throws {
        for kind in StoreKind.allCases {
            try await runOrSkip(kind) {
                try await Self.withRegistry(kind) { registry, root in
                    let package = try PackageFixture.tarball(Self.project)
                    let digest = PackageFixture.sha256(package)
                    let token = try await registry.token("io.github.team/*")
                    let published = try await Self.upload(registry, Self.form(package), token: token)
                    XCTAssertEqual(published.status, .ok, published.body)
                    XCTAssertEqual(published.json?["sha256"]?.stringValue, digest)
                    let url = try XCTUnwrap(published.json?["download_url"]?.stringValue)
                    XCTAssertTrue(url.hasSuffix("/api/v1/servers/io.github.team/weather/1.0.0/download"), url)
                    // The blob is stored under its digest.
                    XCTAssertEqual(try Data(contentsOf: root.appendingPathComponent("blobs/sha256/\(digest.prefix(2))/\(digest)")), package)

                    // A normal server.json through /v0.1, with the mcpb package.
                    let official = try await registry.get("/v0.1/servers/\(LiveRegistry.encoded(Self.name))/versions/1.0.0")
                    XCTAssertEqual(official.status, .ok, official.body)
                    let entry = try XCTUnwrap(official.json?["server"]?["packages"]?.arrayValue?.first)
                    XCTAssertEqual(entry["registryType"]?.stringValue, "mcpb")
                    XCTAssertEqual(entry["identifier"]?.stringValue, url)
                    XCTAssertEqual(entry["fileSha256"]?.stringValue, digest)
                    XCTAssertEqual(official.json?["server"]?["repository"]?["source"]?.stringValue, "github")
                    let meta = official.json?["server"]?["_meta"]?[ServerDocumentValidator.publisherMetaKey]
                    XCTAssertEqual(meta?["tags"]?.arrayValue?.compactMap(\.stringValue), ["weather", "forecast"])

                    // Download: the same bytes, counted.
                    let path = "/api/v1/servers/io.github.team/weather/1.0.0/download"
                    for _ in 0..<2 {
                        let download = try await registry.bytes(path)
                        XCTAssertEqual(download.status, .ok)
                        XCTAssertEqual(download.data, package)
                        XCTAssertEqual(download.headers[.contentDisposition], "attachment; filename=\"weather-1.0.0.tar.gz\"")
                    }
                    let item = try await registry.get("/api/v1/servers/\(LiveRegistry.encoded(Self.name))/1.0.0")
                    XCTAssertEqual(item.json?["downloads"], .number(2), item.body)
                    XCTAssertEqual(item.json?["author"]?.stringValue, "Team Tools")
                    let counts = try await registry.store.downloadCounts(name: Self.name)
                    XCTAssertEqual(counts.byVersion, ["1.0.0": 2])
                    XCTAssertEqual(counts.byDay.map(\.count), [2])

                    // List, search (by tag), stats.
                    let list = try await registry.get("/api/v1/servers")
                    XCTAssertEqual(list.json?["servers"]?.arrayValue?.compactMap { $0["name"]?.stringValue }, [Self.name])
                    let found = try await registry.get("/api/v1/servers/search?q=forecast")
                    XCTAssertEqual(found.json?["servers"]?.arrayValue?.count, 1, found.body)
                    let none = try await registry.get("/api/v1/servers/search?q=nothing-like-it")
                    XCTAssertEqual(none.json?["servers"]?.arrayValue?.count, 0)
                    let stats = try await registry.get("/api/v1/stats")
                    XCTAssertEqual(stats.json?["total_downloads"], .number(2), stats.body)
                    XCTAssertEqual(stats.json?["total_servers"], .number(1))
                    XCTAssertEqual(stats.json?["most_downloaded"]?.arrayValue?.first?["name"]?.stringValue, Self.name)
                    XCTAssertEqual(stats.json?["most_recent"]?.arrayValue?.first?["latest_version"]?.stringValue, "1.0.0")

                    // The same name and version again: 409, and nothing changes.
                    let again = try await Self.upload(registry, Self.form(try PackageFixture.tarball(["other.py": "x"])), token: token)
                    XCTAssertEqual(again.status, .conflict, again.body)
                    XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("staging").path), [])

                    // DELETE needs an admin token; then the version, its file and counts go.
                    let refused = try await registry.send(.delete, "/api/v1/servers/io.github.team/weather/1.0.0", token: token)
                    XCTAssertEqual(refused.status, .forbidden)
                    let admin = try await registry.token("io.github.team/*", .admin)
                    let deleted = try await registry.send(.delete, "/api/v1/servers/io.github.team/weather/1.0.0", token: admin)
                    XCTAssertEqual(deleted.status, .ok, deleted.body)
                    let gone = try await registry.get("/v0.1/servers/\(LiveRegistry.encoded(Self.name))/versions/1.0.0")
                    XCTAssertEqual(gone.status, .notFound)
                    let goneFile = try await registry.bytes(path)
                    XCTAssertEqual(goneFile.status, .notFound)
                    XCTAssertFalse(FileManager.default.fileExists(atPath: root.appendingPathComponent("blobs/sha256/\(digest.prefix(2))/\(digest)").path))
                    let after = try await registry.store.downloadCounts(name: Self.name)
                    XCTAssertEqual(after.total, 0)
                }
            }
        }
    }

    func testRefusalsSayWhatIsWrong() async throws {
        let limits = HostedPackagesAPI.Options(upload: .init(maxPackageBytes: 64 * 1_024))
        try await Self.withRegistry(.sqlite, hosting: limits) { registry, root in
            let package = try PackageFixture.tarball(Self.project)
            let token = try await registry.token("io.github.team/*")
            let noToken = try await Self.upload(registry, Self.form(package), token: nil)
            XCTAssertEqual(noToken.status, .unauthorized)
            let other = try await Self.upload(registry, Self.form(package, name: "io.github.else/weather"), token: token)
            XCTAssertEqual(other.status, .forbidden, other.body)
            let bare = try await Self.upload(registry, Self.form(package, name: "postgres-mcp"), token: token)
            XCTAssertEqual(bare.status, .unprocessableContent, bare.body)

            let big = Data((0..<(200 * 1_024)).map { _ in UInt8.random(in: 0...255) })
            let tooLarge = try await Self.upload(registry, Self.form(big), token: token)
            XCTAssertEqual(tooLarge.status, .contentTooLarge, tooLarge.body)

            let evil = try await Self.upload(registry, Self.form(try PackageFixture.hostileTarball(entry: "../evil.py")), token: token)
            XCTAssertEqual(evil.status, .unprocessableContent)
            XCTAssertEqual(evil.error, "package refused: entry '../evil.py' points outside the package (a '..' component)")

            let text = try await Self.upload(registry, Self.form(Data("just text".utf8)), token: token)
            XCTAssertEqual(text.status, .badRequest)
            XCTAssertEqual(text.error, "package must be a .tar.gz/.tgz or a zip/.mcpb file")

            var unknown = Self.form(package)
            unknown.fields.append(("color", "blue"))
            let unknownReply = try await Self.upload(registry, unknown, token: token)
            XCTAssertEqual(unknownReply.status, .badRequest)
            XCTAssertTrue(unknownReply.error?.hasPrefix("unknown form field 'color'") == true, unknownReply.body)

            let json = try await registry.send(.post, "/api/v1/publish", body: Data("{}".utf8), token: token)
            XCTAssertEqual(json.status, .unsupportedMediaType)

            var truncated = try Self.form(package).body()
            truncated.removeLast(40)
            let cut = try await registry.send(.post, "/api/v1/publish", body: truncated, token: token, contentType: Self.form(package).contentType)
            XCTAssertEqual(cut.status, .badRequest, cut.body)

            // Nothing was stored and nothing is left in staging.
            let listed = try await registry.get("/api/v1/servers")
            XCTAssertEqual(listed.json?["servers"]?.arrayValue?.count, 0)
            XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("staging").path), [])
        }
    }

    func testABundleTakesWhatItsManifestSays() async throws {
        try await Self.withRegistry(.sqlite) { registry, _ in
            let bundle = try PackageFixture.bundle(manifest: #"{"name":"io.github.team/bundle","version":"0.3.0","description":"From the manifest","author":{"name":"Ada"}}"#)
            let token = try await registry.token("io.github.team/*")
            let form = PackageUploadForm(package: bundle, fileName: "bundle.mcpb")
            let reply = try await Self.upload(registry, form, token: token)
            XCTAssertEqual(reply.status, .ok, reply.body)
            let item = try await registry.get("/api/v1/servers/io.github.team/bundle/0.3.0")
            XCTAssertEqual(item.json?["description"]?.stringValue, "From the manifest")
            XCTAssertEqual(item.json?["author"]?.stringValue, "Ada")
            XCTAssertEqual(item.json?["format"]?.stringValue, "zip")
            let noManifest = try PackageFixture.tarball(["a.txt": "a"])
            let zipless = try await Self.upload(registry, PackageUploadForm(package: noManifest, fileName: "x.mcpb", fields: [("name", "io.github.team/x"), ("version", "1"), ("description", "d")]), token: token)
            XCTAssertEqual(zipless.status, .unprocessableContent, zipless.body)
        }
    }

    /// 48 concurrent downloads are 48 counted, and the count survives reopening the store.
    func testConcurrentDownloadsAreAllCountedAndSurviveARestart() async throws {
        for kind in StoreKind.allCases {
            try await runOrSkip(kind) {
                let root = FileManager.default.temporaryDirectory.appendingPathComponent("hosting-blobs-\(UUID().uuidString)")
                defer { try? FileManager.default.removeItem(at: root) }
                let (location, cleanup) = try await kind.makeStore()
                do {
                    let store = try await RegistryStoreFactory.open(location, logger: Logger(label: "test"))
                    let service = RegistryHTTPService(store: store, configuration: .init(host: "127.0.0.1", port: 0), logger: Logger(label: "test"), blobs: try FileSystemBlobStore(root: root))
                    let app = try service.application()
                    try await app.test(.live) { client in
                        let registry = LiveRegistry(client: client, store: store)
                        let token = try await registry.token("io.github.team/*")
                        let published = try await Self.upload(registry, Self.form(try PackageFixture.tarball(Self.project)), token: token)
                        XCTAssertEqual(published.status, .ok, published.body)
                        try await withThrowingTaskGroup(of: Int.self) { group in
                            for _ in 0..<48 {
                                group.addTask { try await registry.bytes("/api/v1/servers/io.github.team/weather/1.0.0/download").status.code }
                            }
                            for try await code in group { XCTAssertEqual(code, 200) }
                        }
                    }
                    try await store.close()
                    let reopened = try await RegistryStoreFactory.open(location, logger: Logger(label: "test"))
                    let counts = try await reopened.downloadCounts(name: Self.name)
                    XCTAssertEqual(counts.byVersion, ["1.0.0": 48])
                    let statistics = try await reopened.hostedStatistics(limit: 5)
                    XCTAssertEqual(statistics.totalDownloads, 48)
                    try await reopened.close()
                } catch {
                    await cleanup()
                    throw error
                }
                await cleanup()
            }
        }
    }

    private func runOrSkip(_ kind: StoreKind, _ body: () async throws -> Void) async throws {
        do {
            try await body()
        } catch let skip as XCTSkip where kind == .postgres {
            print("\(kind): \(skip)")
        }
    }
}
