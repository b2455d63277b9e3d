import RegistryCore
import XCTest

/// The OCI image reference grammar and the per-format name rules, case by case.
final class UntrustedNameTests: XCTestCase {
    func testValidImageReferences() throws {
        for reference in [
            "mcp/grafana", "alpine", "alpine:3.20", "docker.io/library/alpine:3", "ghcr.io/github/github-mcp-server:v1.2.3",
            "localhost/mcp-registry-fixture:bench", "registry.example.com:5000/team/tool", "[::1]:5000/x/y:1",
            "mcp/x@sha256:" + String(repeating: "0", count: 64), "a/b__c/d-e.f_g:tag-1.0_2", "Host.Example/repo",
        ] {
            XCTAssertNil(ImageReferenceGrammar.violation(in: reference), reference)
        }
        let parts = try ImageReferenceGrammar.parse("ghcr.io:443/a/b:1.0@sha256:" + String(repeating: "f", count: 64))
        XCTAssertEqual(parts.domain, "ghcr.io:443")
        XCTAssertEqual(parts.path, "a/b")
        XCTAssertEqual(parts.tag, "1.0")
        XCTAssertEqual(parts.digest, "sha256:" + String(repeating: "f", count: 64))
    }

    func testInvalidImageReferences() {
        let cases: [(String, ImageReferenceGrammar.Violation)] = [
            ("", .empty),
            ("mcp/x;touch y", .invalidCharacter),
            ("mcp/x $(id)", .invalidCharacter),
            ("--privileged", .invalidPathComponent),
            ("-v/:/host", .invalidPathComponent),
            ("mcp/../etc", .invalidPathComponent),
            ("mcp//x", .invalidPathComponent),
            ("mcp/X", .invalidPathComponent),
            ("mcp/x:-tag", .invalidTag),
            ("mcp/x:" + String(repeating: "a", count: 129), .invalidTag),
            ("mcp/x@sha256:abc", .invalidDigest),
            ("-bad.host/x", .invalidDomain),
            ("mcp/x\n", .invalidCharacter),
            (String(repeating: "a/", count: 200) + "a", .tooLong),
        ]
        for (reference, violation) in cases {
            XCTAssertEqual(ImageReferenceGrammar.violation(in: reference), violation, reference.debugDescription)
        }
    }

    func testNamesPerFormat() {
        XCTAssertNil(UpstreamName.violation(in: "grafana", format: .docker))
        XCTAssertNil(UpstreamName.violation(in: "SQLite", format: .docker))
        XCTAssertNil(UpstreamName.violation(in: "io.github.user/weather", format: .reverseDNS))
        XCTAssertNil(UpstreamName.violation(in: "owner/repo.js", format: .ownerRepository))
        XCTAssertNil(UpstreamName.violation(in: "Jite-J/-mysql_mcp_server", format: .ownerRepository))
        XCTAssertNil(UpstreamName.violation(in: "owner/repo/tree-sub/folder", format: .ownerRepository))

        let refused: [(String, UpstreamName.Format, UpstreamName.Violation)] = [
            ("", .docker, .empty),
            ("../../../../tmp/x", .docker, .dotSegment),
            ("--privileged", .docker, .leadingDash),
            ("$(touch x)", .docker, .shellMetacharacter),
            ("a`b`", .slug, .shellMetacharacter),
            ("evil\u{1b}[31m", .docker, .controlCharacter),
            ("evil\u{202e}txt", .slug, .controlCharacter),
            ("two words", .slug, .whitespace),
            ("io.github.evil/../../../etc/passwd", .reverseDNS, .dotSegment),
            ("io.github.evil//x", .reverseDNS, .emptySegment),
            ("io.github.evil/--flag", .reverseDNS, .leadingDash),
            ("io.github.evil", .reverseDNS, .pattern),
            ("a/b/c", .reverseDNS, .pattern),
            ("-owner/repo", .ownerRepository, .leadingDash),
            ("owner", .ownerRepository, .pattern),
            ("a/b", .docker, .pattern),
            (String(repeating: "a", count: 201), .slug, .tooLong),
        ]
        for (name, format, violation) in refused {
            XCTAssertEqual(UpstreamName.violation(in: name, format: format), violation, "\(name.debugDescription) as \(format)")
        }
    }

    func testBlockedEntryIsNotLaunchableAndSurvivesTheCache() throws {
        var entry = CatalogEntry(id: "docker/x", name: "x", launch: .unknown)
        entry.launchBlockers = [LaunchBlocker(.invalidImageReference, field: "image", detail: "invalid-character")]
        XCTAssertFalse(entry.isLaunchable)
        let decoded = try JSONDecoder().decode(CatalogEntry.self, from: JSONEncoder().encode(entry))
        XCTAssertEqual(decoded.launchBlockers, entry.launchBlockers)
        XCTAssertEqual(EntryID.encoded("docker/a b\n"), "docker/a%20b%0A")
    }
}
