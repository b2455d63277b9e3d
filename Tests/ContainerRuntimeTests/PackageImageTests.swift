import ContainerRuntime
import RegistryCore
import XCTest

/// The package image recipe: tags, Containerfile, command and the names it refuses.
final class PackageImageTests: XCTestCase {
    func testNpmDefaults() throws {
        let settings = ContainerSettings()
        let runtime = try XCTUnwrap(settings.packageRuntime(for: "npm"))
        XCTAssertEqual(runtime.baseImage, "node:22-alpine")
        let image = try PackageImage(
            package: PackageLaunch(registryType: "npm", identifier: "@scope/weather-mcp", version: "1.2.3", runtimeArguments: ["--yes"]),
            runtime: runtime)
        XCTAssertEqual(image.pinned, "@scope/weather-mcp@1.2.3")
        XCTAssertTrue(image.tag.hasPrefix("localhost/mcp-registry-package/npm-scope-weather-mcp:1.2.3-"), image.tag)
        let file = image.containerfile
        XCTAssertTrue(file.hasPrefix("FROM docker.io/library/node:22-alpine\n"), file)
        XCTAssertTrue(file.contains(#"RUN ["npm", "install", "--omit=dev", "--no-audit", "--no-fund", "@scope/weather-mcp@1.2.3"]"#), file)
        XCTAssertTrue(file.contains("USER 65534:65534"))
        XCTAssertEqual(image.command(runtimeArguments: ["--yes"]), ["npx", "--offline", "--yes", "@scope/weather-mcp@1.2.3"])
        // Same package, same recipe: same tag. Another version or base image: another tag.
        XCTAssertEqual(try PackageImage(package: PackageLaunch(registryType: "npm", identifier: "@scope/weather-mcp", version: "1.2.3"), runtime: runtime).tag, image.tag)
        XCTAssertNotEqual(try PackageImage(package: PackageLaunch(registryType: "npm", identifier: "@scope/weather-mcp", version: "1.2.4"), runtime: runtime).tag, image.tag)
        var other = runtime
        other.baseImage = "node:20-alpine"
        XCTAssertNotEqual(try PackageImage(package: PackageLaunch(registryType: "npm", identifier: "@scope/weather-mcp", version: "1.2.3"), runtime: other).tag, image.tag)
    }

    func testPyPIDefaults() throws {
        let runtime = try XCTUnwrap(ContainerSettings(pythonBaseImage: "python:3.13-slim").packageRuntime(for: "PyPI"))
        let image = try PackageImage(package: PackageLaunch(registryType: "pypi", identifier: "mcp-server-fetch", version: "2025.4.7"), runtime: runtime)
        XCTAssertEqual(image.pinned, "mcp-server-fetch==2025.4.7")
        XCTAssertTrue(image.containerfile.contains(#""mcp-server-fetch==2025.4.7"]"#), image.containerfile)
        XCTAssertTrue(image.containerfile.hasPrefix("FROM docker.io/library/python:3.13-slim\n"))
        XCTAssertEqual(image.command(runtimeArguments: []), ["mcp-server-fetch"])
        let file = image.containerfile
        XCTAssertTrue(file.contains(#"ENV PATH="/opt/mcp-package/venv/bin:/usr/local/sbin"#), file)
        XCTAssertTrue(file.contains(#"RUN ["python3", "-m", "venv", "/opt/mcp-package/venv"]"#), file)
        XCTAssertTrue(file.contains(#"RUN ["/opt/mcp-package/venv/bin/pip", "install", "--no-cache-dir""#), file)
        // The console-script check comes after the install and names the command.
        let check = try XCTUnwrap(file.range(of: #"RUN ["/opt/mcp-package/venv/bin/python", "-I", "-c""#))
        XCTAssertLessThan(try XCTUnwrap(file.range(of: "pip\", \"install")).lowerBound, check.lowerBound)
        XCTAssertTrue(file[check.lowerBound...].contains(#", "mcp-server-fetch"]"#), file)
        XCTAssertFalse(file.contains("\\/"), "no JSON-escaped slashes: \(file)")
        // Extras are installed, the console script is the bare name.
        let extras = try PackageImage(package: PackageLaunch(registryType: "pypi", identifier: "mcp-thing[cli]", version: "1.0"), runtime: runtime)
        XCTAssertEqual(extras.pinned, "mcp-thing[cli]==1.0")
        XCTAssertEqual(extras.command(runtimeArguments: []), ["mcp-thing"])
        XCTAssertNil(ContainerSettings().packageRuntime(for: "nuget"))
    }

    func testRefusesNamesThatCouldInjectIntoTheBuild() throws {
        let runtime = try XCTUnwrap(ContainerSettings().packageRuntime(for: "npm"))
        for name in ["--registry=http://evil", "pkg\nRUN rm -rf /", "a b", ""] {
            XCTAssertThrowsError(try PackageImage(package: PackageLaunch(registryType: "npm", identifier: name, version: "1"), runtime: runtime), name)
        }
        XCTAssertThrowsError(try PackageImage(package: PackageLaunch(registryType: "npm", identifier: "ok", version: "1 && x"), runtime: runtime))
    }
}
