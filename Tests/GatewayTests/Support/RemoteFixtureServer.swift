import Foundation
import TestSupport
import XCTest

#if canImport(Glibc)
    import Glibc
#endif

/// A real remote MCP server on 127.0.0.1 for tests: Python's `mcp` package (`MCPServer`
/// over Streamable HTTP, answering with SSE bodies as most servers do, or with `legacySSE`
/// over the 2024-11-05 HTTP+SSE transport at `/sse`) behind a guard that
/// answers 401 unless `Authorization: Bearer <token>` is sent. `grow` adds a tool and
/// sends `tools/list_changed` outside the request (on the GET event stream). `/old-mcp` redirects to
/// `/mcp`, `/old-sse` to `/sse`, `/elsewhere` to an `ftp://` URL; `/foreign-sse` is an SSE
/// stream naming a message endpoint on another origin. The Python is
/// `MCP_REGISTRY_E2E_PYTHON` or the package's `.build/venv/bin/python`; tests skip when it
/// has no `mcp` package.
final class RemoteFixtureServer {
    static let script = #"""
    import sys
    import uvicorn
    from mcp.server.mcpserver import Context, MCPServer

    port = int(sys.argv[1])
    token = sys.argv[2]
    legacy_sse = len(sys.argv) > 3 and sys.argv[3] == "sse"
    server = MCPServer("remote-fixture", instructions="A remote fixture for tests.")

    @server.tool()
    def echo(text: str) -> str:
        """Echoes the text back, marked as remote."""
        return "remote: " + text

    @server.tool()
    def add(a: int, b: int) -> int:
        """Adds two numbers."""
        return a + b

    @server.tool()
    async def grow(name: str, ctx: Context) -> str:
        """Adds a tool and announces it on the session's event stream."""
        def extra(text: str) -> str:
            return name + ": " + text
        server.add_tool(extra, name=name, description="A tool added at run time.")
        await ctx.session.send_tool_list_changed()
        return "added " + name

    app = server.sse_app() if legacy_sse else server.streamable_http_app(streamable_http_path="/mcp")

    async def redirect(send, location):
        await send({"type": "http.response.start", "status": 307, "headers": [(b"location", location.encode())]})
        await send({"type": "http.response.body", "body": b""})

    async def guarded(scope, receive, send):
        if scope["type"] == "http" and scope["path"] == "/old-mcp":
            return await redirect(send, "/mcp")
        if scope["type"] == "http" and scope["path"] == "/elsewhere":
            return await redirect(send, "ftp://127.0.0.1/mcp")
        if scope["type"] == "http" and scope["path"] == "/old-sse":
            return await redirect(send, "/sse")
        if scope["type"] == "http" and scope["path"] == "/foreign-sse":
            await send({"type": "http.response.start", "status": 200, "headers": [(b"content-type", b"text/event-stream")]})
            await send({"type": "http.response.body", "body": b"event: endpoint\ndata: http://localhost:9/messages/\n\n"})
            return
        if scope["type"] == "http":
            headers = dict(scope.get("headers") or [])
            if headers.get(b"authorization") != b"Bearer " + token.encode():
                await send({"type": "http.response.start", "status": 401,
                            "headers": [(b"content-type", b"text/plain"), (b"www-authenticate", b"Bearer")]})
                await send({"type": "http.response.body", "body": b"missing or wrong token"})
                return
        await app(scope, receive, send)

    uvicorn.run(guarded, host="127.0.0.1", port=port, log_level="warning")
    """#

    let port: Int
    let token: String
    let legacySSE: Bool
    let directory: URL
    private var process: Process?

    /// The Python with the `mcp` package, or a skip.
    static func python() throws -> String {
        let root = TestPodman.packageRoot
        let python = ProcessInfo.processInfo.environment["MCP_REGISTRY_E2E_PYTHON"]
            ?? root.appendingPathComponent(".build/venv/bin/python").path
        guard FileManager.default.isExecutableFile(atPath: python) else {
            throw XCTSkip("No Python with the mcp package at \(python) (set MCP_REGISTRY_E2E_PYTHON or run scripts/test)")
        }
        return python
    }

    init(token: String, legacySSE: Bool = false) throws {
        self.token = token
        self.legacySSE = legacySSE
        self.port = try Self.freePort()
        directory = try TemporaryDirectory(prefix: "remote-fixture").url
        try Self.script.write(to: directory.appendingPathComponent("server.py"), atomically: true, encoding: .utf8)
    }

    var url: String { "http://127.0.0.1:\(port)" + (legacySSE ? "/sse" : "/mcp") }

    /// Starts the server and waits until it accepts connections.
    func start() throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try Self.python())
        process.arguments = [directory.appendingPathComponent("server.py").path, String(port), token] + (legacySSE ? ["sse"] : [])
        let log = directory.appendingPathComponent("server.log")
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        let handle = try FileHandle(forWritingTo: log)
        handle.seekToEndOfFile()
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
        self.process = process
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline {
            if Self.accepts(port: port) { return }
            if !process.isRunning {
                let text = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
                if text.contains("ModuleNotFoundError") { throw XCTSkip("the Python has no mcp package: \(text)") }
                XCTFail("the remote fixture server exited: \(text)")
                return
            }
            usleep(100_000)
        }
        XCTFail("the remote fixture server did not listen on \(port)")
    }

    /// Kills the server at once (SIGKILL), as a crash or a network drop would.
    func kill() {
        guard let process, process.isRunning else { return }
        Glibc.kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        self.process = nil
    }

    func stop() {
        kill()
        try? FileManager.default.removeItem(at: directory)
    }

    static func accepts(port: Int) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0 }
        }
    }

    static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0 else { throw XCTSkip("cannot bind a port on 127.0.0.1") }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
