import Foundation
import RegistryCore

/// What `MCPServersOrgSource` remembers between refreshes: every known detail page in listing
/// order and the categories the listings gave them. A missing or corrupt file reads as empty.
struct MCPServersOrgState: Codable, Sendable, Hashable {
    var pages: [String] = []
    var categories: [String: [String]] = [:]

    static func read(_ file: URL?) -> MCPServersOrgState {
        guard let file, let data = try? Data(contentsOf: file),
              let state = try? JSONDecoder().decode(MCPServersOrgState.self, from: data) else { return MCPServersOrgState() }
        return state
    }

    func write(_ file: URL?) {
        guard let file else { return }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        if let data = try? encoder.encode(self) { try? AtomicFile.write(data, to: file) }
    }
}
