import Foundation

/// Newline-delimited JSON-RPC over a pair of pipes, written and read by hand (no client
/// library): what the server and the transport cost, and nothing else.
final class RawChannel {
    private let output: FileHandle
    private let reader: LineReader
    private var nextID = 1

    init(writingTo output: FileHandle, readingFrom input: FileHandle) {
        self.output = output
        self.reader = LineReader(input.fileDescriptor)
    }

    func send(_ line: String) {
        output.write(Data((line + "\n").utf8))
    }

    /// Sends a request and waits for the reply with its id (notifications in between are
    /// skipped). Returns the reply's `result`, or throws its `error`.
    @discardableResult
    func request(_ method: String, _ params: String) throws -> [String: Any] {
        let id = nextID
        nextID += 1
        send(#"{"jsonrpc":"2.0","id":\#(id),"method":"\#(method)","params":\#(params)}"#)
        while let line = reader.line() {
            guard let message = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                  (message["id"] as? Int) == id else { continue }
            if let error = message["error"] { throw RawChannelError(description: "\(method) failed: \(error)") }
            return message["result"] as? [String: Any] ?? [:]
        }
        throw RawChannelError(description: "the stream ended before the reply to \(method)")
    }

    /// `initialize` and `notifications/initialized`.
    func initialize() throws {
        try request("initialize", #"{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"registry-benchmark","version":"1"}}"#)
        send(#"{"jsonrpc":"2.0","method":"notifications/initialized"}"#)
    }

    /// `tools/call`; returns the first text content and `isError`.
    func callTool(_ name: String, _ arguments: String) throws -> (text: String?, isError: Bool) {
        let result = try request("tools/call", #"{"name":"\#(name)","arguments":\#(arguments)}"#)
        let content = result["content"] as? [[String: Any]] ?? []
        return (content.first?["text"] as? String, result["isError"] as? Bool ?? false)
    }

    /// Sends `count` `tools/call` requests at once, then reads every reply: returns how
    /// many came back without error and with `expected(index)` as their text.
    func concurrentCalls(_ name: String, count: Int, arguments: (Int) -> String, expected: (Int) -> String) throws -> Int {
        var pending: [Int: Int] = [:]
        var batch = ""
        for index in 0..<count {
            let id = nextID
            nextID += 1
            pending[id] = index
            batch += #"{"jsonrpc":"2.0","id":\#(id),"method":"tools/call","params":{"name":"\#(name)","arguments":\#(arguments(index))}}"# + "\n"
        }
        output.write(Data(batch.utf8))
        var correct = 0
        while !pending.isEmpty, let line = reader.line() {
            guard let message = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                  let id = message["id"] as? Int, let index = pending.removeValue(forKey: id) else { continue }
            let result = message["result"] as? [String: Any]
            let text = (result?["content"] as? [[String: Any]])?.first?["text"] as? String
            if result?["isError"] as? Bool != true, text == expected(index) { correct += 1 }
        }
        return correct
    }

    /// Sends `total` `tools/call` requests keeping `inFlight` of them unanswered at any time
    /// (a new one goes out as each reply comes in): returns how many came back without
    /// error and with `expected(index)` as their text, and how many never came back.
    func pipelinedCalls(_ name: String, total: Int, inFlight: Int, arguments: (Int) -> String, expected: (Int) -> String) throws -> (correct: Int, lost: Int) {
        var pending: [Int: Int] = [:]
        var sent = 0
        var correct = 0
        func sendNext() {
            let id = nextID
            nextID += 1
            pending[id] = sent
            send(#"{"jsonrpc":"2.0","id":\#(id),"method":"tools/call","params":{"name":"\#(name)","arguments":\#(arguments(sent))}}"#)
            sent += 1
        }
        while sent < min(inFlight, total) { sendNext() }
        while !pending.isEmpty, let line = reader.line() {
            guard let message = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                  let id = message["id"] as? Int, let index = pending.removeValue(forKey: id) else { continue }
            let result = message["result"] as? [String: Any]
            let text = (result?["content"] as? [[String: Any]])?.first?["text"] as? String
            if result?["isError"] as? Bool != true, text == expected(index) { correct += 1 }
            if sent < total { sendNext() }
        }
        return (correct, pending.count + (total - sent))
    }

    /// `tools/list`; returns the tool names.
    func toolNames() throws -> [String] {
        let result = try request("tools/list", "{}")
        return (result["tools"] as? [[String: Any]] ?? []).compactMap { $0["name"] as? String }
    }
}

struct RawChannelError: Error, CustomStringConvertible {
    var description: String
}
