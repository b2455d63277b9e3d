import Foundation
import RegistryCore

extension CatalogLayouts {
    /// Every `server.json` in the tree (up to four folders deep, hidden folders skipped) and every
    /// `*.json` directly in a `servers/` folder, read with `OfficialServerParser`: a `server.json`,
    /// an API list item `{"server": …, "_meta": …}`, or a page `{"servers": [ … ]}`. A file that
    /// does not parse is a `SourceProblem` (relative path + error); an id defined twice keeps the
    /// first (in path order) and reports the second. Every read goes through `folder` (its link
    /// policy, the `serverJSON` size cap, the source's budget); links and special files met
    /// on the way are reported, not followed.
    static func serverJSON(files folder: CatalogFolder, sourceID: String) -> CatalogLayoutResult {
        var files: [String] = []
        var result = CatalogLayoutResult()
        collectServerJSON(folder, relative: "", depth: 0, into: &files, problems: &result.problems)
        let outcomes = ParallelMap.map(files) { path -> Result<ServerJSONFile, CatalogParseError> in
            do {
                guard let data = try folder.read(path, limit: .serverJSON) else {
                    return .failure(CatalogParseError("cannot be read", location: path))
                }
                return .success(try serverJSONEntries(data, location: path, sourceID: sourceID))
            } catch let error as CatalogFileError {
                return .failure(CatalogParseError(error.message, location: path))
            } catch let error as CatalogParseError {
                return .failure(CatalogParseError(error.message, location: path))
            } catch {
                return .failure(CatalogParseError("cannot be parsed", location: path))
            }
        }
        var seen: [String: String] = [:]
        for (path, outcome) in zip(files, outcomes) {
            switch outcome {
            case .success(let file):
                result.problems += file.problems
                for entry in file.entries {
                    let key = EntryID.lookupKey(entry.id)
                    if let first = seen[key] {
                        result.problems.append(SourceProblem(location: CatalogPath.display(path), message: "duplicate id \(entry.id), already defined by \(first)"))
                    } else {
                        seen[key] = path
                        result.entries.append(entry)
                    }
                }
            case .failure(let error):
                result.problems.append(SourceProblem(location: CatalogPath.display(path), message: error.message))
            }
        }
        result.counters["files"] = files.count
        if folder.budget.refusals > 0 { result.counters["files_over_budget"] = folder.budget.refusals }
        return result
    }

    /// What one JSON file held: its entries, and the items of a page that were refused.
    struct ServerJSONFile: Sendable {
        var entries: [CatalogEntry] = []
        var problems: [SourceProblem] = []
    }

    /// One server.json, API item, or `{"servers": […]}` page, from its bytes. A page item that
    /// does not parse is a problem (`<path>#servers[3]`); the others load. Throws
    /// `CatalogParseError` when the file itself is not a server definition.
    static func serverJSONEntries(_ data: Data, location: String, sourceID: String) throws -> ServerJSONFile {
        let value = try OfficialServerParser.decode(data, location: location)
        guard let items = value["servers"]?.arrayValue, value["name"] == nil else {
            let (server, meta) = OfficialServerParser.split(item: value)
            return ServerJSONFile(entries: [try OfficialServerParser.entry(from: server, meta: meta, sourceID: sourceID, location: location)])
        }
        var file = ServerJSONFile()
        for (index, item) in items.enumerated() where OfficialServerParser.status(of: item) != "deleted" {
            let (server, meta) = OfficialServerParser.split(item: item)
            do {
                file.entries.append(try OfficialServerParser.entry(from: server, meta: meta, sourceID: sourceID, location: location))
            } catch let error as CatalogParseError {
                file.problems.append(SourceProblem(location: "\(CatalogPath.display(location))#servers[\(index)]", message: error.message))
            }
        }
        return file
    }

    private static func collectServerJSON(_ folder: CatalogFolder, relative: String, depth: Int, into files: inout [String],
                                          problems: inout [SourceProblem]) {
        let inServersFolder = relative.split(separator: "/").last == "servers"
        for item in folder.list(relative) {
            switch item {
            case .folder(let path):
                if depth < 4 { collectServerJSON(folder, relative: path, depth: depth + 1, into: &files, problems: &problems) }
            case .file(let path):
                let name = String(path.split(separator: "/").last ?? "")
                if name == "server.json"
                    || (inServersFolder && name.lowercased().hasSuffix(".json") && !LocalCatalogSource.ignoredJSONNames.contains(name.lowercased())) {
                    files.append(path)
                }
            case .refused(let path, let reason):
                problems.append(CatalogFileError(path: CatalogPath.display(path), reason: reason).problem)
            }
        }
    }
}
