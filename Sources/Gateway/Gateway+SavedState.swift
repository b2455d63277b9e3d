import Foundation
import RegistryCore

/// The record of active servers, kept so they come back on the next start of the registry.
extension Gateway {
    /// The servers that were active when the registry last ran (for restoring them).
    public nonisolated func savedActivations() -> [ActiveServerRecord] {
        guard let stateFile, let data = FileManager.default.contents(atPath: stateFile.path) else { return [] }
        return (try? JSONDecoder().decode([ActiveServerRecord].self, from: data)) ?? []
    }

    func saveState() {
        guard let stateFile else { return }
        let records = servers.keys.sorted().map { id in
            ActiveServerRecord(entryID: id, prefix: servers[id]!.prefix, toolFilter: servers[id]!.toolFilter.map { $0.sorted() })
        }
        do {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            try AtomicFile.write(try encoder.encode(records), to: stateFile)
        } catch {
            logger.warning("could not record active servers", metadata: ["error": "\(error)"])
        }
    }
}
