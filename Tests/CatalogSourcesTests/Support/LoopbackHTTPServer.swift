import Foundation
import TestSupport
import XCTest

/// A real HTTP server on 127.0.0.1 (port 0) for the tests: Python's `http.server` running
/// `LoopbackHTTPServerScript`, serving the routes a test writes and logging every request.
/// It stops when `stop()` closes its stdin (or the test process dies).
final class LoopbackHTTPServer: @unchecked Sendable {
    /// One canned response (see the script for the meaning of each field).
    struct Response: Encodable {
        var status: Int = 200
        var headers: [String: String] = [:]
        var body: String?
        var bodyFile: String?
        var etag: String?
        var lastModified: String?
        var size: Int?
        var contentLength: Bool?
        var neverFinish: Bool?
        var delay: Double?

        enum CodingKeys: String, CodingKey {
            case status, headers, body, etag, size, delay
            case bodyFile = "body_file", lastModified = "last_modified", contentLength = "content_length", neverFinish = "never_finish"
        }

        static func json(_ text: String, status: Int = 200, etag: String? = nil) -> Response {
            Response(status: status, headers: ["Content-Type": "application/json"], body: text, etag: etag)
        }

        static func html(_ text: String, etag: String? = nil, lastModified: String? = nil) -> Response {
            Response(headers: ["Content-Type": "text/html; charset=utf-8"], body: text, etag: etag, lastModified: lastModified)
        }
    }

    /// A request as the server saw it.
    struct LoggedRequest: Decodable {
        var path: String
        var query: [String: String]
        var headers: [String: String]
    }

    let root: URL
    let port: Int
    private let process: Process
    private let input: Pipe

    var baseURL: URL { URL(string: "http://127.0.0.1:\(port)")! }

    init() throws {
        root = try TemporaryDirectory(prefix: "loopback-http").url
        let script = root.appendingPathComponent("server.py")
        try Data(LoopbackHTTPServerScript.source.utf8).write(to: script)
        try Data("{}".utf8).write(to: root.appendingPathComponent("routes.json"))

        process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", script.path, root.path]
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
            throw NSError(domain: "LoopbackHTTPServer", code: 1, userInfo: [NSLocalizedDescriptionKey: "server did not start: \(text)"])
        }
        self.port = port
    }

    deinit { stop() }

    /// Stops the server and removes its folder.
    func stop() {
        if process.isRunning {
            try? input.fileHandleForWriting.close()
            process.waitUntilExit()
        }
        try? FileManager.default.removeItem(at: root)
    }

    /// Replaces the routing table (read by the server on every request).
    func setRoutes(_ routes: [String: [Response]]) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let temp = root.appendingPathComponent("routes.json.tmp")
        try encoder.encode(routes).write(to: temp)
        _ = rename(temp.path, root.appendingPathComponent("routes.json").path)
    }

    /// Writes a file that a route can serve with `bodyFile`.
    func writeFile(_ relativePath: String, _ data: Data) throws {
        let url = root.appendingPathComponent(relativePath)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try data.write(to: url)
    }

    /// URL of `path` (which may hold a query) on this server.
    func url(_ path: String) -> URL { URL(string: "http://127.0.0.1:\(port)\(path)")! }

    /// Every request received so far, in order.
    func requests() -> [LoggedRequest] {
        guard let data = try? Data(contentsOf: root.appendingPathComponent("requests.log")) else { return [] }
        return data.split(separator: UInt8(ascii: "\n")).compactMap { try? JSONDecoder().decode(LoggedRequest.self, from: Data($0)) }
    }

    /// Requests received for `path`.
    func requests(to path: String) -> [LoggedRequest] { requests().filter { $0.path == path } }

    /// The most requests that were in flight at the same time.
    func maxConcurrentRequests() -> Int {
        guard let data = try? Data(contentsOf: root.appendingPathComponent("stats.json")),
              let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else { return 0 }
        return object["max_active"] as? Int ?? 0
    }
}
