import ContainerRuntime
import Foundation
import RegistryCore
import Synchronization
import TestSupport
import XCTest

/// The Debian fallback base images: the recipe (pure), and real builds with `mmdebstrap`
/// and `podman import` (once per machine, cached by the recipe's tag).
final class DebianBaseImageTests: XCTestCase {
    func testRecipeTagFollowsEverythingThatShapesTheImage() throws {
        let python = try DebianBaseImage(runtime: "python", packages: ["python3-venv", "python3", "ca-certificates"])
        XCTAssertTrue(python.tag.hasPrefix("localhost/mcp-registry-base/python:bookworm-"), python.tag)
        XCTAssertEqual(python.packages, ["ca-certificates", "python3", "python3-venv"], "sorted, so order does not change the tag")
        XCTAssertEqual(try DebianBaseImage(runtime: "python", packages: ["python3", "python3-venv", "ca-certificates"]).tag, python.tag)
        XCTAssertNotEqual(try DebianBaseImage(runtime: "python", packages: ["python3", "ca-certificates"]).tag, python.tag)
        XCTAssertNotEqual(try DebianBaseImage(runtime: "python", packages: python.packages, suite: "trixie").tag, python.tag)
        let withCA = try DebianBaseImage(
            runtime: "python", packages: python.packages,
            certificates: [.init(path: "/usr/local/share/ca-certificates/proxy.crt", contents: Data("A".utf8))])
        let otherCA = try DebianBaseImage(
            runtime: "python", packages: python.packages,
            certificates: [.init(path: "/usr/local/share/ca-certificates/proxy.crt", contents: Data("B".utf8))])
        XCTAssertNotEqual(withCA.tag, python.tag)
        XCTAssertNotEqual(withCA.tag, otherCA.tag, "a changed certificate builds a new image")

        let arguments = withCA.mmdebstrapArguments(output: "/tmp/x/rootfs.tar")
        XCTAssertEqual(Array(arguments.suffix(3)), ["bookworm", "/tmp/x/rootfs.tar", DebianBaseImage.defaultMirror])
        XCTAssertTrue(arguments.contains("--variant=essential"))
        XCTAssertTrue(arguments.contains("--include=ca-certificates,python3,python3-venv"))
        XCTAssertTrue(arguments.contains("--customize-hook=copy-in /usr/local/share/ca-certificates/proxy.crt /usr/local/share/ca-certificates"), "\(arguments)")
        XCTAssertTrue(arguments.contains { $0.contains("update-ca-certificates") })
        XCTAssertTrue(withCA.importChanges.contains("LABEL io.mcp-registry.base-image=python"))
    }

    func testRefusesWhatCouldInjectIntoTheCommandLine() {
        XCTAssertThrowsError(try DebianBaseImage(runtime: "python", packages: []))
        XCTAssertThrowsError(try DebianBaseImage(runtime: "python", packages: ["python3 --foo"]))
        XCTAssertThrowsError(try DebianBaseImage(runtime: "python", packages: ["--hook=x"]))
        XCTAssertThrowsError(try DebianBaseImage(runtime: "py thon", packages: ["python3"]))
        XCTAssertThrowsError(try DebianBaseImage(runtime: "python", packages: ["python3"], mirror: "http://x/$(id)"))
        XCTAssertThrowsError(try DebianBaseImage(runtime: "python", packages: ["python3"], suite: "bookworm main"))
        XCTAssertThrowsError(try DebianBaseImage(
            runtime: "python", packages: ["python3"], certificates: [.init(path: "/tmp/a b.crt", contents: Data())]))
    }

    func testRuntimeDefaultsNameTheirDebianPackages() throws {
        XCTAssertEqual(ContainerSettings().packageRuntime(for: "pypi")?.debianPackages, ["python3", "python3-venv", "ca-certificates", "git"])
        XCTAssertEqual(ContainerSettings().packageRuntime(for: "npm")?.debianPackages, ["nodejs", "npm", "ca-certificates"])
        let python = try DebianBaseImage.forPackages(registryType: "pypi", packages: ["python3"], certificateFolder: "/nonexistent")
        XCTAssertEqual(python.runtime, "python")
        XCTAssertEqual(try DebianBaseImage.forPackages(registryType: "npm", packages: ["nodejs"], certificateFolder: "/nonexistent").runtime, "node")
    }

    func testPythonBaseImageIsBuiltFromDebianAndMakesVenvs() async throws {
        let (engine, recipe) = try await TestPodman.requireDebianBase(registryType: "pypi")
        let exists = try await engine.imageExists(recipe.tag)
        XCTAssertTrue(exists)
        let result = try await ProcessRunner.run(
            engine.executable!,
            ["run", "--rm", "--pull=never", "--network=none", recipe.tag, "sh", "-c",
             "python3 -m venv /tmp/v && /tmp/v/bin/python -c 'import ssl, sys; print(sys.version_info[0], ssl.OPENSSL_VERSION)'"],
            environment: engine.environment)
        XCTAssertEqual(result.status, 0, result.stderrText)
        XCTAssertTrue(result.stdoutText.hasPrefix("3 OpenSSL"), result.stdoutText)
        let label = try await ProcessRunner.run(
            engine.executable!, ["image", "inspect", "--format", "{{index .Labels \"io.mcp-registry.base-recipe\"}}", recipe.tag],
            environment: engine.environment)
        XCTAssertEqual(label.stdoutText.trimmingCharacters(in: .whitespacesAndNewlines), recipe.tag)
    }

    func testNodeBaseImageIsBuiltFromDebianAndRunsNode() async throws {
        let (engine, recipe) = try await TestPodman.requireDebianBase(registryType: "npm")
        let result = try await ProcessRunner.run(
            engine.executable!, ["run", "--rm", "--pull=never", "--network=none", recipe.tag, "sh", "-c", "node --version && npm --version"],
            environment: engine.environment)
        XCTAssertEqual(result.status, 0, result.stderrText)
        XCTAssertTrue(result.stdoutText.hasPrefix("v"), result.stdoutText)
    }

    /// A build stopped halfway (the task cancelled while a step runs) stops podman, says so
    /// with the last lines of the build, and tags nothing.
    func testInterruptedBuildTagsNothing() async throws {
        let (engine, recipe) = try await TestPodman.requireDebianBase(registryType: "pypi")
        let tag = "localhost/pypi-test-interrupted:\(UUID().uuidString.prefix(8).lowercased())"
        let containerfile = """
            FROM \(recipe.tag)
            RUN ["python3", "-c", "print('first step done')"]
            RUN ["python3", "-c", "import time; print('second step sleeping', flush=True); time.sleep(120)"]
            """
        let sleeping = expectation(description: "the build reached its second step")
        let seen = LockedFlag()
        let build = Task {
            try await engine.build(containerfile: containerfile, tag: tag) { line in
                if line.contains("second step sleeping"), seen.setOnce() { sleeping.fulfill() }
            }
        }
        await fulfillment(of: [sleeping], timeout: 120)
        build.cancel()
        do {
            try await build.value
            XCTFail("a cancelled build should throw")
        } catch let error as ImageBuildError {
            guard case .interrupted(let failedTag, let output) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(failedTag, tag)
            XCTAssertTrue(output.contains { $0.contains("second step sleeping") }, "\(output)")
        }
        let exists = try await engine.imageExists(tag)
        XCTAssertFalse(exists, "nothing tagged after an interrupted build")
    }
}

/// A flag set once from any thread.
final class LockedFlag: Sendable {
    private let value = Mutex(false)
    func setOnce() -> Bool {
        value.withLock { value in
            defer { value = true }
            return !value
        }
    }
}
