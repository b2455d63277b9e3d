import Foundation
import RegistryCore
import TestSupport
import XCTest
@testable import CatalogSources

/// Source management (`sources list|add|remove|enable|disable`) on a real settings file in a
/// temporary config folder, and building sources from the settings.
final class GitSourceSettingsTests: XCTestCase {
    private var folder: URL!
    private var paths: RegistryPaths!
    private var store: SettingsStore!

    override func setUpWithError() throws {
        folder = try TemporaryDirectory(prefix: "git-settings").url
        paths = RegistryPaths(dataDirectory: folder.appendingPathComponent("data"), configDirectory: folder.appendingPathComponent("config"))
        store = SettingsStore(paths: paths)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: folder)
    }

    func testDefaultsWithoutASettingsFile() throws {
        let settings = try store.load()
        XCTAssertEqual(settings.effectiveSources.map(\.id), ["docker", "awesome", "official", "mcpservers"])
        XCTAssertEqual(settings.effectiveSources.map(\.url), [
            "https://github.com/docker/mcp-registry", "https://github.com/TensorBlock/awesome-mcp-servers",
            "https://registry.modelcontextprotocol.io", "https://mcpservers.org",
        ])
        XCTAssertTrue(settings.sourceListings.allSatisfy { $0.isBuiltIn && !$0.overridesBuiltIn && $0.setting.enabled })
        XCTAssertFalse(FileManager.default.fileExists(atPath: paths.settingsFile.path), "listing never writes")
    }

    func testAddRemoveEnableDisableRoundTripThroughTheFile() throws {
        try store.update { try $0.addSource(url: "https://github.com/acme/MCP-Catalog.git", format: "server-json", branch: "release") }
        try store.update { try $0.addSource(url: "git@git.example.com:team/private.git", format: "docker", name: "team") }
        var settings = try store.load()
        XCTAssertEqual(settings.effectiveSources.map(\.id), ["docker", "awesome", "official", "mcpservers", "mcp-catalog", "team"])
        XCTAssertEqual(settings.effectiveSources[4].branch, "release")
        XCTAssertEqual(settings.effectiveSources[4].format, "server-json")

        XCTAssertThrowsError(try settings.addSource(url: "https://github.com/other/mcp-catalog", format: "docker")) {
            XCTAssertEqual($0 as? SourceSettingsError, .duplicateID("mcp-catalog"))
        }
        XCTAssertThrowsError(try settings.addSource(url: "https://x.example/y", format: "zip")) {
            XCTAssertEqual($0 as? SourceSettingsError, .unknownFormat("zip"))
        }
        XCTAssertThrowsError(try settings.addSource(url: "https://x.example/y", format: "docker", name: "bad/id")) {
            XCTAssertEqual($0 as? SourceSettingsError, .invalidID("bad/id"))
        }
        XCTAssertThrowsError(try settings.addSource(url: "not a url", format: "docker")) {
            XCTAssertEqual($0 as? SourceSettingsError, .invalidURL("not a url"))
        }

        try store.update { try $0.setSourceEnabled(id: "team", false) }
        try store.update { try $0.setSourceEnabled(id: "docker", false) }
        settings = try store.load()
        XCTAssertEqual(settings.effectiveSources.filter { !$0.enabled }.map(\.id), ["docker", "team"])
        XCTAssertEqual(settings.sourceListings.first?.overridesBuiltIn, true)

        // Re-enabling a default drops the override again.
        try store.update { try $0.setSourceEnabled(id: "docker", true) }
        settings = try store.load()
        XCTAssertEqual(settings.sources.map(\.id), ["mcp-catalog", "team"])
        XCTAssertTrue(settings.effectiveSources[0].enabled)

        try store.update { try $0.removeSource(id: "mcp-catalog") }
        XCTAssertThrowsError(try store.update { try $0.removeSource(id: "awesome") }) {
            XCTAssertEqual($0 as? SourceSettingsError, .cannotRemoveBuiltIn("awesome"))
            XCTAssertTrue("\($0)".contains("sources disable awesome"))
        }
        XCTAssertThrowsError(try store.update { try $0.removeSource(id: "nope") }) {
            XCTAssertEqual($0 as? SourceSettingsError, .unknownID("nope"))
        }
        XCTAssertThrowsError(try store.update { try $0.setSourceEnabled(id: "nope", true) })
        XCTAssertEqual(try store.load().effectiveSources.map(\.id), ["docker", "awesome", "official", "mcpservers", "team"])
    }

    func testADefaultCanBePointedAtAMirrorAndBack() throws {
        try store.update { try $0.addSource(url: "https://mirror.example.com/docker-mcp-registry.git", format: "docker", name: "docker", branch: "stable") }
        var settings = try store.load()
        XCTAssertEqual(settings.effectiveSources.map(\.id), ["docker", "awesome", "official", "mcpservers"], "a mirror replaces the default, it does not add one")
        XCTAssertEqual(settings.effectiveSources[0].url, "https://mirror.example.com/docker-mcp-registry.git")
        XCTAssertEqual(settings.effectiveSources[0].branch, "stable")
        XCTAssertEqual(settings.sourceListings[0].overridesBuiltIn, true)
        XCTAssertThrowsError(try settings.addSource(url: "https://other.example/x", format: "docker", name: "docker"))

        try settings.removeSource(id: "docker")
        XCTAssertEqual(settings.effectiveSources[0], SourceSetting.builtInDefaults[0], "removing the override restores the default")
    }

    func testACorruptSettingsFileIsAnErrorAndIsLeftAlone() throws {
        try FileManager.default.createDirectory(at: paths.configDirectory, withIntermediateDirectories: true)
        try Data("{ \"sources\": [ oops".utf8).write(to: paths.settingsFile)
        XCTAssertThrowsError(try store.update { try $0.addSource(url: "https://x.example/y.git", format: "docker") }) { error in
            XCTAssertTrue("\(error)".contains(self.paths.settingsFile.path), "\(error)")
        }
        XCTAssertEqual(try String(contentsOf: paths.settingsFile, encoding: .utf8), "{ \"sources\": [ oops")
    }

    func testFactoryBuildsGitSourcesAndRefusesUnsupportedFormats() throws {
        var settings = RegistrySettings()
        try settings.addSource(url: "/srv/catalogs/team", format: "server-json", name: "team")
        try settings.addSource(url: "/srv/catalogs/folder", format: "local", name: "folder")
        try settings.setSourceEnabled(id: "awesome", false)
        try settings.setSourceEnabled(id: "official", false)
        try settings.setSourceEnabled(id: "mcpservers", false)
        let built = SourceFactory.sources(for: settings, paths: paths, credentials: .none)
        XCTAssertEqual(built.sources.map(\.id), ["docker", "team", "folder"])
        XCTAssertEqual(built.sources.map(\.kind), ["docker", "server-json", "local"])
        XCTAssertEqual(built.failures.count, 0)
        XCTAssertEqual((built.sources[2] as? LocalCatalogSource)?.folder.path, "/srv/catalogs/folder")
        XCTAssertThrowsError(try SourceFactory.source(for: SourceSetting(id: "x", format: "gopher", url: "x"), paths: paths)) { error in
            XCTAssertEqual(error as? SourceFactoryError, .unknownFormat(id: "x", format: "gopher"))
        }

        let docker = try XCTUnwrap(built.sources[0] as? GitCatalogSource)
        XCTAssertEqual(docker.url, "https://github.com/docker/mcp-registry")
        XCTAssertEqual(docker.format, .docker)
        XCTAssertEqual(docker.checkoutDirectory, paths.sourcesDirectory.appendingPathComponent("docker", isDirectory: true))
        let team = try XCTUnwrap(built.sources[1] as? GitCatalogSource)
        XCTAssertEqual(team.url, "file:///srv/catalogs/team")
        XCTAssertEqual(team.location, "file:///srv/catalogs/team")

        let local = try SourceFactory.source(for: SourceSetting(id: "mine", format: "local", url: "/srv/servers"), paths: paths)
        XCTAssertEqual(local.kind, "local")
        XCTAssertEqual(local.location, "/srv/servers")

        XCTAssertThrowsError(try SourceFactory.source(for: SourceSetting(id: "x", format: "zip", url: "https://x"), paths: paths)) {
            XCTAssertEqual($0 as? SourceFactoryError, .unknownFormat(id: "x", format: "zip"))
        }
    }

    /// A source added through the settings, then loaded from a real repository.
    func testAddedSourceLoadsThroughTheFactory() async throws {
        let upstream = try GitTestRepository()
        try upstream.write("name: notes\nimage: example.com/notes:1\ntype: server\nabout:\n  description: Notes.\n", to: "servers/notes/server.yaml")
        try upstream.commitAll("notes")
        try store.update { try $0.addSource(url: upstream.url, format: "docker", name: "team") }
        let setting = try XCTUnwrap(try store.load().effectiveSources.first { $0.id == "team" })
        let source = try SourceFactory.source(for: setting, paths: paths, credentials: .none)
        let snapshot = try await source.load(previous: nil)
        XCTAssertEqual(snapshot.entries.map(\.id), ["team/notes"])
        XCTAssertTrue(FileManager.default.fileExists(atPath: paths.sourcesDirectory.appendingPathComponent("team/servers/notes/server.yaml").path))
    }
}
