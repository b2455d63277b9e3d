import Foundation
import Gateway
import MCP
import RegistryCore
import TestSupport
import XCTest

@testable import RegistryServer

/// The real registry (`RegistryApplication`: catalog service, gateway, MCP server) served
/// over swift-sdk's `InMemoryTransport` to a real `Client` in the same process: no binary,
/// no pipes. Its catalog is local folders only (`--catalog`), its files in a temporary home.
final class InProcessRegistry: @unchecked Sendable {
    let home: TemporaryDirectory
    let application: RegistryApplication
    let client: Client
    let initialize: Initialize.Result

    /// - Parameters:
    ///   - catalogs: local catalog folders (each a folder of `<name>/server.yaml`).
    ///   - settings: written as the settings file before start-up, given the temporary home
    ///     (for allowed volume roots inside it).
    init(catalogs: [URL], settings: ((URL) -> RegistrySettings)? = nil) async throws {
        home = try TemporaryDirectory(prefix: "refactor-inprocess")
        if let settings {
            let folder = home.appending("config/mcp-registry")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            try SettingsStore(file: folder.appendingPathComponent("config.json")).save(settings(home.url))
        }
        let environment = ["HOME": home.url.path, "XDG_CONFIG_HOME": home.appending("config").path]
        let bootstrap = try RegistryBootstrap(dataDir: home.appending("data").path, catalogs: catalogs.map(\.path), environment: environment)
        application = RegistryApplication(bootstrap: bootstrap)
        let (clientSide, serverSide) = await InMemoryTransport.createConnectedPair()
        try await application.start(transport: serverSide, autoRefresh: false)
        client = Client(name: "in-process-test", version: "1.0")
        initialize = try await client.connect(transport: clientSide)
    }

    /// The whole result of a tool call (text, `structuredContent`, `isError`).
    func call(_ tool: String, _ arguments: [String: Value] = [:]) async throws -> CallTool.Result {
        let context: RequestContext<CallTool.Result> = try await client.send(CallTool.request(.init(name: tool, arguments: arguments)))
        return try await context.value
    }

    /// Calls `registry-status` until the catalog holds at least `count` entries and no
    /// local folder is still being read (they are read in the background at start-up);
    /// fails after `timeout` seconds.
    func waitForEntries(_ count: Int, timeout: Double = 60, file: StaticString = #filePath, line: UInt = #line) async throws {
        let deadline = Date().addingTimeInterval(timeout)
        var status = CallTool.Result(content: [])
        while Date() < deadline {
            status = try await call("registry-status")
            let total = status.object["totalEntries"]?.intValue ?? 0
            let reading = status.object["sources"]?.arrayValue?.contains {
                $0.objectValue?["kind"]?.stringValue == "local" && $0.objectValue?["refreshing"]?.boolValue == true
            } ?? true
            if total >= count, !reading { return }
            try await Task.sleep(nanoseconds: 100_000_000)
        }
        XCTFail("the catalog is not ready after \(timeout) s: \(status.object)", file: file, line: line)
    }

    func stop() async {
        await client.disconnect()
        await application.stop()
        home.remove()
    }
}

extension CallTool.Result {
    /// The text parts, joined by newlines.
    var text: String {
        content.compactMap { if case .text(let text, _, _) = $0 { text } else { nil } }.joined(separator: "\n")
    }

    /// `structuredContent` as an object (empty when absent).
    var object: [String: Value] { structuredContent?.objectValue ?? [:] }
}
