import Foundation

/// A successful `CallToolResult` (MCP 2025-11-25 `schema.json`) encoded straight from a
/// tool's output type: one text content item and the same facts as `structuredContent`.
/// The one way a registry tool's success result is made: `registry-find`'s fast path sends
/// these bytes as they are (no `Value` in between); `RegistryTool.success` reads them back
/// as the SDK's `CallTool.Result` for the `Server`.
struct EncodedToolResult<Output: ToolOutput>: Encodable {
    struct TextContent: Encodable {
        var type = "text"
        var text: String
    }

    var content: [TextContent]
    var structuredContent: Output
    var isError = false

    init(text: String, structured: Output) {
        content = [TextContent(text: text)]
        structuredContent = structured
    }

    /// The `CallToolResult` JSON text.
    /// - Throws: the encoder's error when `Output` cannot be encoded.
    func encoded() throws -> Data {
        try ToolJSON.encoder.encode(self)
    }
}
