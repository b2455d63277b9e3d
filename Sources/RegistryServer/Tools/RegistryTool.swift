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

    /// A success result from text and an already built structured value.
    func success(_ text: String, structured: Value) -> CallTool.Result {
        CallTool.Result(content: [.text(text: text, annotations: nil, _meta: nil)], structuredContent: Optional<Value>.some(structured), isError: false)
    }

    /// A success result: readable text plus the same facts as `structuredContent`.
    func success<Output: Encodable>(_ text: String, _ output: Output) -> CallTool.Result {
        do {
            let data = try ToolOutput.encoder.encode(output)
            let value = try ToolOutput.decoder.decode(Value.self, from: data)
            return CallTool.Result(content: [.text(text: text, annotations: nil, _meta: nil)], structuredContent: Optional<Value>.some(value), isError: false)
        } catch {
            return ToolFailure("internal error while encoding the result of \(name): \(error)").result
        }
    }
}

enum ToolOutput {
    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()
    static let decoder = JSONDecoder()
}

import Foundation
