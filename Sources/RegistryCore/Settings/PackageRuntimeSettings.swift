/// How packages of one registry type (`npm`, `pypi`) are installed into an image and run.
///
/// Templates: `{package}` is the package identifier, `{name}` the identifier without PyPI
/// extras (`pkg[cli]` → `pkg`), `{version}` its exact version (empty when the catalog gives
/// none), `{package_version}` the runtime's pinned form (`pkg@1.2.3` for npm, `pkg==1.2.3`
/// for PyPI, the bare name without a version), `{command}` the first element of `command`
/// once filled in (for `check`). A `{runtime_arguments}` element of `command` is replaced
/// by the entry's runtime arguments (none when absent). The package's own arguments always
/// follow `command`.
public struct PackageRuntimeSettings: Sendable, Hashable, Codable {
    /// The image to build from; `nil` uses `containers.nodeBaseImage` / `pythonBaseImage`.
    public var baseImage: String?
    /// The install steps, each run once at build time without a shell (`RUN ["pip", …]`), in
    /// order; none builds no install step (for a base image that already has the package).
    /// In the settings file either one argv (`["npm", "install", …]`) or a list of them.
    public var install: [[String]]
    /// A last build step that fails the build when the package cannot run as declared (the
    /// PyPI runtime checks that the console script `{command}` was installed); empty for none.
    public var check: [String]
    /// Environment variables written into the image (`PATH` with the venv first…).
    public var environment: [String: String]
    /// The command the container runs.
    public var command: [String]
    /// The non-root user the container runs as.
    public var user: String
    /// Debian packages of a base image equivalent to `baseImage`, built when the configured
    /// one is neither present nor pullable (`python3 python3-venv ca-certificates git`).
    public var debianPackages: [String]

    public init(
        baseImage: String? = nil, install: [[String]], check: [String] = [], environment: [String: String] = [:],
        command: [String], user: String = "65534:65534", debianPackages: [String] = []
    ) {
        self.baseImage = baseImage
        self.install = install
        self.check = check
        self.environment = environment
        self.command = command
        self.user = user
        self.debianPackages = debianPackages
    }

    /// Where the PyPI runtime's virtual environment lives in the image.
    public static let pythonVenv = "/opt/mcp-package/venv"

    /// Fails with a readable line when the console script `argv[1]` is not on `PATH`, naming
    /// the ones the package did install.
    static let consoleScriptCheck = """
        import os, shutil, sys
        name = sys.argv[1]
        if shutil.which(name) is None:
            bin = os.path.dirname(sys.executable)
            ours = ("activate", "Activate.ps1", "pip", "python")
            found = sorted(f for f in os.listdir(bin) if not f.startswith(ours))
            sys.exit("mcp-registry: the package installed no console script named %r (it installed: %s)" % (name, ", ".join(found) or "none"))
        """

    /// The defaults for `npm` and `pypi` (nil for other types).
    public static func defaults(for registryType: String) -> PackageRuntimeSettings? {
        switch registryType.lowercased() {
        case "npm":
            return PackageRuntimeSettings(
                install: [["npm", "install", "--omit=dev", "--no-audit", "--no-fund", "{package_version}"]],
                command: ["npx", "--offline", "{runtime_arguments}", "{package_version}"],
                user: "65534:65534",
                debianPackages: ["nodejs", "npm", "ca-certificates"])
        case "pypi":
            let venv = pythonVenv
            return PackageRuntimeSettings(
                install: [
                    ["python3", "-m", "venv", venv],
                    ["\(venv)/bin/pip", "install", "--no-cache-dir", "--no-input", "--disable-pip-version-check", "{package_version}"],
                ],
                check: ["\(venv)/bin/python", "-I", "-c", consoleScriptCheck, "{command}"],
                environment: ["PATH": "\(venv)/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "VIRTUAL_ENV": venv],
                command: ["{name}"],
                user: "65534:65534",
                // git: Python MCP servers commonly drive it (the reference mcp-server-git does).
                debianPackages: ["python3", "python3-venv", "ca-certificates", "git"])
        default:
            return nil
        }
    }

    private enum CodingKeys: String, CodingKey { case baseImage, install, check, environment, command, user, debianPackages }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        baseImage = try c.decodeIfPresent(String.self, forKey: .baseImage)
        if let steps = try? c.decodeIfPresent([[String]].self, forKey: .install) {
            install = steps
        } else {
            let single = try c.decodeIfPresent([String].self, forKey: .install) ?? []
            install = single.isEmpty ? [] : [single]
        }
        check = try c.decodeIfPresent([String].self, forKey: .check) ?? []
        environment = try c.decodeIfPresent([String: String].self, forKey: .environment) ?? [:]
        command = try c.decodeIfPresent([String].self, forKey: .command) ?? []
        user = try c.decodeIfPresent(String.self, forKey: .user) ?? "65534:65534"
        debianPackages = try c.decodeIfPresent([String].self, forKey: .debianPackages) ?? []
    }
}

extension ContainerSettings {
    /// The runtime for a package type: the user's override (`containers.packageRuntimes`)
    /// or the default, with the base image filled in from the node/python settings and the
    /// Debian packages of the fallback base image from the default when the override has none.
    public func packageRuntime(for registryType: String) -> PackageRuntimeSettings? {
        let type = registryType.lowercased()
        let defaults = PackageRuntimeSettings.defaults(for: type)
        guard var runtime = packageRuntimes[type] ?? defaults else { return nil }
        if runtime.baseImage?.isEmpty ?? true {
            switch type {
            case "npm": runtime.baseImage = nodeBaseImage
            case "pypi": runtime.baseImage = pythonBaseImage
            default: return nil
            }
        }
        if runtime.debianPackages.isEmpty { runtime.debianPackages = defaults?.debianPackages ?? [] }
        return runtime
    }
}
