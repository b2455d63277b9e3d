import Foundation
import Gateway
import MCP
import MCPStdio

/// Starts the real `mcp-registry serve` and talks to it with the swift-sdk client over
/// its stdin/stdout, timing what a client sees.
struct ServerProbe {
    var binary: URL
    var dataDirectory: URL
    var configHome: URL

    struct Figures {
        var initialize: Double
        var firstFind: Double
        var finds: [Double]
        var residentKB: Int
        var peakResidentKB: Int
    }

    /// `mcp-registry serve` on the benchmark's cache, with pipes for stdin and stdout (not started).
    private func makeServerProcess() -> (Process, toServer: Pipe, fromServer: Pipe) {
        let process = Process()
        process.executableURL = binary
        process.arguments = ["serve", "--data-dir", dataDirectory.path, "--no-refresh", "--log-level", "error"]
        var environment = ProcessInfo.processInfo.environment
        environment["XDG_CONFIG_HOME"] = configHome.path
        process.environment = environment
        let toServer = Pipe()
        let fromServer = Pipe()
        process.standardInput = toServer
        process.standardOutput = fromServer
        process.standardError = FileHandle.nullDevice
        return (process, toServer, fromServer)
    }

    func run(queries: [String], rounds: Int) async throws -> Figures {
        let (process, toServer, fromServer) = makeServerProcess()

        let start = DispatchTime.now().uptimeNanoseconds
        try process.run()
        let transport = PipeTransport(input: fromServer.fileHandleForReading, output: toServer.fileHandleForWriting)
        let client = Client(name: "registry-benchmark", version: "1")
        _ = try await client.connect(transport: transport)
        let initialized = DispatchTime.now().uptimeNanoseconds

        _ = try await client.callTool(name: "registry-find", arguments: ["query": "github"])
        let firstFind = DispatchTime.now().uptimeNanoseconds

        var finds: [Double] = []
        for _ in 0..<rounds {
            for query in queries {
                let before = DispatchTime.now().uptimeNanoseconds
                let result = try await client.callTool(name: "registry-find", arguments: ["query": .string(query)])
                finds.append(Double(DispatchTime.now().uptimeNanoseconds - before) / 1e9)
                if result.isError == true { throw ProbeError.toolFailed(query) }
            }
        }
        let memory = Self.memory(pid: process.processIdentifier)
        await client.disconnect()
        try? toServer.fileHandleForWriting.close()
        process.waitUntilExit()
        return Figures(
            initialize: Double(initialized - start) / 1e9,
            firstFind: Double(firstFind - start) / 1e9,
            finds: finds,
            residentKB: memory.resident,
            peakResidentKB: memory.peak)
    }

    /// What `runRaw` measured, in seconds.
    struct RawFigures {
        /// Process start to the reply to the first `registry-find`.
        var firstFind: Double
        var finds: [Double]
        var toolLists: [Double]
    }

    /// The same finds with plain JSON-RPC lines over the pipes (what the server and the
    /// transport cost, without a client library's decoding), the first find after start,
    /// and `tools/list` (`listRounds` times).
    func runRaw(queries: [String], rounds: Int, listRounds: Int = 200) throws -> RawFigures {
        let (process, toServer, fromServer) = makeServerProcess()
        let start = DispatchTime.now().uptimeNanoseconds
        try process.run()
        let reader = LineReader(fromServer.fileHandleForReading.fileDescriptor)
        func send(_ line: String) {
            toServer.fileHandleForWriting.write(Data((line + "\n").utf8))
        }
        send(#"{"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"raw","version":"1"}}}"#)
        _ = reader.line()
        send(#"{"jsonrpc":"2.0","method":"notifications/initialized"}"#)
        send(#"{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"registry-find","arguments":{"query":"github"}}}"#)
        guard let first = reader.line(), first.contains("\"id\":1") else { throw ProbeError.toolFailed("github") }
        let firstFind = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        var times: [Double] = []
        var lists: [Double] = []
        var id = 2
        for _ in 0..<listRounds {
            let before = DispatchTime.now().uptimeNanoseconds
            send(#"{"jsonrpc":"2.0","id":\#(id),"method":"tools/list","params":{}}"#)
            guard let reply = reader.line(), reply.contains("\"id\":\(id)"), reply.contains("registry-find") else { throw ProbeError.toolFailed("tools/list") }
            lists.append(Double(DispatchTime.now().uptimeNanoseconds - before) / 1e9)
            id += 1
        }
        for _ in 0..<rounds {
            for query in queries {
                let before = DispatchTime.now().uptimeNanoseconds
                send(#"{"jsonrpc":"2.0","id":\#(id),"method":"tools/call","params":{"name":"registry-find","arguments":{"query":"\#(query)"}}}"#)
                guard let reply = reader.line(), reply.contains("\"id\":\(id)") else { throw ProbeError.toolFailed(query) }
                times.append(Double(DispatchTime.now().uptimeNanoseconds - before) / 1e9)
                id += 1
            }
        }
        try? toServer.fileHandleForWriting.close()
        process.waitUntilExit()
        return RawFigures(firstFind: firstFind, finds: times, toolLists: lists)
    }

    enum ProbeError: Error {
        case toolFailed(String)
    }

    /// VmRSS and VmHWM from /proc (kB).
    static func memory(pid: Int32) -> (resident: Int, peak: Int) {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8) else { return (0, 0) }
        var resident = 0, peak = 0
        for line in status.split(separator: "\n") {
            let parts = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
            if parts.first == "VmRSS:", parts.count > 1 { resident = Int(parts[1]) ?? 0 }
            if parts.first == "VmHWM:", parts.count > 1 { peak = Int(parts[1]) ?? 0 }
        }
        return (resident, peak)
    }
}

/// Reads newline-terminated lines from a descriptor (blocking).
final class LineReader {
    private let descriptor: Int32
    private var buffer: [UInt8] = []

    init(_ descriptor: Int32) {
        self.descriptor = descriptor
    }

    func line() -> String? {
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            if let newline = buffer.firstIndex(of: 0x0A) {
                let line = String(decoding: buffer[..<newline], as: UTF8.self)
                buffer.removeSubrange(...newline)
                return line
            }
            let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count <= 0 { return nil }
            buffer.append(contentsOf: chunk[..<count])
        }
    }
}
