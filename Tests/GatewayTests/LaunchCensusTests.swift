import CatalogSources
import ContainerRuntime
import Foundation
import Gateway
import RegistryCore
import TestSupport
import XCTest

/// The census: every Docker MCP registry definition and every official `server.json`
/// example, judged with no configuration and with a complete example configuration, must
/// get the verdict recorded in `Census/launch-census.tsv` (reviewed by hand). A planner or
/// parser change that moves a verdict fails here; rerun with `MCP_REGISTRY_RECORD_CENSUS=1`
/// to rewrite the table, then review the diff.
final class LaunchCensusTests: XCTestCase {
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let shared = packageRoot.appendingPathComponent("../shared").standardizedFileURL
    static let table = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Census/launch-census.tsv")

    var root: URL!

    override func setUp() async throws {
        root = try TemporaryDirectory(prefix: "planning-census").url
        try FileManager.default.createDirectory(at: root.appendingPathComponent("data"), withIntermediateDirectories: true)
        root = URL(fileURLWithPath: VolumePolicyPath.resolve(root.path))
    }

    override func tearDown() async throws {
        try? FileManager.default.removeItem(at: root)
    }

    /// Every entry of both catalogs with its source (`docker`, `official`).
    func census() throws -> [(String, CatalogEntry)] {
        var entries: [(String, CatalogEntry)] = []
        let docker = Self.shared.appendingPathComponent("fixtures/docker-mcp-registry/servers")
        for folder in try FileManager.default.contentsOfDirectory(atPath: docker.path).sorted() {
            let url = docker.appendingPathComponent(folder)
            guard FileManager.default.fileExists(atPath: url.appendingPathComponent("server.yaml").path) else { continue }
            entries.append(("docker", try DockerServerParser.entry(folder: url, sourceID: "docker")))
        }
        let examples = Self.shared.appendingPathComponent("fixtures/official-registry/examples")
        for group in ["valid", "from-docs"] {
            let folder = examples.appendingPathComponent(group)
            for file in try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() where file.hasSuffix(".json") {
                let data = try Data(contentsOf: folder.appendingPathComponent(file))
                entries.append(("official", try OfficialServerParser.entry(json: data, sourceID: "official", location: "\(group)/\(file)")))
            }
        }
        return entries
    }

    var settings: RegistrySettings {
        RegistrySettings(containers: ContainerSettings(allowedVolumeRoots: [root.path]))
    }

    func testCensusMatchesTheReviewedTable() throws {
        var lines = ["catalog\tid\tno configuration\tcomplete example configuration"]
        var counts: [String: [String: Int]] = [:]
        for (catalog, entry) in try census() {
            let empty = LaunchVerdict.judge(entry, config: [:], secrets: SecretSource(store: nil), settings: settings)
            let (config, secrets) = completeConfiguration(entry)
            let complete = LaunchVerdict.judge(entry, config: config, secrets: secrets, settings: settings)
            lines.append([catalog, entry.id, describe(empty), describe(complete)].joined(separator: "\t"))
            let bucket: String
            switch complete {
            case .launchable: bucket = "launchable"
            case .notLaunchable: bucket = "not launchable"
            case .needsConfiguration, .refused: bucket = "needs configuration"
            }
            counts[catalog, default: [:]][bucket, default: 0] += 1
            // No entry is launchable that registry-add would refuse.
            if entry.isLaunchable { XCTAssertNotEqual(describe(complete).hasPrefix("not launchable"), true, entry.id) }
        }
        let text = lines.joined(separator: "\n") + "\n"
        for (catalog, buckets) in counts.sorted(by: { $0.key < $1.key }) {
            print("census \(catalog): " + buckets.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", "))
        }
        if ProcessInfo.processInfo.environment["MCP_REGISTRY_RECORD_CENSUS"] == "1" {
            try FileManager.default.createDirectory(at: Self.table.deletingLastPathComponent(), withIntermediateDirectories: true)
            try text.write(to: Self.table, atomically: true, encoding: .utf8)
            return
        }
        let expected = try String(contentsOf: Self.table, encoding: .utf8)
        let expectedLines = expected.split(separator: "\n").map(String.init)
        let actualLines = text.split(separator: "\n").map(String.init)
        XCTAssertEqual(actualLines.count, expectedLines.count, "the census has a different number of entries")
        for (actual, wanted) in zip(actualLines, expectedLines) where actual != wanted {
            XCTFail("verdict moved:\n  expected \(wanted)\n  actual   \(actual)")
        }
    }

    /// A verdict as one table cell (temporary paths as `<root>`).
    func describe(_ verdict: LaunchVerdict) -> String {
        let text: String
        switch verdict {
        case .launchable: text = "launchable"
        case .needsConfiguration(let missing): text = "needs " + missing.map(\.name).sorted().joined(separator: ", ")
        case .notLaunchable(let blockers):
            text = "not launchable: " + (blockers.isEmpty ? "link only" : blockers.map { "\($0.reason) \($0.field) \($0.detail ?? "")" }.joined(separator: "; "))
        case .refused(let error): text = "refused: \(error)"
        }
        return text.replacingOccurrences(of: root.path, with: "<root>").replacingOccurrences(of: "\n", with: " ")
            .replacingOccurrences(of: "\t", with: " ")
    }

    /// Values for everything the entry asks for, found by judging until nothing is missing:
    /// the first choice, a number, `true`, a folder under the allowed root for paths, an
    /// https URL for URLs, else the example or `example`.
    func completeConfiguration(_ entry: CatalogEntry) -> ([String: JSONValue], SecretSource) {
        var config: [String: JSONValue] = [:]
        var secrets: [String: String] = [:]
        for _ in 0..<4 {
            let verdict = LaunchVerdict.judge(entry, config: config, secrets: SecretSource(store: nil, overrides: secrets), settings: settings)
            guard case .needsConfiguration(let missing) = verdict else { break }
            for value in missing {
                if value.kind == "secret" {
                    secrets[value.name] = "census-secret"
                    continue
                }
                config[value.name] = exampleValue(value, schema: entry.configuration.parameters)
            }
        }
        return (config, SecretSource(store: nil, overrides: secrets))
    }

    func exampleValue(_ value: MissingValue, schema: JSONValue?) -> JSONValue {
        let property = ConfigLookup.property(schema, path: value.name)
        let item = property?["items"] ?? property
        let type = property?["type"]?.stringValue
        if let first = item?["enum"]?.arrayValue?.first { return type == "array" ? .array([first]) : first }
        let name = value.name.lowercased()
        let isPath = item?["format"]?.stringValue == "filepath"
            || ["path", "dir", "folder", "root", "directory", "workspace", "volume", "mount", "kubeconfig", "data"].contains { name.contains($0) }
        let text: String
        if isPath {
            text = root.appendingPathComponent("data").path
        } else if name.contains("url") || name.contains("endpoint") || name.contains("host") && name.contains("http") {
            text = "https://example.com"
        } else if let example = value.example, !example.isEmpty, !example.hasPrefix("-"), !example.contains(" ") {
            text = example
        } else {
            text = "example"
        }
        switch item?["type"]?.stringValue {
        case "number", "integer": return type == "array" ? .array([.number(1)]) : .number(1)
        case "boolean": return type == "array" ? .array([.bool(true)]) : .bool(true)
        default: return type == "array" ? .array([.string(text)]) : .string(text)
        }
    }
}

/// The real path of a folder (macOS `/var` → `/private/var`), as the volume policy sees it.
enum VolumePolicyPath {
    static func resolve(_ path: String) -> String {
        guard let real = realpath(path, nil) else { return path }
        defer { free(real) }
        return String(cString: real)
    }
}
