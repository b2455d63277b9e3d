import Foundation
import RegistryFuzzing
import XCTest

/// Runs every fuzz harness (the same code `scripts/fuzz` drives with libFuzzer) over the real
/// inputs in `../shared/fixtures` and `../shared/cases`, and over the minimal inputs of every
/// crash the fuzzer found (`FuzzRegressions`). A harness traps on a crash or a broken
/// invariant, so each input that returns has passed.
final class FuzzHarnessTests: XCTestCase {
    static let shared = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("../shared").standardizedFileURL

    func testDockerServerYAMLFixtures() throws {
        let files = try Self.files(under: "fixtures/docker-mcp-registry/servers", named: "server.yaml")
            + Self.files(under: "cases", suffix: ".yaml")
        XCTAssertGreaterThan(files.count, 100)
        for file in files { FuzzTarget.dockerServerYAML.run(try Data(contentsOf: file)) }
    }

    func testOfficialServerJSONFixtures() throws {
        let files = try Self.files(under: "fixtures/official-registry", suffix: ".json") + Self.files(under: "cases", suffix: ".json")
        XCTAssertGreaterThan(files.count, 10)
        for file in files { FuzzTarget.officialServerJSON.run(try Data(contentsOf: file)) }
    }

    func testMarkdownFixturesThroughTheAwesomeAndSnippetHarnesses() throws {
        let files = try Self.files(under: "fixtures/awesome-mcp-servers", suffix: ".md")
        XCTAssertGreaterThan(files.count, 10)
        for file in files {
            let data = try Data(contentsOf: file)
            FuzzTarget.awesomeMarkdown.run(data)
            FuzzTarget.installSnippet.run(data)
        }
    }

    func testTemplatesFromTheDockerFixtures() throws {
        var count = 0
        for file in try Self.files(under: "fixtures/docker-mcp-registry/servers", named: "server.yaml") {
            for line in try String(contentsOf: file, encoding: .utf8).split(separator: "\n") where line.contains("{{") {
                let input = Data(line.utf8) + Data([0]) + Data(#"{"value": "x", "paths": ["/a", "/b"]}"#.utf8)
                FuzzTarget.configTemplate.run(input)
                FuzzTarget.urlTemplate.run(input)
                count += 1
            }
        }
        XCTAssertGreaterThan(count, 50)
    }

    func testEditorsAndStreamsOnHandWrittenInputs() {
        for text in ["", "{}", "{\"mcpServers\": {\"a\": {\"command\": \"x\"}}}", "// c\n{\"servers\": {},}", "[]", "{\"mcpServers\": 1}"] {
            for format in 0..<3 { FuzzTarget.jsoncEdit.run(Data([UInt8(format)]) + Data(text.utf8)) }
        }
        for text in ["", "mcpServers:\n  - name: a\n    command: b\n", "mcpServers: []\n", "a: [", "- x"] {
            FuzzTarget.continueYAMLEdit.run(Data(text.utf8))
        }
        FuzzTarget.sseStream.run(Data([3]) + Data("event: message\r\ndata: {}\r\n\r\n: c\ndata: a\ndata: b\n\n".utf8))
        FuzzTarget.mcpServersOrgHTML.run(Data("<main><h1>X</h1><p>Y</p><pre><code>npx -y x</code></pre></main>".utf8))
    }

    /// Every input the fuzzer found that crashed (now fixed), minimal, by target.
    func testCrashesTheFuzzerFound() {
        for regression in FuzzRegressions.all {
            regression.target.run(regression.input)
        }
    }

    static func files(under folder: String, named name: String? = nil, suffix: String? = nil) throws -> [URL] {
        let root = shared.appendingPathComponent(folder)
        guard let enumerator = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil) else {
            throw XCTSkip("\(root.path) is missing")
        }
        return enumerator.compactMap { $0 as? URL }.filter { url in
            (name.map { url.lastPathComponent == $0 } ?? true) && (suffix.map { url.lastPathComponent.hasSuffix($0) } ?? true)
        }.sorted { $0.path < $1.path }
    }
}
