import Foundation
import RegistryCore

/// Reads one Docker MCP registry definition folder (`server.yaml`, with `tools.json` and
/// `readme.md` / `README.md` beside it) out of a `CatalogFolder`, so every read obeys the
/// folder's link policy, the per-format size caps and the source's budget.
///
/// A refused or unreadable `server.yaml` makes the definition a problem; a refused
/// `tools.json` or readme is reported as a problem of its own and the entry loads without it.
enum DockerDefinitionReader {
    /// What one folder produced.
    enum Outcome: Sendable {
        case entry(CatalogEntry, problems: [SourceProblem])
        case problems([SourceProblem])
        /// No `server.yaml` in the folder.
        case noDefinition
    }

    /// Reads the definition in `folder` (relative to the catalog root; "" for the root itself).
    /// - Parameters:
    ///   - folderName: the name the format gives the definition when `name` is missing.
    ///   - location: how problems and provenance name a file (relative path → shown path).
    static func read(_ files: CatalogFolder, folder: String, folderName: String, sourceID: String,
                     location: (String) -> String = { $0 }) -> Outcome {
        func path(_ name: String) -> String { folder.isEmpty ? name : "\(folder)/\(name)" }
        let yamlPath = path("server.yaml")
        let yaml: String
        do {
            guard let text = try files.readText(yamlPath, limit: .serverYAML) else { return .noDefinition }
            yaml = text
        } catch {
            return .problems([SourceProblem(location: location(error.path), message: error.message)])
        }
        var problems: [SourceProblem] = []
        var toolsJSON: Data?
        do {
            toolsJSON = try files.read(path("tools.json"), limit: .toolsJSON)
        } catch {
            problems.append(SourceProblem(location: location(error.path), message: error.message))
        }
        var readme: String?
        for name in ["readme.md", "README.md"] where readme == nil {
            do {
                readme = try files.readText(path(name), limit: .readme)
            } catch {
                problems.append(SourceProblem(location: location(error.path), message: error.message))
            }
        }
        if let data = toolsJSON, let position = JSONBounds.excessNesting(in: data) {
            problems.append(SourceProblem(location: location(path("tools.json")),
                                          message: JSONBounds.nestingMessage(line: position.line, column: position.column)))
            toolsJSON = nil
        }
        do {
            let entry = try DockerServerParser.entry(yaml: yaml, toolsJSON: toolsJSON, readme: readme, folderName: folderName,
                                                     sourceID: sourceID, location: location(yamlPath))
            return .entry(entry, problems: problems)
        } catch let error as CatalogParseError {
            return .problems([SourceProblem(location: location(yamlPath), message: error.message)] + problems)
        } catch {
            return .problems([SourceProblem(location: location(yamlPath), message: "cannot be parsed")] + problems)
        }
    }
}
