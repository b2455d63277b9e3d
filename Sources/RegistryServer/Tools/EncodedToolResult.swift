import Foundation

/// A successful `CallToolResult` (MCP 2025-11-25 `schema.json`) encoded straight from a
/// tool's output type: one text content item and the same facts as `structuredContent`.
/// Encodes to the same JSON as `CallTool.Result` built through `Value`, without it.
struct EncodedToolResult<Output: Encodable>: Encodable {
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
}
