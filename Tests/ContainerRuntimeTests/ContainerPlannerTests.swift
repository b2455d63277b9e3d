import ContainerRuntime
import Foundation
import RegistryCore
import TestSupport
import XCTest

final class ContainerPlannerTests: XCTestCase {
    var allowedRoot: URL!

    override func setUpWithError() throws {
        allowedRoot = try TemporaryDirectory(prefix: "plan").url
        try FileManager.default.createDirectory(at: allowedRoot.appendingPathComponent("docs"), withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: allowedRoot.appendingPathComponent("papers"), withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: allowedRoot)
    }

    func planner(pull: String = "missing") -> ContainerPlanner {
        ContainerPlanner(
            settings: ContainerSettings(pullPolicy: pull, memory: "256m", cpus: "0.5", pidsLimit: 64, allowedVolumeRoots: [allowedRoot.path]),
            session: "test-session", ownerPID: 4242)
    }

    /// Like the Docker catalog's `filesystem` server.
    var filesystem: CatalogEntry {
        CatalogEntry(
            id: "docker/filesystem", name: "filesystem",
            launch: .container(ContainerLaunch(
                image: "mcp/filesystem",
                command: ["{{filesystem.paths|volume-target|into}}"],
                volumes: ["{{filesystem.paths|volume|into}}"],
                disableNetwork: true)),
            configuration: ConfigurationSpec(parameters: [
                "type": "object",
                "properties": ["paths": ["type": "array", "items": ["type": "string"], "description": "Folders the server may read"]],
                "required": ["paths"],
            ]))
    }

    /// Like `grafana`: a secret, a templated env variable and a command.
    var grafana: CatalogEntry {
        CatalogEntry(
            id: "docker/grafana", name: "grafana",
            launch: .container(ContainerLaunch(image: "mcp/grafana", command: ["--transport=stdio", "--log-level={{grafana.level|or:info}}"])),
            configuration: ConfigurationSpec(
                secrets: [SecretRequirement(name: "grafana.api_key", env: "GRAFANA_API_KEY", description: "Service account token", example: "glsa_x")],
                env: [EnvRequirement(name: "GRAFANA_URL", value: "{{grafana.url}}", required: false)],
                parameters: [
                    "type": "object",
                    "properties": ["url": ["type": "string", "description": "Grafana URL"], "level": ["type": "string"]],
                    "required": ["url"],
                ]))
    }

    func testHardeningFlagsLabelsAndOrder() throws {
        let plan = try planner().plan(entry: filesystem, config: ["paths": [.string(allowedRoot.appendingPathComponent("docs").path)]], availableSecrets: [], nameSuffix: "abc123")
        let args = plan.runArguments
        XCTAssertEqual(Array(args.prefix(4)), ["run", "--rm", "-i", "--init"])
        for pair in [["--security-opt", "no-new-privileges"], ["--cap-drop", "ALL"], ["--tmpfs", "/tmp"], ["--pids-limit", "64"],
                     ["--memory", "256m"], ["--cpus", "0.5"], ["--network", "none"], ["--pull", "never"], ["--name", "mcp-registry-filesystem-abc123"]] {
            XCTAssertTrue(args.containsSequence(pair), "missing \(pair) in \(args)")
        }
        XCTAssertTrue(args.contains("--read-only"))
        XCTAssertTrue(args.containsSequence(["--label", "io.mcp-registry.managed=true"]))
        XCTAssertTrue(args.containsSequence(["--label", "io.mcp-registry.entry=docker/filesystem"]))
        XCTAssertTrue(args.containsSequence(["--label", "io.mcp-registry.session=test-session"]))
        XCTAssertTrue(args.containsSequence(["--label", "io.mcp-registry.pid=4242"]))
        // The image comes after every option, then the command.
        let imageIndex = try XCTUnwrap(args.firstIndex(of: "docker.io/mcp/filesystem"), "Docker Hub short names are qualified")
        XCTAssertEqual(imageIndex, args.count - 2)
        XCTAssertEqual(plan.argv().first, "podman")
        XCTAssertEqual(plan.pullPolicy, .missing)
    }

    func testVolumeTemplatesSpliceIntoArguments() throws {
        let docs = allowedRoot.appendingPathComponent("docs").resolvingSymlinksInPath().path
        let papers = allowedRoot.appendingPathComponent("papers").resolvingSymlinksInPath().path
        let plan = try planner().plan(entry: filesystem, config: ["filesystem.paths": [.string(docs), .string(papers)]], availableSecrets: [])
        XCTAssertEqual(plan.volumes, ["\(docs):\(docs)", "\(papers):\(papers)"])
        XCTAssertEqual(plan.command, [docs, papers])
        XCTAssertTrue(plan.runArguments.containsSequence(["-v", "\(docs):\(docs)", "-v", "\(papers):\(papers)"]))
    }

    func testSecretsAreBareAndValuesNeverInArgv() throws {
        let plan = try planner().plan(
            entry: grafana, config: ["url": "https://grafana.example"], availableSecrets: ["grafana.api_key"], nameSuffix: "s")
        XCTAssertEqual(plan.secrets, [SecretBinding(secretName: "grafana.api_key", environmentVariable: "GRAFANA_API_KEY")])
        let args = plan.runArguments
        XCTAssertTrue(args.containsSequence(["-e", "GRAFANA_API_KEY"]), "secret must be a bare -e NAME")
        XCTAssertFalse(args.contains { $0.hasPrefix("GRAFANA_API_KEY=") })
        XCTAssertTrue(args.containsSequence(["-e", "GRAFANA_URL=https://grafana.example"]))
        XCTAssertEqual(plan.command, ["--transport=stdio", "--log-level=info"], "or: default applies when unset")
        XCTAssertFalse(args.contains("--network"), "network stays on unless the entry disables it")
    }

    func testMissingConfigurationListsEachValueWithItsDescription() throws {
        XCTAssertThrowsError(try planner().plan(entry: grafana, config: [:], availableSecrets: [])) { error in
            guard case ContainerPlanError.missingValues(let id, let missing) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(id, "docker/grafana")
            XCTAssertEqual(Set(missing.map(\.name)), ["grafana.api_key", "url"])
            XCTAssertEqual(missing.first { $0.name == "grafana.api_key" }?.description, "Service account token")
            XCTAssertEqual(missing.first { $0.name == "url" }?.description, "Grafana URL")
            let text = "\(error)"
            XCTAssertFalse(text.contains("registry-"), "tool names are RegistryServer's words: \(text)")
            XCTAssertTrue(text.contains("grafana.api_key (secret): Service account token"))
        }
    }

    func testVolumesOutsideAllowedRootsOrForbiddenAreRefused() throws {
        let home = NSHomeDirectory()
        for path in ["/etc", "/", "/root", "\(home)/.ssh", home, "/var/run/docker.sock", "/run/podman/podman.sock"] {
            XCTAssertThrowsError(try planner().plan(entry: filesystem, config: ["paths": [.string(path)]], availableSecrets: []), path) { error in
                guard case ContainerPlanError.volumeRefused = error else { return XCTFail("\(path): \(error)") }
            }
        }
        // A path that climbs out of the allowed root with `..` is refused too.
        let escape = allowedRoot.appendingPathComponent("docs/../../").path
        XCTAssertThrowsError(try planner().plan(entry: filesystem, config: ["paths": [.string(escape)]], availableSecrets: []))
        // An allowed root that contains a forbidden folder is still refused.
        let wide = ContainerPlanner(settings: ContainerSettings(allowedVolumeRoots: ["/"]), session: "s")
        XCTAssertThrowsError(try wide.plan(entry: filesystem, config: ["paths": ["/etc"]], availableSecrets: []))
    }

    func testValuesThatWouldSmuggleFlagsAreRefused() throws {
        XCTAssertThrowsError(try planner().plan(entry: filesystem, config: ["paths": ["--privileged"]], availableSecrets: [])) { error in
            guard case ContainerPlanError.flagSmuggling = error else { return XCTFail("\(error)") }
        }
        let entry = CatalogEntry(
            id: "docker/x", name: "x",
            launch: .container(ContainerLaunch(image: "mcp/x", command: ["{{x.mode}}"], user: "{{x.user}}")))
        XCTAssertThrowsError(try planner().plan(entry: entry, config: ["mode": "--network=host"], availableSecrets: []))
        XCTAssertThrowsError(try planner().plan(entry: entry, config: ["mode": "ok", "user": "-u0"], availableSecrets: []))
        // A catalog's own literal option stays; a user value embedded after `=` is not an option.
        let plan = try planner().plan(entry: grafana, config: ["url": "u", "level": "debug"], availableSecrets: ["grafana.api_key"])
        XCTAssertEqual(plan.command, ["--transport=stdio", "--log-level=debug"])
    }

    func testOfficialOCIPackageWithInputsAndVettedRuntimeArguments() throws {
        let entry = CatalogEntry(
            id: "official/io.github.user/weather", name: "weather",
            launch: .package(PackageLaunch(
                registryType: "oci", identifier: "ghcr.io/user/weather", version: "1.2.0",
                runtimeArguments: ["-e", "MODE={mode}", "--workdir=/data", "--rm"],
                packageArguments: ["--city", "{city}"],
                env: ["UNITS": "{units}"])),
            configuration: ConfigurationSpec(env: [EnvRequirement(name: "WEATHER_TOKEN", required: true, isSecret: true)]))
        let plan = try planner().plan(entry: entry, config: ["city": "Paris", "mode": "fast", "units": "metric"], availableSecrets: ["WEATHER_TOKEN"])
        XCTAssertEqual(plan.image, "ghcr.io/user/weather:1.2.0")
        XCTAssertEqual(plan.command, ["--city", "Paris"])
        XCTAssertEqual(plan.environment, ["MODE": "fast", "UNITS": "metric"])
        XCTAssertEqual(plan.secretEnvironmentNames, ["WEATHER_TOKEN"])
        XCTAssertTrue(plan.runArguments.containsSequence(["--workdir", "/data"]))
        XCTAssertEqual(plan.runArguments.filter { $0 == "--rm" }.count, 1)

        let dangerous = CatalogEntry(
            id: "official/x", name: "x",
            launch: .package(PackageLaunch(registryType: "oci", identifier: "ghcr.io/x/y", runtimeArguments: ["--privileged"])))
        XCTAssertThrowsError(try planner().plan(entry: dangerous, config: [:], availableSecrets: [])) { error in
            guard case ContainerPlanError.optionRefused = error else { return XCTFail("\(error)") }
        }
        let npm = CatalogEntry(id: "official/n", name: "n", launch: .package(PackageLaunch(registryType: "npm", identifier: "pkg")))
        XCTAssertThrowsError(try planner().plan(entry: npm, config: [:], availableSecrets: []))
    }

    /// Real catalogs list secrets and env variables under `required` (proxmox, vectra).
    func testRequiredListNamingSecretsAndEnvVariables() throws {
        let entry = CatalogEntry(
            id: "docker/proxmox", name: "proxmox",
            launch: .container(ContainerLaunch(image: "mcp/proxmox")),
            configuration: ConfigurationSpec(
                secrets: [SecretRequirement(name: "proxmox.token_value", env: "PROXMOX_TOKEN_VALUE", required: false)],
                env: [EnvRequirement(name: "BASE_URL", value: "{{proxmox.url}}", description: "The API URL")],
                parameters: ["type": "object", "properties": ["host": ["type": "string"], "url": ["type": "string"]], "required": ["host", "token_value", "BASE_URL"]]))
        XCTAssertThrowsError(try planner().plan(entry: entry, config: [:], availableSecrets: [])) { error in
            guard case ContainerPlanError.missingValues(_, let missing) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(missing.map(\.name), ["host", "proxmox.token_value", "url"])
            XCTAssertEqual(missing.map(\.kind), ["parameter", "secret", "parameter"])
        }
        let plan = try planner().plan(entry: entry, config: ["host": "h", "url": "https://p"], availableSecrets: ["proxmox.token_value"])
        XCTAssertEqual(plan.environment, ["BASE_URL": "https://p"])
        XCTAssertEqual(plan.secretEnvironmentNames, ["PROXMOX_TOKEN_VALUE"])
    }

    func testNamedVolumesOnlyFromTheCatalogNeverFromUserValues() throws {
        let entry = CatalogEntry(
            id: "docker/kube", name: "kube",
            launch: .container(ContainerLaunch(image: "mcp/kube", volumes: ["cache-volume:/cache", "{{kube.config}}:/root/.kube"])))
        XCTAssertThrowsError(try planner().plan(entry: entry, config: ["config": "myvolume"], availableSecrets: [])) { error in
            guard case ContainerPlanError.volumeRefused = error else { return XCTFail("\(error)") }
        }
        let docs = allowedRoot.appendingPathComponent("docs").resolvingSymlinksInPath().path
        let plan = try planner().plan(entry: entry, config: ["config": .string(docs)], availableSecrets: [])
        XCTAssertEqual(plan.volumes, ["cache-volume:/cache", "\(docs):/root/.kube"])
        let unset = try planner().plan(entry: entry, config: [:], availableSecrets: [])
        XCTAssertEqual(unset.volumes, ["cache-volume:/cache"], "an optional source left unset drops its volume")
    }

    func testTemplateFilters() throws {
        let lookup = ConfigLookup(values: ["paths": ["/a", "/b"], "n": 3, "flag": true], schema: ["properties": ["d": ["default": "dflt"]]])
        XCTAssertEqual(try ConfigTemplate("{{s.paths|volume|into}}").evaluate(lookup), .list(["/a:/a", "/b:/b"]))
        XCTAssertEqual(try ConfigTemplate("{{s.paths|volume-target}}").evaluate(lookup), .list(["/a", "/b"]))
        XCTAssertEqual(try ConfigTemplate("{{s.paths|first}}").evaluate(lookup), .string("/a"))
        XCTAssertEqual(try ConfigTemplate("{{s.none|or:[]|volume|into}}").evaluate(lookup), .list([]))
        XCTAssertEqual(try ConfigTemplate("--n={{s.n}} {{s.flag}}").evaluate(lookup), .string("--n=3 true"))
        XCTAssertEqual(try ConfigTemplate("{{s.d}}").evaluate(lookup), .string("dflt"), "schema default")
        XCTAssertEqual(try ConfigTemplate("{n}-{missing}").evaluate(lookup), .string("3-"))
        XCTAssertEqual(try ConfigTemplate("{\"json\": 1}").evaluate(lookup), .string("{\"json\": 1}"), "not an input")
    }

    func testImageReferencesAreQualifiedForPodman() {
        XCTAssertEqual(ImageReference.qualified("mcp/grafana"), "docker.io/mcp/grafana")
        XCTAssertEqual(ImageReference.qualified("alpine:3.20"), "docker.io/library/alpine:3.20")
        XCTAssertEqual(ImageReference.qualified("ghcr.io/user/weather:1.2.0"), "ghcr.io/user/weather:1.2.0")
        XCTAssertEqual(ImageReference.qualified("localhost/mcp-registry-fixture:test"), "localhost/mcp-registry-fixture:test")
        XCTAssertEqual(ImageReference.qualified("registry.local:5000/x"), "registry.local:5000/x")
        XCTAssertEqual(ImageReference.qualified("mcp/x@sha256:abc"), "docker.io/mcp/x@sha256:abc")
    }

    func testSlugAndUniqueNames() throws {
        XCTAssertEqual(ContainerPlanner.slug("io.github.User/Weather_MCP"), "weather-mcp")
        let a = try planner().plan(entry: filesystem, config: ["paths": [.string(allowedRoot.path)]], availableSecrets: [])
        let b = try planner().plan(entry: filesystem, config: ["paths": [.string(allowedRoot.path)]], availableSecrets: [])
        XCTAssertNotEqual(a.name, b.name)
        XCTAssertTrue(a.name.hasPrefix("mcp-registry-filesystem-"))
    }
}

extension Array where Element: Equatable {
    func containsSequence(_ sequence: [Element]) -> Bool {
        guard !sequence.isEmpty, sequence.count <= count else { return false }
        return (0...(count - sequence.count)).contains { Array(self[$0..<($0 + sequence.count)]) == sequence }
    }
}
