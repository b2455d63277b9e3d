import Foundation

/// The real `mcp-registry serve` over stdio, with a local catalog folder that holds the
/// fixture MCP server (`bench/fixture`, which says it needs no network, so the registry
/// runs it with `--network none` like the bare run it is compared with), driven with raw
/// JSON-RPC lines.
final class StdioRegistry {
    let process: Process
    let channel: RawChannel
    private let toServer: Pipe

    /// Writes the catalog and starts the server; returns once `registry-find` sees the fixture.
    init(binary: URL, image: String, work: URL, environment extra: [String: String]) throws {
        let catalog = work.appendingPathComponent("bench", isDirectory: true)
        try FileManager.default.createDirectory(at: catalog.appendingPathComponent("fixture"), withIntermediateDirectories: true)
        try Data("""
        name: fixture
        image: \(image)
        type: server
        run:
          disableNetwork: true
        about:
          title: Fixture
          description: The registry's own tiny MCP server (echo, add, slow…).
        """.utf8).write(to: catalog.appendingPathComponent("fixture/server.yaml"))

        process = Process()
        process.executableURL = binary
        process.arguments = ["serve", "--data-dir", work.appendingPathComponent("data").path, "--catalog", catalog.path, "--no-refresh", "--log-level", "error"]
        var environment = ProcessInfo.processInfo.environment
        environment.merge(extra) { _, new in new }
        environment["XDG_CONFIG_HOME"] = work.appendingPathComponent("config").path
        process.environment = environment
        toServer = Pipe()
        let fromServer = Pipe()
        process.standardInput = toServer
        process.standardOutput = fromServer
        process.standardError = FileHandle.nullDevice
        try process.run()
        channel = RawChannel(writingTo: toServer.fileHandleForWriting, readingFrom: fromServer.fileHandleForReading)
        try channel.initialize()
        // The local catalog is read in the background after start-up.
        let deadline = Date().addingTimeInterval(30)
        while true {
            let found = try channel.request("tools/call", #"{"name":"registry-info","arguments":{"id":"bench/fixture"}}"#)
            if found["isError"] as? Bool != true { break }
            guard Date() < deadline else { throw RawChannelError(description: "the registry never listed bench/fixture") }
            Thread.sleep(forTimeInterval: 0.05)
        }
    }

    /// Closes stdin (the registry stops its children and exits) and waits.
    func stop() {
        try? toServer.fileHandleForWriting.close()
        process.waitUntilExit()
    }
}
