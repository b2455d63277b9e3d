import Crypto
import Foundation
import RegistryAPI
import XCTest

/// Real package files for hosted-package tests: a project folder packed with `tar -czf`,
/// or an archive with one hostile entry written by Python's `tarfile`.
enum PackageFixture {
    static func folder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("hosting-package-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// A `.tar.gz` of `files` (relative path → contents), as `tar -czf pkg.tar.gz -C dir .` makes it.
    static func tarball(_ files: [String: String]) throws -> Data {
        let root = try folder()
        defer { try? FileManager.default.removeItem(at: root) }
        let project = root.appendingPathComponent("project")
        for (path, contents) in files {
            let file = project.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(contents.utf8).write(to: file)
        }
        let output = root.appendingPathComponent("package.tar.gz")
        try run("/usr/bin/env", ["tar", "-czf", output.path, "-C", project.path, "."])
        return try Data(contentsOf: output)
    }

    /// A `.tar.gz` whose one file entry is named `name` verbatim (e.g. `../evil.py`).
    static func hostileTarball(entry name: String) throws -> Data {
        let root = try folder()
        defer { try? FileManager.default.removeItem(at: root) }
        let output = root.appendingPathComponent("evil.tar.gz")
        let script = """
            import io, sys, tarfile
            with tarfile.open(sys.argv[1], "w:gz") as t:
                info = tarfile.TarInfo(sys.argv[2]); info.size = 2
                t.addfile(info, io.BytesIO(b"x\\n"))
            """
        try run("/usr/bin/env", ["python3", "-c", script, output.path, name])
        return try Data(contentsOf: output)
    }

    /// A zip (`.mcpb` bundle) with `manifest.json` and `server.py`, made with Python's `zipfile`.
    static func bundle(manifest: String) throws -> Data {
        let root = try folder()
        defer { try? FileManager.default.removeItem(at: root) }
        let output = root.appendingPathComponent("bundle.mcpb")
        let script = """
            import sys, zipfile
            with zipfile.ZipFile(sys.argv[1], "w") as z:
                z.writestr("manifest.json", sys.argv[2]); z.writestr("server.py", "print(1)\\n")
            """
        try run("/usr/bin/env", ["python3", "-c", script, output.path, manifest])
        return try Data(contentsOf: output)
    }

    static func sha256(_ data: Data) -> String {
        SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined()
    }

    private static func run(_ tool: String, _ arguments: [String]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = arguments
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw XCTSkip("\(arguments.first ?? tool) failed to build the test package") }
    }
}
