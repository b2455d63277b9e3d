import Foundation
import RegistryCore

extension CatalogLayouts {
    /// Every `server.json` in the tree (official MCP registry schema).
    static func serverJSON(root: URL, sourceID: String) -> CatalogLayoutResult {
        CatalogLayoutResult(problems: [SourceProblem(location: root.lastPathComponent, message: "the server-json layout is not available in this build yet")])
    }
}
