import ContainerRuntime
import Foundation
import Gateway
import RegistryCore
import TestSupport
import XCTest

/// Hosted packages before podman: what an unpacked project is (`LocalProjectDetector`),
/// the image recipe built from it (`PackageImage(project:…)`, Python and Node), when an
/// `mcpb` package is launchable, and the verified download (`HostedPackageDownloader`)
/// against a real HTTP server on 127.0.0.1. The build and run are in `e2e_hosted.py`.
final class HostedProjectTests: XCTestCase {
    let digest = String(repeating: "ab", count: 32)
    var root: TemporaryDirectory!

    override func setUp() async throws { root = try TemporaryDirectory(prefix: "hosted-project") }
    override func tearDown() async throws { root.remove() }

    func write(_ files: [String: String], under folder: String = "") throws -> URL {
        let base = folder.isEmpty ? root.url : root.appending(folder)
        for (path, text) in files {
            let url = base.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
        }
        return root.url
    }

    func testPythonProjectInATopLevelFolder() throws {
        let folder = try write(["server.py": "print()", "requirements.txt": "mcp\n"], under: "team-notes-1.0")
        let (project, projectRoot) = try LocalProjectDetector.detect(in: folder, sha256: digest)
        XCTAssertEqual(project.kind, .python)
        XCTAssertEqual(projectRoot.lastPathComponent, "team-notes-1.0")
        XCTAssertEqual(project.dependencyFiles, ["requirements.txt"])
        XCTAssertEqual(project.entryPoint, ["/opt/mcp-package/venv/bin/python", "/opt/mcp-package/app/server.py"])

        let runtime = try XCTUnwrap(ContainerSettings().packageRuntime(for: "pypi"))
        let image = try PackageImage(project: project, name: "io.github.team/notes", version: "1.0.0", runtime: runtime)
        let file = image.containerfile
        XCTAssertTrue(file.hasPrefix("FROM docker.io/library/python:3.12-slim\n"), file)
        XCTAssertTrue(file.contains("io.mcp-registry.package-sha256=\"\(digest)\""), file)
        XCTAssertTrue(file.contains("COPY . /opt/mcp-package/app\n"), file)
        XCTAssertTrue(file.contains(#"RUN ["python3", "-m", "venv", "/opt/mcp-package/venv"]"#), file)
        XCTAssertTrue(file.contains(#""install", "--no-cache-dir", "--no-input", "--disable-pip-version-check", "-r", "/opt/mcp-package/app/requirements.txt"]"#), file)
        XCTAssertTrue(file.contains("USER 65534:65534\nENTRYPOINT [\"/opt/mcp-package/venv/bin/python\", \"/opt/mcp-package/app/server.py\"]"), file)
        XCTAssertTrue(image.tag.hasPrefix("localhost/mcp-registry-package/hosted-io-github-team-notes:1.0.0-\(digest.prefix(12))-"), image.tag)

        // The tag is the digest's and the recipe's: found before the file is read, kept on
        // the Debian base (another tag), changed by another digest.
        let key = try PackageImage(project: LocalProject(kind: .python, sha256: digest), name: "io.github.team/notes", version: "1.0.0", runtime: runtime)
        XCTAssertEqual(key.tag, image.tag)
        let rebased = try image.rebased(on: "localhost/mcp-registry-base/python:bookworm-1")
        XCTAssertEqual(rebased.project, project)
        XCTAssertNotEqual(rebased.tag, image.tag)
        XCTAssertTrue(rebased.containerfile.hasPrefix("FROM localhost/mcp-registry-base/python:bookworm-1\n"))
        let other = try PackageImage(project: LocalProject(kind: .python, sha256: String(repeating: "cd", count: 32)), name: "io.github.team/notes", version: "1.0.0", runtime: runtime)
        XCTAssertNotEqual(other.tag, image.tag)
    }

    func testPyprojectIsInstalledAsAProject() throws {
        let folder = try write(["main.py": "", "pyproject.toml": "[project]\nname='x'\n"])
        let (project, _) = try LocalProjectDetector.detect(in: folder, sha256: digest)
        XCTAssertEqual(project.entryPoint.last, "/opt/mcp-package/app/main.py")
        XCTAssertEqual(project.installSteps.last?.suffix(1), ["/opt/mcp-package/app"])
    }

    func testBundleManifestEntryPointAndConfig() throws {
        let manifest = #"""
        {"manifest_version": "0.2", "name": "notes", "version": "1.0.0",
         "server": {"type": "python", "entry_point": "server/main.py",
                    "mcp_config": {"command": "python", "args": ["${__dirname}/server/main.py", "--verbose"],
                                   "env": {"PYTHONPATH": "${__dirname}/server/lib", "API_KEY": "${user_config.api_key}"}}}}
        """#
        let folder = try write(["manifest.json": manifest, "server/main.py": ""])
        let (project, _) = try LocalProjectDetector.detect(in: folder, sha256: digest)
        XCTAssertEqual(project.kind, .python)
        XCTAssertEqual(project.entryPoint, ["/opt/mcp-package/venv/bin/python", "/opt/mcp-package/app/server/main.py", "--verbose"])
        XCTAssertEqual(project.environment, ["PYTHONPATH": "/opt/mcp-package/app/server/lib"], "values the registry cannot fill are left out")

        // Arguments needing user_config: the entry point instead.
        let userConfig = manifest.replacingOccurrences(of: "\"--verbose\"", with: "\"${user_config.dir}\"")
        try Data(userConfig.utf8).write(to: folder.appendingPathComponent("manifest.json"))
        XCTAssertEqual(try LocalProjectDetector.detect(in: folder, sha256: digest).project.entryPoint,
                       ["/opt/mcp-package/venv/bin/python", "/opt/mcp-package/app/server/main.py"])
    }

    func testEntryPointsLeavingThePackageAndUnknownProjectsAreRefused() throws {
        let folder = try write(["manifest.json": #"{"server": {"type": "python", "entry_point": "../../etc/passwd"}}"#])
        XCTAssertThrowsError(try LocalProjectDetector.detect(in: folder, sha256: digest)) { error in
            guard case HostedPackageError.entryPoint(let reason) = error else { return XCTFail("\(error)") }
            XCTAssertTrue(reason.contains("leaves the package"), reason)
        }
        try Data(#"{"server": {"type": "binary", "entry_point": "server"}}"#.utf8).write(to: folder.appendingPathComponent("manifest.json"))
        XCTAssertThrowsError(try LocalProjectDetector.detect(in: folder, sha256: digest))
        try FileManager.default.removeItem(at: folder.appendingPathComponent("manifest.json"))
        _ = try write(["README.md": "hi"])
        XCTAssertThrowsError(try LocalProjectDetector.detect(in: folder, sha256: digest)) { error in
            XCTAssertEqual(error as? HostedPackageError, .unknownProjectKind(files: ["README.md"]))
        }
    }

    /// npm is not reachable here: the Node recipe is checked as text only.
    func testNodeProjectUsesNpmCiWithoutScripts() throws {
        let folder = try write([
            "package.json": #"{"name": "notes", "bin": {"notes": "dist/cli.js"}, "dependencies": {"@modelcontextprotocol/sdk": "^1.0.0"}}"#,
            "package-lock.json": "{}", "dist/cli.js": "",
        ])
        let (project, _) = try LocalProjectDetector.detect(in: folder, sha256: digest)
        XCTAssertEqual(project.kind, .node)
        XCTAssertEqual(project.entryPoint, ["node", "/opt/mcp-package/app/dist/cli.js"])
        let runtime = try XCTUnwrap(ContainerSettings().packageRuntime(for: "npm"))
        let file = try PackageImage(project: project, name: "io.github.team/notes", version: "2.0.0", runtime: runtime).containerfile
        XCTAssertTrue(file.hasPrefix("FROM docker.io/library/node:22-alpine\n"), file)
        XCTAssertTrue(file.contains("COPY . /opt/mcp-package/app\nWORKDIR /opt/mcp-package/app\n"), file)
        XCTAssertTrue(file.contains(#"RUN ["npm", "ci", "--ignore-scripts", "--omit=dev", "--no-audit", "--no-fund"]"#), file)
        XCTAssertTrue(file.contains("USER 65534:65534\nENTRYPOINT [\"node\", \"/opt/mcp-package/app/dist/cli.js\"]"), file)

        try FileManager.default.removeItem(at: folder.appendingPathComponent("package-lock.json"))
        XCTAssertEqual(try LocalProjectDetector.detect(in: folder, sha256: digest).project.installSteps.first?.prefix(3), ["npm", "install", "--ignore-scripts"])
    }

    func testMcpbPackagesAreLaunchableOnlyWithADownloadURLAndDigest() {
        let good = PackageLaunch(registryType: "mcpb", identifier: "https://registry.example/api/v1/servers/a/b/1/download", fileSha256: digest)
        XCTAssertNil(LaunchSpec.package(good).notLaunchableReason)
        var missing = good
        missing.fileSha256 = nil
        XCTAssertEqual(LaunchSpec.package(missing).notLaunchableReason?.reason, .missingDigest)
        missing.fileSha256 = "abc"
        XCTAssertEqual(LaunchSpec.package(missing).notLaunchableReason?.reason, .missingDigest)
        var notURL = good
        notURL.identifier = "file:///etc/passwd"
        XCTAssertEqual(LaunchSpec.package(notURL).notLaunchableReason?.reason, .unsupportedPackageType)
    }

    func testDownloadIsVerifiedAndCapped() async throws {
        let served = root.appending("served")
        try FileManager.default.createDirectory(at: served, withIntermediateDirectories: true)
        let body = Data((0..<5_000).map { UInt8($0 % 251) })
        try body.write(to: served.appendingPathComponent("package.tgz"))
        let sha = try Self.sha256sum(served.appendingPathComponent("package.tgz"))
        let server = try StaticHTTPServer(folder: served)
        defer { server.stop() }
        let url = "http://127.0.0.1:\(server.port)/package.tgz"

        let file = root.appending("download")
        let bytes = try await HostedPackageDownloader().download(url, sha256: sha.uppercased(), to: file)
        XCTAssertEqual(bytes, 5_000)
        XCTAssertEqual(try Data(contentsOf: file), body)

        do {
            try await HostedPackageDownloader().download(url, sha256: digest, to: root.appending("mismatch"))
            XCTFail("a wrong digest was accepted")
        } catch let error as HostedPackageError {
            XCTAssertEqual(error, .digestMismatch(url: url, expected: digest, actual: sha))
        }
        do {
            try await HostedPackageDownloader(maxBytes: 4_096).download(url, sha256: sha, to: root.appending("capped"))
            XCTFail("a file over the cap was accepted")
        } catch let error as HostedPackageError {
            XCTAssertEqual(error, .tooLarge(url: url, limit: 4_096))
        }
        do {
            try await HostedPackageDownloader().download(url + ".missing", sha256: sha, to: root.appending("missing"))
            XCTFail("a 404 was accepted")
        } catch let error as HostedPackageError {
            XCTAssertEqual(error, .httpStatus(url: url + ".missing", status: 404))
        }
        do {
            try await HostedPackageDownloader().download("ftp://127.0.0.1/x", sha256: sha, to: root.appending("ftp"))
            XCTFail("an ftp URL was accepted")
        } catch let error as HostedPackageError {
            XCTAssertEqual(error, .notDownloadable(url: "ftp://127.0.0.1/x"))
        }
    }
}

extension HostedProjectTests {
    /// coreutils' `sha256sum`, an implementation independent of the one under test.
    static func sha256sum(_ file: URL) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["sha256sum", file.path]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(String(decoding: data, as: UTF8.self).prefix(64))
    }
}

/// Python's `http.server` serving a folder on 127.0.0.1 (a real HTTP server for downloads).
final class StaticHTTPServer {
    let process = Process()
    let port: Int

    init(folder: URL) throws {
        port = try RemoteFixtureServer.freePort()
        let script = """
            import functools, http.server, sys
            handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=sys.argv[1])
            server = http.server.ThreadingHTTPServer(("127.0.0.1", int(sys.argv[2])), handler)
            print("ready", flush=True)
            server.serve_forever()
            """
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script, folder.path, String(port)]
        let ready = Pipe()
        process.standardOutput = ready
        process.standardError = FileHandle.nullDevice
        try process.run()
        _ = ready.fileHandleForReading.readData(ofLength: 6)  // "ready\n" once it listens
    }

    /// SIGKILL: the test process blocks SIGTERM (the gateway's signal handling), and a
    /// child inherits the blocked mask.
    func stop() {
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }
}
