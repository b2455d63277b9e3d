import ContainerRuntime
import RegistryServer
import Foundation
import Gateway
import RegistryCore
import Synchronization

/// The PyPI package figures (issue 13), with real podman and real PyPI: add → tools listed
/// for `mcp-server-time` cold (its image built: venv, `pip install` from PyPI) and warm (the
/// cached image), against a bare hardened `podman run -i` of the same image answering
/// `initialize`. The Python base image is the configured one when present or pullable, else
/// the one built from Debian packages (built here first when missing, and timed).
enum PackagesSuite {
    static let package = PackageLaunch(registryType: "pypi", identifier: "mcp-server-time", version: "2026.10.19")

    static func run(_ options: BenchmarkOptions) async throws {
        print("== packages: PyPI \(package.identifier)==\(package.version ?? ""); 1 cold add, \(options.runs) warm adds and bare runs")
        var environment: [String: String] = [:]
        if ProcessInfo.processInfo.environment["CONTAINERS_CONF"] == nil {
            let conf = options.fixtures.deletingLastPathComponent().appendingPathComponent("podman/containers.conf")
            if FileManager.default.fileExists(atPath: conf.path) { environment["CONTAINERS_CONF"] = conf.path }
        }
        let engine = PodmanEngine(environment: environment)
        guard let podman = engine.executable else {
            print("  UNAVAILABLE: podman is not installed; package figures skipped. \(ContainerEngineError.installHint)")
            return
        }
        let settings = RegistrySettings()
        guard let runtime = settings.containers.packageRuntime(for: "pypi") else { throw SuiteError("no pypi runtime") }
        let base = try DebianBaseImage.forPackages(registryType: "pypi", packages: runtime.debianPackages)
        let configuredBase = ImageReference.qualified(runtime.baseImage ?? "")
        if try await !engine.imageExists(configuredBase), try await !engine.imageExists(base.tag) {
            let start = DispatchTime.now().uptimeNanoseconds
            try await engine.buildBase(base) { _ in }
            print(String(format: "  Debian Python base image built (mmdebstrap + podman import): %.1f s", seconds(since: start)))
        }

        // Cold: our own package images of this version removed first.
        let listed = try await ProcessRunner.run(
            podman, ["images", "--format", "{{.Repository}}:{{.Tag}}", "--filter",
                     "reference=localhost/mcp-registry-package/pypi-mcp-server-time:\(package.version ?? "")-*"],
            environment: engine.environment)
        for tag in listed.stdoutText.split(separator: "\n") where !tag.isEmpty {
            _ = try await ProcessRunner.run(podman, ["rmi", "-f", String(tag)], environment: engine.environment)
        }
        let entry = CatalogEntry(id: "bench/time", name: "time", launch: .package(package))
        let gateway = Gateway(settings: settings, engine: engine)
        let progress = ProgressCount()
        var start = DispatchTime.now().uptimeNanoseconds
        let cold = try await gateway.activate(entry: entry, prefix: "time", remember: false, progress: { progress.add($0) })
        let coldSeconds = seconds(since: start)
        guard cold.tools.contains(where: { $0.name == "time__get_current_time" }) else {
            throw SuiteError("mcp-server-time listed no get_current_time: \(cold.tools.map(\.name))")
        }
        let image = cold.summary.image ?? ""
        try await gateway.remove(id: entry.id)

        var warm: [Double] = []
        for _ in 0..<options.runs {
            start = DispatchTime.now().uptimeNanoseconds
            let activation = try await gateway.activate(entry: entry, prefix: "time", remember: false)
            let tools = await gateway.tools()
            warm.append(seconds(since: start))
            guard activation.tools.contains(where: { $0.name == "time__get_current_time" }), tools.contains(where: { $0.name == "time__get_current_time" }) else {
                throw SuiteError("the warm add listed no time__get_current_time")
            }
            try await gateway.remove(id: entry.id)
        }

        let planner = ContainerPlanner(settings: settings.containers, session: "bench-packages")
        let direct = CatalogEntry(
            id: "bench/time-direct", name: "time-direct",
            launch: .container(ContainerLaunch(image: image, command: ["mcp-server-time"], user: runtime.user)))
        var bare: [Double] = []
        for _ in 0..<options.runs {
            start = DispatchTime.now().uptimeNanoseconds
            let child = try await DirectChild.start(planner: planner, entry: direct, engine: engine)
            bare.append(seconds(since: start))
            await child.stop(engine: engine)
        }
        print(String(format: "  add → tools listed, cold (image build from PyPI, %d progress notifications): %.1f s   target: none set (pip download and install dominate)", progress.count, coldSeconds))
        print("  add → tools listed, warm (cached image):      \(Percentiles(warm).describe(target: 1.0))")
        print("  for reference, bare hardened podman run -i of \(image) → initialize answered: \(Percentiles(bare).describe())")
        let overhead = Percentiles(warm).p50 - Percentiles(bare).p50
        print(String(format: "  warm add over the bare run: p50 %+.0f ms (image lookup, plan, tools/list)", overhead * 1000))
    }
}

/// Counts progress messages from any thread.
final class ProgressCount: Sendable {
    private let value = Mutex(0)
    func add(_ message: String) { value.withLock { $0 += 1 } }
    var count: Int { value.withLock { $0 } }
}
