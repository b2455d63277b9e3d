// A tiny real MCP server on stdio, used as the child in container and end-to-end tests.
//
// Tools: `echo` {text}, `add` {a, b} (with structuredContent), `env` {name} (reads an
// environment variable: tests check that secrets reach the container), `fail` (an isError
// result), `slow` {seconds} (with progress; a cancellation is noted on stderr), `crash` {code?} (exits the process), `grow` {name} (adds a tool
// and sends tools/list_changed), `connect` {address, port} (a TCP connection; an isError
// result with the system's reason, also on stderr, when it fails). One resource (`fixture://readme`) and one prompt (`greet`).
// It exits when stdin reaches EOF (unless FIXTURE_LINGER is set). Any command-line argument is refused (a "bad command" for
// tests): it prints why on stderr and exits with status 64.
//
// It speaks over the registry's own `PipeTransport` (a blocking reader), not swift-sdk's
// `StdioTransport`, which polls stdin every 10 ms: timings through it (the benchmark's direct
// and proxied calls) then show the MCP exchange, not the poll interval.
import Foundation
import MCP
import MCPStdio
#if canImport(Glibc)
import Glibc
#endif

if CommandLine.arguments.count > 1 {
    FileHandle.standardError.write(Data("fixture: unknown argument \(CommandLine.arguments[1]); this server takes none\n".utf8))
    exit(64)
}

/// The tools the server lists; `grow` adds more at run time.
actor ToolBook {
    private(set) var tools: [Tool] = FixtureTools.initial

    func add(_ name: String) -> Bool {
        guard !tools.contains(where: { $0.name == name }) else { return false }
        tools.append(Tool(name: name, description: "A tool added at run time; echoes its text.", inputSchema: FixtureTools.textSchema))
        return true
    }

    func has(_ name: String) -> Bool { tools.contains(where: { $0.name == name }) }
}

enum FixtureTools {
    static let textSchema: Value = [
        "type": "object",
        "properties": ["text": ["type": "string", "description": "Text to echo back"]],
        "required": ["text"],
    ]

    static let initial: [Tool] = [
        Tool(name: "echo", description: "Returns its text unchanged.", inputSchema: textSchema),
        Tool(
            name: "add", description: "Adds two numbers.",
            inputSchema: [
                "type": "object",
                "properties": ["a": ["type": "number"], "b": ["type": "number"]],
                "required": ["a", "b"],
            ],
            outputSchema: ["type": "object", "properties": ["sum": ["type": "number"]], "required": ["sum"]]
        ),
        Tool(
            name: "env", description: "Returns the value of an environment variable (tests only).",
            inputSchema: ["type": "object", "properties": ["name": ["type": "string"]], "required": ["name"]]
        ),
        Tool(name: "fail", description: "Always returns an error result.", inputSchema: ["type": "object", "properties": [:]]),
        Tool(
            name: "slow", description: "Sleeps for the given seconds, then answers.",
            inputSchema: ["type": "object", "properties": ["seconds": ["type": "number"]], "required": ["seconds"]]
        ),
        Tool(
            name: "crash", description: "Exits the server process at once.",
            inputSchema: ["type": "object", "properties": ["code": ["type": "integer"]]]
        ),
        Tool(
            name: "grow", description: "Adds a tool with the given name and sends tools/list_changed.",
            inputSchema: ["type": "object", "properties": ["name": ["type": "string"]], "required": ["name"]]
        ),
        Tool(
            name: "connect", description: "Opens a TCP connection to an IPv4 address and port; an error result says why it failed.",
            inputSchema: ["type": "object", "properties": ["address": ["type": "string"], "port": ["type": "integer"]], "required": ["address", "port"]]
        ),
    ]
}

func number(_ value: Value?) -> Double? {
    switch value {
    case .int(let n): Double(n)
    case .double(let d): d
    case .string(let s): Double(s)
    default: nil
    }
}

/// Connects to `address:port` over TCP (IPv4) and closes again; `nil` on success, else the
/// system's reason (`Network is unreachable` in a container without a network).
func tcpConnect(_ address: String, port: Int) -> String? {
    var target = sockaddr_in()
    target.sin_family = sa_family_t(AF_INET)
    target.sin_port = in_port_t(UInt16(clamping: port)).bigEndian
    guard inet_pton(AF_INET, address, &target.sin_addr) == 1 else { return "not an IPv4 address: \(address)" }
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard fd >= 0 else { return String(cString: strerror(errno)) }
    defer { close(fd) }
    let status = withUnsafePointer(to: &target) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
    }
    return status == 0 ? nil : String(cString: strerror(errno))
}

func text(_ string: String, isError: Bool? = nil) -> CallTool.Result {
    CallTool.Result(content: [.text(text: string, annotations: nil, _meta: nil)], isError: isError)
}

let book = ToolBook()
let server = Server(
    name: "mcp-fixture-server",
    version: "1.0.0",
    capabilities: .init(prompts: .init(listChanged: false), resources: .init(listChanged: false), tools: .init(listChanged: true))
)

await server.withMethodHandler(ListTools.self) { _ in
    ListTools.Result(tools: await book.tools)
}

await server.withMethodHandler(CallTool.self) { params in
    let args = params.arguments ?? [:]
    switch params.name {
    case "echo":
        return text(args["text"]?.stringValue ?? "")
    case "add":
        guard let a = number(args["a"]), let b = number(args["b"]) else {
            return text("add needs numbers a and b", isError: true)
        }
        let sum = a + b
        let shown = sum.rounded() == sum && abs(sum) < 1e15 ? String(Int64(sum)) : String(sum)
        return CallTool.Result(
            content: [.text(text: shown, annotations: nil, _meta: nil)],
            structuredContent: ["sum": sum.rounded() == sum && abs(sum) < 1e15 ? .int(Int(sum)) : .double(sum)]
        )
    case "env":
        let name = args["name"]?.stringValue ?? ""
        guard let value = ProcessInfo.processInfo.environment[name] else {
            return text("\(name) is not set", isError: true)
        }
        return text(value)
    case "fail":
        return text("this tool always fails", isError: true)
    case "slow":
        // Sleeps in tenths of a second, reporting progress when the caller asked for it.
        let seconds = max(0, number(args["seconds"]) ?? 1)
        let steps = max(1, Int((seconds * 10).rounded()))
        for step in 1...steps {
            do {
                try await Task.sleep(nanoseconds: UInt64(seconds / Double(steps) * 1_000_000_000))
            } catch {
                // Cancelled by the caller (notifications/cancelled): say so, for tests to see.
                FileHandle.standardError.write(Data("fixture: slow cancelled at step \(step) of \(steps)\n".utf8))
                throw error
            }
            if let token = params._meta?.progressToken {
                try await server.notify(ProgressNotification.message(.init(progressToken: token, progress: Double(step), total: Double(steps))))
            }
        }
        return text("slept \(seconds)s")
    case "crash":
        FileHandle.standardError.write(Data("fixture: crashing on request\n".utf8))
        exit(Int32(args["code"]?.intValue ?? 3))
    case "grow":
        let name = args["name"]?.stringValue ?? "extra"
        let added = await book.add(name)
        if added { try await server.notify(ToolListChangedNotification.message()) }
        return text(added ? "added \(name)" : "\(name) exists")
    case "connect":
        let address = args["address"]?.stringValue ?? ""
        let port = args["port"]?.intValue ?? 0
        switch tcpConnect(address, port: port) {
        case nil: return text("connected to \(address):\(port)")
        case let reason?:
            FileHandle.standardError.write(Data("fixture: connect to \(address):\(port) failed: \(reason)\n".utf8))
            return text("connect to \(address):\(port) failed: \(reason)", isError: true)
        }
    default:
        if await book.has(params.name) { return text(args["text"]?.stringValue ?? "") }
        throw MCPError.methodNotFound("Unknown tool: \(params.name)")
    }
}

let readme = Resource(name: "readme", uri: "fixture://readme", description: "A fixed text resource.", mimeType: "text/plain")

await server.withMethodHandler(ListResources.self) { _ in
    ListResources.Result(resources: [readme])
}

await server.withMethodHandler(ReadResource.self) { params in
    guard params.uri == readme.uri else { throw MCPError.invalidParams("Unknown resource: \(params.uri)") }
    return ReadResource.Result(contents: [.text("The fixture server's readme.", uri: readme.uri, mimeType: "text/plain")])
}

await server.withMethodHandler(ListPrompts.self) { _ in
    ListPrompts.Result(prompts: [
        Prompt(name: "greet", description: "Greets someone.", arguments: [.init(name: "who", description: "Whom to greet", required: true)])
    ])
}

await server.withMethodHandler(GetPrompt.self) { params in
    guard params.name == "greet" else { throw MCPError.invalidParams("Unknown prompt: \(params.name)") }
    let who = params.arguments?["who"] ?? "world"
    return GetPrompt.Result(description: "A greeting", messages: [.user(.text(text: "Hello, \(who)!"))])
}

FileHandle.standardError.write(Data("fixture: ready\n".utf8))
try await server.start(transport: PipeTransport())
await server.waitUntilCompleted()
// FIXTURE_LINGER set: keep running after stdin EOF, like a server that ignores it (tests of
// the sweep of containers a killed registry left behind).
if ProcessInfo.processInfo.environment["FIXTURE_LINGER"] != nil {
    // Silent: a write to stderr after the registry died would end `podman run` by SIGPIPE.
    while true { sleep(3600) }
}
