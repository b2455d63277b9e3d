import Foundation

/// A loopback HTTP server (Python's `http.server`, started with `python3`) serving the
/// official registry API from files: `GET /v0.1/servers?cursor=…` answers the page the
/// cursor names, with `metadata.nextCursor` pointing at the next one. It listens on
/// 127.0.0.1 (port 0), keeps connections alive (HTTP/1.1) and exits when its stdin closes.
final class LoopbackRegistry {
    let root: URL
    let port: Int
    let serverCount: Int
    private let process: Process
    private let input: Pipe

    var baseURL: URL { URL(string: "http://127.0.0.1:\(port)")! }

    /// Writes `pages` pages of `perPage` realistic `server.json` items and starts the server.
    init(pages: Int, perPage: Int, in folder: URL) throws {
        root = folder
        serverCount = pages * perPage
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for page in 0..<pages {
            let items = (0..<perPage).map { Self.item(page * perPage + $0) }
            let next = page + 1 < pages ? #""nextCursor": "c\#(page + 1)", "# : ""
            let body = #"{"servers": [\#(items.joined(separator: ",\n"))], "metadata": {\#(next)"count": \#(perPage)}}"#
            try Data(body.utf8).write(to: folder.appendingPathComponent("page-\(page).json"))
        }
        let script = folder.appendingPathComponent("server.py")
        try Data(Self.script.utf8).write(to: script)

        process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", script.path, folder.path]
        input = Pipe()
        let output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        try process.run()
        var line = Data()
        while !line.contains(UInt8(ascii: "\n")) {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            line.append(chunk)
        }
        let text = String(decoding: line, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard text.hasPrefix("PORT "), let port = Int(text.dropFirst(5)) else {
            process.terminate()
            throw LoopbackError(description: "the loopback registry did not start (is python3 installed?): \(text)")
        }
        self.port = port
    }

    func stop() {
        try? input.fileHandleForWriting.close()
        process.waitUntilExit()
    }

    struct LoopbackError: Error, CustomStringConvertible { var description: String }

    /// One API list item, shaped like the live registry's: npm, PyPI, OCI and remote servers
    /// with arguments, environment variables and secrets.
    static func item(_ index: Int) -> String {
        let owner = "owner\(index % 97)"
        let name = "io.github.\(owner)/server-\(index)"
        let packages: String
        switch index % 4 {
        case 0:
            packages = #""packages": [{"registryType": "npm", "identifier": "@\#(owner)/server-\#(index)", "version": "1.\#(index % 10).0", "transport": {"type": "stdio"}, "packageArguments": [{"type": "named", "name": "--mode", "value": "{mode}", "variables": {"mode": {"default": "read", "choices": ["read", "write"]}}}], "environmentVariables": [{"name": "SERVER_\#(index)_API_KEY", "description": "API key for the service", "isRequired": true, "isSecret": true, "format": "string"}, {"name": "LOG_LEVEL", "description": "Log level", "default": "info"}]}]"#
        case 1:
            packages = #""packages": [{"registryType": "pypi", "identifier": "server-\#(index)-mcp", "version": "0.\#(index % 10).1", "runtimeHint": "uvx", "transport": {"type": "stdio"}, "environmentVariables": [{"name": "DATABASE_URL", "description": "Connection string", "isRequired": true, "isSecret": true}]}]"#
        case 2:
            packages = #""packages": [{"registryType": "oci", "identifier": "ghcr.io/\#(owner)/server-\#(index)", "version": "2.0.\#(index % 10)", "transport": {"type": "stdio"}, "runtimeArguments": [{"type": "named", "name": "-e", "value": "REGION={region}", "variables": {"region": {"default": "eu-west-1"}}}], "packageArguments": [{"type": "positional", "value": "stdio"}]}]"#
        default:
            packages = #""remotes": [{"type": "streamable-http", "url": "https://mcp.example.com/\#(owner)/{tenant}/mcp", "variables": {"tenant": {"description": "Your tenant", "isRequired": true}}, "headers": [{"name": "Authorization", "description": "Bearer token", "isRequired": true, "isSecret": true, "value": "Bearer {token}"}]}]"#
        }
        return #"""
        {"server": {"$schema": "https://static.modelcontextprotocol.io/schemas/2025-10-17/server.schema.json", "name": "\#(name)", "title": "Server \#(index)", "description": "MCP server number \#(index): tools for \#(["issues", "databases", "search", "files", "calendars", "messages"][index % 6]) from your assistant.", "version": "1.\#(index % 10).0", "websiteUrl": "https://\#(owner).example.com/server-\#(index)", "repository": {"url": "https://github.com/\#(owner)/server-\#(index)", "source": "github"}, \#(packages)},
         "_meta": {"io.modelcontextprotocol.registry/official": {"status": "active", "publishedAt": "2026-10-01T12:00:00Z", "updatedAt": "2026-11-01T12:00:00Z", "isLatest": true}}}
        """#
    }

    static let script = #"""
    import os, sys, threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
    from urllib.parse import urlsplit, parse_qsl

    ROOT = sys.argv[1]
    PAGES = {}
    for name in os.listdir(ROOT):
        if name.startswith("page-") and name.endswith(".json"):
            with open(os.path.join(ROOT, name), "rb") as f:
                PAGES[name[5:-5]] = f.read()

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args):
            pass

        def do_GET(self):
            parts = urlsplit(self.path)
            params = dict(parse_qsl(parts.query))
            cursor = params.get("cursor", "c0")
            body = PAGES.get(cursor[1:]) if parts.path == "/v0.1/servers" else None
            status = 200 if body is not None else 404
            body = body if body is not None else b'{"error": "not found"}'
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    print("PORT %d" % server.server_address[1], flush=True)
    try:
        sys.stdin.read()
    finally:
        os._exit(0)
    """#
}
