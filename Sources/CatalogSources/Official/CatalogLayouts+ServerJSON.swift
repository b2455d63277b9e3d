import Foundation
import RegistryCore

extension CatalogLayouts {
    /// Every `server.json` in the tree (up to four folders deep, hidden folders skipped) and every
    /// `*.json` directly in a `servers/` folder, read with `OfficialServerParser`: a `server.json`,
    /// an API list item `{"server": …, "_meta": …}`, or a page `{"servers": [ … ]}`. A file that
    /// does not parse is a `SourceProblem` (relative path + error); an id defined twice keeps the
    /// first (in path order) and reports the second.
    static func serverJSON(root: URL, sourceID: String) -> CatalogLayoutResult {
        var files: [String] = []
        collectServerJSON(root, relative: "", depth: 0, into: &files)
        let outcomes = ParallelMap.map(files) { path -> Result<[CatalogEntry], CatalogParseError> in
            do {
                return .success(try serverJSONEntries(root.appendingPathComponent(path), location: path, sourceID: sourceID))
            } catch let error as CatalogParseError {
                return .failure(CatalogParseError(error.message, location: path))
            } catch {
                return .failure(CatalogParseError(error.localizedDescription, location: path))
            }
        }
        var result = CatalogLayoutResult()
        var seen: [String: String] = [:]
        for (path, outcome) in zip(files, outcomes) {
            switch outcome {
            case .success(let entries):
                for entry in entries {
                    let key = EntryID.lookupKey(entry.id)
                    if let first = seen[key] {
                        result.problems.append(SourceProblem(location: path, message: "duplicate id \(entry.id), already defined by \(first)"))
                    } else {
                        seen[key] = path
                        result.entries.append(entry)
                    }
                }
            case .failure(let error):
                result.problems.append(SourceProblem(location: path, message: error.message))
            }
        }
        result.counters["files"] = files.count
        return result
    }

    private static func serverJSONEntries(_ url: URL, location: String, sourceID: String) throws -> [CatalogEntry] {
        let data = try Data(contentsOf: url)
        let value = try OfficialServerParser.decode(data, location: location)
        if let items = value["servers"]?.arrayValue, value["name"] == nil {
            return try items.compactMap { item in
                if OfficialServerParser.status(of: item) == "deleted" { return nil }
                let (server, meta) = OfficialServerParser.split(item: item)
                return try OfficialServerParser.entry(from: server, meta: meta, sourceID: sourceID, location: location)
            }
        }
        let (server, meta) = OfficialServerParser.split(item: value)
        return [try OfficialServerParser.entry(from: server, meta: meta, sourceID: sourceID, location: location)]
    }

    private static func collectServerJSON(_ folder: URL, relative: String, depth: Int, into files: inout [String]) {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder.path) else { return }
        let inServersFolder = folder.lastPathComponent == "servers"
        for name in names.sorted() where !name.hasPrefix(".") {
            let url = folder.appendingPathComponent(name)
            let path = relative.isEmpty ? name : "\(relative)/\(name)"
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) else { continue }
            if isDirectory.boolValue {
                if depth < 4 { collectServerJSON(url, relative: path, depth: depth + 1, into: &files) }
            } else if name == "server.json"
                || (inServersFolder && name.lowercased().hasSuffix(".json") && !LocalCatalogSource.ignoredJSONNames.contains(name.lowercased())) {
                files.append(path)
            }
        }
    }
}
