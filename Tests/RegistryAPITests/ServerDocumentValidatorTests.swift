import Foundation
import RegistryAPI
import RegistryCore
import XCTest

/// The validator against the official examples and the official registry's extra rules.
final class ServerDocumentValidatorTests: XCTestCase {
    let validator = try! ServerDocumentValidator.bundled()

    func testOfficialValidExamplesAndDocsExamplesAreAccepted() throws {
        let files = try RegistryFixtures.files("examples/valid") + RegistryFixtures.files("examples/from-docs")
        XCTAssertEqual(files.count, 15)
        for file in files {
            XCTAssertNoThrow(try validator.validate(Data(contentsOf: file)), file.lastPathComponent)
        }
    }

    func testOfficialInvalidExamplesAreRefusedNamingTheField() throws {
        let expected: [String: (location: String, words: String)] = [
            "bad-name-pattern.json": ("name", "pattern"),
            "description-too-long.json": ("description", "at most 100"),
            "missing-name.json": ("name", "required"),
            "package-version-latest.json": ("packages[0].version", "latest"),
            "positional-argument-missing-value.json": ("packages[0].packageArguments[0]", "valueHint"),
        ]
        let files = try RegistryFixtures.files("examples/invalid")
        XCTAssertEqual(Set(files.map(\.lastPathComponent)), Set(expected.keys))
        for file in files {
            let want = expected[file.lastPathComponent]!
            XCTAssertThrowsError(try validator.validate(Data(contentsOf: file)), file.lastPathComponent) { error in
                let issues = (error as? DocumentRejection)?.issues ?? []
                XCTAssertTrue(
                    issues.contains { $0.location.hasPrefix(want.location) && $0.description.contains(want.words) },
                    "\(file.lastPathComponent): \(issues)"
                )
            }
        }
    }

    func testSeedDocumentsFromTheOfficialRegistry() throws {
        guard case .array(let items) = try JSONDecoder().decode(JSONValue.self, from: RegistryFixtures.data("seed.json")) else {
            return XCTFail("seed.json is not an array")
        }
        let encoder = JSONEncoder()
        var accepted: [String] = []
        var refused: [String: [ValidationIssue]] = [:]
        for item in items {
            let name = item["name"]?.stringValue ?? "?"
            do {
                _ = try validator.validate(try encoder.encode(item))
                accepted.append(name)
            } catch let rejection as DocumentRejection {
                refused[name] = rejection.issues
            }
        }
        XCTAssertEqual(accepted.count, 4)
        XCTAssertEqual(Array(refused.keys), ["kbag"])
        XCTAssertTrue(refused["kbag"]!.contains { $0.location == "name" })
    }

    func testOfficialRulesBeyondTheSchema() throws {
        func issues(_ name: String, _ version: String) -> [ValidationIssue] {
            do {
                _ = try validator.validate(RegistryFixtures.server(name, version))
                return []
            } catch {
                return (error as? DocumentRejection)?.issues ?? []
            }
        }
        XCTAssertEqual(issues("com.example/ok", "1.0.0"), [])
        XCTAssertEqual(issues("com.example/ok", "latest").first?.location, "version")
        XCTAssertEqual(issues("com.example/ok", "^1.2.3").first?.location, "version")
        XCTAssertEqual(issues("com.example/ok", "1.x").first?.location, "version")
        XCTAssertEqual(issues("-bad.example/ok", "1.0.0").first?.location, "name")
        XCTAssertEqual(issues("com..example/ok", "1.0.0").first?.location, "name")
        XCTAssertEqual(issues("com.example/..", "1.0.0").first?.location, "name")
    }

    func testMalformedBodiesAreRefusedBeforeParsing() {
        let deep = Data((String(repeating: "[", count: 5_000) + String(repeating: "]", count: 5_000)).utf8)
        for body in [Data("{not json".utf8), deep, Data("{\"name\":\"a\u{0}\"}".utf8), Data("[1,2]".utf8)] {
            XCTAssertThrowsError(try validator.validate(body)) { error in
                XCTAssertFalse((error as? DocumentRejection)?.issues.isEmpty ?? true)
            }
        }
    }

    func testRegistryOwnedMetaIsDropped() throws {
        let body = Data(#"{"name":"com.example/x","description":"d","version":"1.0.0","_meta":{"io.modelcontextprotocol.registry/official":{"isLatest":true},"io.modelcontextprotocol.registry/publisher-provided":{"tool":"t"}}}"#.utf8)
        let accepted = try validator.validate(body)
        XCTAssertNil(accepted.document["_meta"]?["io.modelcontextprotocol.registry/official"])
        XCTAssertEqual(accepted.document["_meta"]?["io.modelcontextprotocol.registry/publisher-provided"]?["tool"], "t")
    }
}
