// search-timer: times `Catalog.search` in process, one query per stdin line, for the
// benchmark's interleaved A/B of two builds of RegistryCore (`scripts/bench --baseline REV`).
//
// Built by `scripts/bench` against RegistryCore alone, with a manifest it writes, from the
// working tree (candidate) and from `git archive REV` (baseline), so both sides are compiled
// the same way. Uses only API that both old and new RegistryCore have.
//
//   search-timer CACHE-DIR SOURCE=KIND...
//     stderr: cache warnings;  stdout: `ready <entries>` once the catalog is built, then for
//     every query line `<nanoseconds>\t<results>\t<first id or ->`.
import Foundation
import RegistryCore

let arguments = Array(CommandLine.arguments.dropFirst())
guard let cacheDirectory = arguments.first else {
    FileHandle.standardError.write(Data("usage: search-timer CACHE-DIR SOURCE=KIND...\n".utf8))
    exit(2)
}
var kinds: [String: String] = [:]
for pair in arguments.dropFirst() {
    let parts = pair.split(separator: "=", maxSplits: 1).map(String.init)
    guard parts.count == 2 else {
        FileHandle.standardError.write(Data("search-timer: expected SOURCE=KIND, got \(pair)\n".utf8))
        exit(2)
    }
    kinds[parts[0]] = parts[1]
}
let loaded = CatalogCache(directory: URL(fileURLWithPath: cacheDirectory)).loadSnapshots()
for warning in loaded.warnings { FileHandle.standardError.write(Data("search-timer: \(warning)\n".utf8)) }
let catalog = Catalog(snapshots: loaded.snapshots, kinds: kinds)

func reply(_ line: String) { FileHandle.standardOutput.write(Data((line + "\n").utf8)) }  // unbuffered
reply("ready \(catalog.entries.count)")
while let line = readLine(strippingNewline: true) {
    let start = DispatchTime.now().uptimeNanoseconds
    let found = catalog.search(SearchQuery(text: line, limit: 10))
    let elapsed = DispatchTime.now().uptimeNanoseconds - start
    reply("\(elapsed)\t\(found.hits.count)\t\(found.hits.first?.entry.id ?? "-")")
}
