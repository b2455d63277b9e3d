import MCP

/// A registry tool's structured output, declared once per tool: its JSON Schema is the
/// tool's `outputSchema`, its encoding the result's `structuredContent` (MCP 2025-11-25,
/// "Structured content": a tool with an output schema returns structured results that
/// conform to it). The text for the model is rendered beside it; `RegistryTool.success`
/// and `EncodedToolResult` put both into one `CallToolResult`.
protocol ToolOutput: Encodable, Sendable {
    /// The JSON Schema of the encoded output (an object schema).
    static var schema: Value { get }
}
