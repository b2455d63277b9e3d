import Foundation
import MCP

/// The `tools/list` result (`ListToolsResult` JSON text), encoded once per version of the
/// tool list and served as bytes until the version changes.
actor ToolListCache {
    private var cached: (version: Int, bytes: Data)?

    /// The cached text for `version`, or `make()`'s tools encoded (and kept when `version`
    /// is not `nil`).
    func result(version: Int?, make: () async -> [Tool]) async -> Data {
        if let version, let cached, cached.version == version { return cached.bytes }
        let tools = await make()
        let bytes = (try? ToolListCache.encoder.encode(ListTools.Result(tools: tools))) ?? Data(#"{"tools":[]}"#.utf8)
        if let version { cached = (version, bytes) }
        return bytes
    }

    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()
}
