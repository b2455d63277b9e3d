import Foundation
import Gateway
import MCP
import RegistryCore

/// One tool of the registry's own (`registry-*`): its definition and how it answers.
public protocol RegistryTool: Sendable {
    /// The tool as listed in `tools/list`: name, description, schemas, annotations.
    var definition: Tool { get }
    /// Answers a call. Bad input and failures come back as `isError` results, not throws.
    func call(_ arguments: ToolArguments) async -> CallTool.Result
}

/// A failure to report to the model as an `isError` result, with what to do next.
public struct ToolFailure: Error, Sendable, CustomStringConvertible {
    public var message: String
    public var structured: Value?

    public init(_ message: String, structured: Value? = nil) {
        self.message = message
        self.structured = structured
    }

    public var description: String { message }

    /// The failure as a tool result.
    public var result: CallTool.Result {
        CallTool.Result(content: [.text(text: message, annotations: nil, _meta: nil)], structuredContent: structured, isError: true)
    }
}

extension RegistryTool {
    /// The tool's name.
    public var name: String { definition.name }

    /// A success result: `text` for the model and `output` as `structuredContent`, encoded
    /// by the same encoder as `EncodedToolResult` (the fast path's bytes) and read back as a
    /// `JSONValue`, not as the SDK's `Value`: swift-sdk's `Value` decoding matches a data-URL
    /// regex against every string (measured at about 41% of a tool call's samples).
    func success<Output: ToolOutput>(_ text: String, _ output: Output) -> CallTool.Result {
        do {
            let data = try ToolJSON.encoder.encode(output)
            let structured = try ToolJSON.decoder.decode(JSONValue.self, from: data).mcpValue
            return try CallTool.Result(content: [.text(text: text, annotations: nil, _meta: nil)], structuredContent: structured, isError: false)
        } catch {
            return ToolFailure("internal error while encoding the result of \(name): \(error)").result
        }
    }
}

/// The JSON coders of tool results: ISO 8601 dates, sorted keys, unescaped slashes.
enum ToolJSON {
    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()
    static let decoder = JSONDecoder()
}
