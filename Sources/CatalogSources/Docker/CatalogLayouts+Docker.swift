import Dispatch
import Foundation
import RegistryCore

extension CatalogLayouts {
    /// Every `servers/<name>/server.yaml` (with `tools.json` and `readme.md` beside it), parsed
    /// with `DockerServerParser` on all cores. A definition that does not parse becomes a
    /// `SourceProblem` (`servers/<name>/server.yaml: …`); a folder without `server.yaml` is counted
    /// in `folders_without_server_yaml`.
    static func docker(root: URL, sourceID: String) -> CatalogLayoutResult {
        let servers = root.appendingPathComponent("servers", isDirectory: true)
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: servers.path) else {
            return CatalogLayoutResult(problems: [SourceProblem(location: "servers/", message: "the repository has no servers/ folder")])
        }
        let folders = names.filter { !$0.hasPrefix(".") }.sorted()
        let outcomes = ParallelMap.map(folders) { name -> DockerFolderOutcome in
            let folder = servers.appendingPathComponent(name, isDirectory: true)
            let relative = "servers/\(name)/server.yaml"
            guard let yamlData = FileManager.default.contents(atPath: folder.appendingPathComponent("server.yaml").path) else {
                return .noDefinition
            }
            guard let yaml = String(data: yamlData, encoding: .utf8) else {
                return .problem(SourceProblem(location: relative, message: "server.yaml is not UTF-8 text"))
            }
            let toolsJSON = FileManager.default.contents(atPath: folder.appendingPathComponent("tools.json").path)
            let readme = (FileManager.default.contents(atPath: folder.appendingPathComponent("readme.md").path)
                ?? FileManager.default.contents(atPath: folder.appendingPathComponent("README.md").path))
                .flatMap { String(data: $0, encoding: .utf8) }
            do {
                return .entry(try DockerServerParser.entry(yaml: yaml, toolsJSON: toolsJSON, readme: readme,
                                                           folderName: name, sourceID: sourceID, location: relative))
            } catch let error as CatalogParseError {
                return .problem(SourceProblem(location: relative, message: error.message))
            } catch {
                return .problem(SourceProblem(location: relative, message: "\(error)"))
            }
        }
        var result = CatalogLayoutResult()
        var seen = Set<String>()
        for outcome in outcomes {
            switch outcome {
            case .entry(let entry):
                if seen.insert(EntryID.lookupKey(entry.id)).inserted {
                    result.entries.append(entry)
                } else {
                    result.problems.append(SourceProblem(location: entry.provenance.first?.location ?? entry.id,
                                                         message: "duplicate server name \(entry.name); the first definition is kept"))
                }
            case .problem(let problem):
                result.problems.append(problem)
            case .noDefinition:
                result.counters["folders_without_server_yaml", default: 0] += 1
            }
        }
        result.counters["definitions"] = result.entries.count + result.problems.count
        return result
    }
}

private enum DockerFolderOutcome: Sendable {
    case entry(CatalogEntry)
    case problem(SourceProblem)
    case noDefinition
}

/// `map` over all cores (for parsing many small files).
enum ParallelMap {
    static func map<T: Sendable, R: Sendable>(_ items: [T], _ transform: @Sendable (T) -> R) -> [R] {
        guard items.count > 1 else { return items.map(transform) }
        let results = ResultSlots<R>(count: items.count)
        DispatchQueue.concurrentPerform(iterations: items.count) { index in
            results.set(index, transform(items[index]))
        }
        return results.values
    }

    private final class ResultSlots<R>: @unchecked Sendable {
        private var slots: [R?]
        private let lock = NSLock()

        init(count: Int) { slots = Array(repeating: nil, count: count) }

        func set(_ index: Int, _ value: R) {
            lock.lock()
            slots[index] = value
            lock.unlock()
        }

        var values: [R] { slots.map { $0! } }
    }
}
