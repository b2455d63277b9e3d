import CatalogSources
import Foundation
import RegistryCore

/// 10,000 catalog entries built from real data: every Docker MCP registry server and every
/// awesome-list line of the fixtures, then copies of awesome entries ("forks": the same
/// text, the id and repository suffixed) until the merged catalog holds exactly the target.
struct BenchmarkDataset {
    var snapshots: [String: SourceSnapshot]
    var kinds: [String: String]
    var realEntries: Int
    var forks: Int

    static func build(fixtures: URL, target: Int) throws -> BenchmarkDataset {
        let date = Date()
        let docker = try loadDocker(fixtures.appendingPathComponent("docker-mcp-registry/servers"))
        let awesome = try loadAwesome(fixtures.appendingPathComponent("awesome-mcp-servers"))
        var snapshots = [
            "docker": SourceSnapshot(sourceID: "docker", entries: docker, revision: "bench", loadedAt: date),
            "awesome": SourceSnapshot(sourceID: "awesome", entries: awesome, revision: "bench", loadedAt: date),
        ]
        let kinds = ["docker": "docker", "awesome": "awesome"]
        let real = Catalog(snapshots: snapshots, kinds: kinds).entries.count
        var forks: [CatalogEntry] = []
        var round = 1
        while real + forks.count < target {
            for original in awesome where real + forks.count < target {
                var fork = original
                fork.id = original.id + "-fork\(round)"
                fork.repositoryURL = original.repositoryURL.map { $0 + "-fork\(round)" }
                fork.provenance = [Provenance(sourceID: "awesome", upstreamID: fork.id)]
                forks.append(fork)
            }
            round += 1
        }
        snapshots["awesome"]!.entries += forks
        return BenchmarkDataset(snapshots: snapshots, kinds: kinds, realEntries: real, forks: forks.count)
    }

    private static func loadDocker(_ folder: URL) throws -> [CatalogEntry] {
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
        return names.compactMap { name in
            try? DockerServerParser.entry(folder: folder.appendingPathComponent(name), sourceID: "docker")
        }
    }

    private static func loadAwesome(_ folder: URL) throws -> [CatalogEntry] {
        var documents = [AwesomeListDocument(
            markdown: try String(contentsOf: folder.appendingPathComponent("README.md"), encoding: .utf8),
            location: "README.md")]
        let docs = folder.appendingPathComponent("docs")
        for name in try FileManager.default.contentsOfDirectory(atPath: docs.path).sorted() where name.hasSuffix(".md") {
            documents.append(AwesomeListDocument(
                markdown: try String(contentsOf: docs.appendingPathComponent(name), encoding: .utf8),
                location: "docs/\(name)"))
        }
        return AwesomeListParser.parse(documents: documents, sourceID: "awesome").entries
    }
}
