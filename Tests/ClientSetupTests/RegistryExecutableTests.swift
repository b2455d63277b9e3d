import ClientSetup
import Foundation
import XCTest

final class RegistryExecutableTests: XCTestCase {
    func testCurrentPathIsAnAbsoluteExistingFile() {
        let path = RegistryExecutable.currentPath()
        XCTAssertTrue(path.hasPrefix("/"), path)
        XCTAssertTrue(FileManager.default.isExecutableFile(atPath: path), path)
    }

    func testArgv0IsMadeAbsolute() throws {
        XCTAssertEqual(RegistryExecutable.absolutePath(of: "/usr/bin/../bin/env", environment: [:], workingDirectory: "/"), "/usr/bin/env")
        XCTAssertEqual(RegistryExecutable.absolutePath(of: ".build/debug/mcp-registry", environment: [:], workingDirectory: "/src/app"), "/src/app/.build/debug/mcp-registry")
        let home = try TemporaryHome()
        defer { home.remove() }
        let tool = try home.write("#!/bin/sh\n", at: "bin/mcp-registry", mode: 0o755)
        XCTAssertEqual(RegistryExecutable.absolutePath(of: "mcp-registry", environment: ["PATH": "/nonexistent:\(home.url.path)/bin"], workingDirectory: "/"), tool.path)
    }

    func testRegistryEntry() {
        XCTAssertEqual(registryEntry.args, ["serve"])
        let withData = StdioServerEntry.registry(executable: "/x", dataDirectory: "/d")
        XCTAssertEqual(withData.args, ["serve", "--data-dir", "/d"])
        XCTAssertEqual(withData.name, "mcp-registry")
    }
}

final class LineDiffTests: XCTestCase {
    func testShowsOnlyTheChangedLinesWithContext() {
        let before = "a\nb\nc\nd\ne\nf\n"
        let after = "a\nb\nc\nX\nY\ne\nf\n"
        XCTAssertEqual(LineDiff.render(before: before, after: after), "@@ line 2 @@\n  b\n  c\n- d\n+ X\n+ Y\n  e\n  f")
        XCTAssertEqual(LineDiff.render(before: before, after: before), "")
    }
}
