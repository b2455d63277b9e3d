import Dispatch
import Foundation
import RegistryCore
import Synchronization

extension CatalogLayouts {
    /// Every `servers/<name>/server.yaml` (with `tools.json` and `readme.md` beside it), read
    /// through `files` (its link policy, size caps and budget) and parsed with
    /// `DockerServerParser` on all cores. A definition that does not parse or is refused becomes
    /// a `SourceProblem` (`servers/<name>/server.yaml: …`); so does a folder whose name breaks
    /// the registry's name rules; a folder without `server.yaml` is counted in
    /// `folders_without_server_yaml`.
    static func docker(files: CatalogFolder, sourceID: String) -> CatalogLayoutResult {
        guard files.exists("servers") else {
            return CatalogLayoutResult(problems: [SourceProblem(location: "servers/", message: "the repository has no servers/ folder")])
        }
        var result = CatalogLayoutResult()
        var folders: [String] = []
        for item in files.list("servers") {
            switch item {
            case .folder(let path):
                let name = String(path.dropFirst("servers/".count))
                if let violation = UpstreamName.violation(in: name, format: .docker) {
                    result.problems.append(SourceProblem(location: CatalogPath.display(path),
                                                         message: "refused: the folder name breaks the Docker registry's name rules (\(violation.rawValue))"))
                } else {
                    folders.append(name)
                }
            case .refused(let path, let reason):
                result.problems.append(CatalogFileError(path: CatalogPath.display(path), reason: reason).problem)
            case .file:
                continue
            }
        }
        let outcomes = ParallelMap.map(folders) { name in
            DockerDefinitionReader.read(files, folder: "servers/\(name)", folderName: name, sourceID: sourceID)
        }
        var seen = Set<String>()
        for outcome in outcomes {
            switch outcome {
            case .entry(let entry, let problems):
                result.problems += problems
                if seen.insert(EntryID.lookupKey(entry.id)).inserted {
                    result.entries.append(entry)
                } else {
                    result.problems.append(SourceProblem(location: entry.provenance.first?.location ?? entry.id,
                                                         message: "duplicate server name \(entry.name); the first definition is kept"))
                }
            case .problems(let problems):
                result.problems += problems
            case .noDefinition:
                result.counters["folders_without_server_yaml", default: 0] += 1
            }
        }
        result.counters["definitions"] = result.entries.count + outcomes.filter { if case .problems = $0 { true } else { false } }.count
        if files.budget.refusals > 0 { result.counters["files_over_budget"] = files.budget.refusals }
        return result
    }
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

    private final class ResultSlots<R: Sendable>: Sendable {
        private let slots: Mutex<[R?]>

        init(count: Int) { slots = Mutex(Array(repeating: nil, count: count)) }

        func set(_ index: Int, _ value: R) {
            slots.withLock { $0[index] = value }
        }

        var values: [R] { slots.withLock { $0.map { $0! } } }
    }
}
