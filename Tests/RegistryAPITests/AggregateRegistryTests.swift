import CatalogSources
import Foundation
import HTTPTypes
import HummingbirdTesting
import Logging
import NIOCore
@testable import RegistryAPI
import RegistryCore
import XCTest

/// `registry serve --aggregate`: the merged catalog served as server.json documents beside
/// the published servers, read back by the registry's own `official` source.
final class AggregateRegistryTests: XCTestCase {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let fixtures = packageRoot.appendingPathComponent("../shared/fixtures").standardizedFileURL

    /// The Docker registry fixture (328 servers) as merged entries.
    static func dockerEntries() throws -> [CatalogEntry] {
        try LocalCatalogSource(id: "docker", folder: fixtures.appendingPathComponent("docker-mcp-registry/servers")).loadNow().entries
    }

    /// The awesome list fixture (bare links, odd owner names): README.md and docs/*.md.
    static func awesomeEntries() throws -> [CatalogEntry] {
        let folder = fixtures.appendingPathComponent("awesome-mcp-servers")
        var documents = [AwesomeListDocument(markdown: try String(contentsOf: folder.appendingPathComponent("README.md"), encoding: .utf8), location: "README.md")]
        let docs = folder.appendingPathComponent("docs")
        for name in try FileManager.default.contentsOfDirectory(atPath: docs.path).sorted() where name.hasSuffix(".md") {
            documents.append(AwesomeListDocument(markdown: try String(contentsOf: docs.appendingPathComponent(name), encoding: .utf8), location: "docs/\(name)"))
        }
        return AwesomeListParser.parse(documents: documents, sourceID: "awesome").entries
    }

    struct FixedCatalog: AggregateCatalogProvider {
        let entries: [CatalogEntry]
        func aggregateEntries() async -> (generation: Int, entries: [CatalogEntry]) { (1, entries) }
    }

    func testEveryEntryBecomesAValidUniqueServerJSON() throws {
        let entries = try Self.dockerEntries() + Self.awesomeEntries()
        XCTAssertGreaterThan(entries.count, 7_000)
        let records = AggregateCatalog.records(entries, at: RegistryTime.now())
        XCTAssertEqual(records.count, entries.count, "every entry is served")
        XCTAssertEqual(Set(records.map { $0.name.lowercased() }).count, records.count, "names are unique")
        let validator = try ServerDocumentValidator.bundled()
        var refused: [String] = []
        for record in records {
            do {
                _ = try validator.validate(Data(record.document.utf8))
            } catch let rejection as DocumentRejection {
                refused.append("\(record.name): \(rejection.issues.map { "\($0.location) \($0.message)" })")
            }
        }
        XCTAssertEqual(refused, [], "every document passes server.schema.json and the official rules")
        let grafana = try XCTUnwrap(records.first { $0.name == "io.github.grafana/mcp-grafana" })
        XCTAssertTrue(grafana.aggregateMeta?.contains("\"id\":\"docker/grafana\"") == true)
        let root = Self.fixtures.path
        XCTAssertEqual(records.filter { $0.aggregateMeta?.contains(root) == true }.map(\.name), [],
                       "file paths never reach the served provenance")
    }

    /// A Docker `poci` entry (one container per tool call).
    static func runsToolContainers(_ entry: CatalogEntry) -> Bool {
        if case .package(let package) = entry.launch { return package.runsToolContainers }
        return false
    }

    /// The official parser reads each Docker document back to the same way of starting it.
    func testDockerDocumentsReadBackToTheSameLaunch() throws {
        let entries = try Self.dockerEntries()
        let records = AggregateCatalog.records(entries, at: RegistryTime.now())
        var mismatches: [String] = []
        for (entry, record) in zip(entries, records) {
            let back = try OfficialServerParser.entry(json: Data(record.document.utf8), sourceID: "team", location: nil)
            // What server.json cannot say (Docker's per-call `poci` tools) is left out, so the
            // entry reads back as a link; everything startable reads back startable, the same way.
            if Self.runsToolContainers(entry) {
                if back.isLaunchable { mismatches.append("\(entry.id): poci read back launchable") }
                continue
            }
            if back.isLaunchable != entry.isLaunchable || (entry.isLaunchable && back.launch.kind != entry.launch.kind) {
                mismatches.append("\(entry.id): \(entry.launch.kind)/\(entry.isLaunchable) → \(back.launch.kind)/\(back.isLaunchable)")
                continue
            }
            if case .container(let original) = entry.launch, case .container(let read) = back.launch, original.image != read.image {
                mismatches.append("\(entry.id): image \(original.image) → \(read.image)")
            }
            // A container gets every secret as an environment variable; a remote only those
            // its URL or headers use, or its OAuth token (brightdata declares one it never uses).
            var secrets = Set(entry.configuration.secrets.map(\.env))
            if case .remote(let remote) = entry.launch {
                let templates = [remote.url] + remote.headers.map(\.value)
                let used = entry.configuration.secrets.filter { secret in templates.contains { $0.contains("${\(secret.env)}") } }
                secrets = Set(used.map(\.env))
                if remote.oauthProvider != nil, let token = entry.configuration.secrets.first(where: { !used.contains($0) }) { secrets.insert(token.env) }
            }
            let readSecrets = Set(back.configuration.secrets.map(\.env))
            if !secrets.isSubset(of: readSecrets) {
                mismatches.append("\(entry.id): secrets \(secrets.sorted()) → \(readSecrets.sorted())")
            }
        }
        XCTAssertEqual(mismatches, [])
    }

    func testAggregateBesidePublishedServersOnBothStores() async throws {
        let entries = try Self.dockerEntries()
        for kind in StoreKind.allCases {
            do {
                try await kind.withStore { published, _ in
                    let store = AggregatedRegistryStore(published: published, catalog: AggregateCatalog(provider: FixedCatalog(entries: entries)))
                    let issued = AccessTokenIssuer.issue(namespace: "io.github.grafana/*", permission: .publish, description: nil, lifetime: nil, now: RegistryTime.now())
                    try await published.insertToken(issued.record)
                    let service = RegistryHTTPService(store: store, configuration: .init(host: "127.0.0.1", port: 0), logger: Logger(label: "test"))
                    try await service.application().test(.live) { client in
                        try await Self.checkAggregate(client: client, token: issued.token, entryCount: entries.count, kind: kind)
                    }
                }
            } catch is XCTSkip where kind == .postgres {
                continue
            }
        }
    }

    private static func checkAggregate(client: any TestClientProtocol, token: String, entryCount: Int, kind: StoreKind) async throws {
        func get(_ uri: String) async throws -> (HTTPTypes.HTTPResponse.Status, JSONValue?) {
            try await client.execute(uri: uri, method: .get) { response in
                (response.status, try? JSONDecoder().decode(JSONValue.self, from: Data(String(buffer: response.body).utf8)))
            }
        }
        // A published server with the name an aggregated one has hides it.
        let document = #"{"name":"io.github.grafana/mcp-grafana","description":"Our own build of the Grafana server","version":"9.9.9","packages":[{"registryType":"oci","identifier":"ghcr.io/acme/grafana:9.9.9","transport":{"type":"stdio"}}]}"#
        let status = try await client.execute(uri: "/v0.1/publish", method: .post, headers: [.authorization: "Bearer \(token)", .contentType: "application/json"], body: ByteBuffer(string: document)) { $0.status }
        XCTAssertEqual(status, .ok, "\(kind)")

        var names: [String] = []
        var cursor: String?
        repeat {
            let (status, page) = try await get("/v0.1/servers?limit=100" + (cursor.map { "&cursor=\($0)" } ?? ""))
            XCTAssertEqual(status, .ok)
            names += page?["servers"]?.arrayValue?.compactMap { $0["server"]?["name"]?.stringValue } ?? []
            cursor = page?["metadata"]?["nextCursor"]?.stringValue
        } while cursor != nil && names.count < 10_000
        XCTAssertEqual(names.count, entryCount, "\(kind): every aggregated server once, the published one in place of its namesake")
        XCTAssertEqual(Set(names).count, names.count, "\(kind): no duplicates across pages")
        XCTAssertEqual(names, names.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }, "\(kind): ordered by name")

        let (_, grafana) = try await get("/v0.1/servers/\("io.github.grafana/mcp-grafana".replacingOccurrences(of: "/", with: "%2F"))/versions/latest")
        XCTAssertEqual(grafana?["server"]?["version"]?.stringValue, "9.9.9", "\(kind): the published version wins")
        XCTAssertNil(grafana?["_meta"]?[AggregatedRegistryStore.metaKey])

        let (_, search) = try await get("/v0.1/servers?search=hacker%20news")
        let found = search?["servers"]?.arrayValue?.first
        XCTAssertEqual(found?["server"]?["name"]?.stringValue, "io.github.AayushBahukhandi/hackernews-mcp", "\(kind)")
        XCTAssertEqual(found?["_meta"]?[AggregatedRegistryStore.metaKey]?["id"]?.stringValue, "docker/mcp-hackernews")
        XCTAssertEqual(found?["_meta"]?[AggregatedRegistryStore.metaKey]?["launchable"], JSONValue.bool(true))

        let (_, health) = try await get("/v0.1/health")
        XCTAssertEqual(health?["statistics"]?["aggregatedServers"]?.numberValue, Double(entryCount))
        XCTAssertEqual(health?["statistics"]?["servers"]?.numberValue, 1)

        // Aggregated servers are read-only.
        let hackernews = "io.github.AayushBahukhandi%2Fhackernews-mcp"
        let removal = try await client.execute(uri: "/v0.1/servers/\(hackernews)/versions/0.0.0", method: .delete, headers: [.authorization: "Bearer \(token)"]) { $0.status }
        XCTAssertTrue([.forbidden, .notFound].contains(removal), "\(kind): \(removal)")
    }

    /// The registry's own `official` source, pointed at an aggregating registry, sees the whole
    /// merged catalog with the same servers startable.
    func testOfficialSourceReadsTheAggregate() async throws {
        let entries = try Self.dockerEntries()
        try await StoreKind.sqlite.withStore { published, _ in
            let store = AggregatedRegistryStore(published: published, catalog: AggregateCatalog(provider: FixedCatalog(entries: entries)))
            let service = RegistryHTTPService(store: store, configuration: .init(host: "127.0.0.1", port: 0), logger: Logger(label: "test"))
            try await service.application().test(.live) { client in
                let port = try XCTUnwrap(client.port)
                let source = OfficialRegistrySource(id: "team", baseURL: URL(string: "http://127.0.0.1:\(port)")!, fetcher: HTTPFetcher())
                let snapshot = try await source.load(previous: nil)
                XCTAssertEqual(snapshot.entries.count, entries.count)
                // Docker's per-call `poci` tools have no server.json form: links there.
                XCTAssertEqual(snapshot.entries.filter(\.isLaunchable).count, entries.filter { $0.isLaunchable && !Self.runsToolContainers($0) }.count)
                XCTAssertTrue(snapshot.entries.contains { $0.id == "team/io.github.grafana/mcp-grafana" })
            }
        }
    }
}
