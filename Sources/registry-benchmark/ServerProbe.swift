import Foundation
import MCP
import Gateway

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

    func run(queries: [String], rounds: Int) async throws -> Figures {
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
