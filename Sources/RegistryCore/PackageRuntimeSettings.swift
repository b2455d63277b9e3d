/// How packages of one registry type (`npm`, `pypi`) are installed into an image and run.
///
/// Templates: `{package}` is the package identifier, `{version}` its exact version (empty
/// when the catalog gives none), `{package_version}` the runtime's pinned form
/// (`pkg@1.2.3` for npm, `pkg==1.2.3` for PyPI, the bare name without a version). A
/// `{runtime_arguments}` element of `command` is replaced by the entry's runtime arguments
/// (none when absent). The package's own arguments always follow `command`.
public struct PackageRuntimeSettings: Sendable, Hashable, Codable {
    /// The image to build from; `nil` uses `containers.nodeBaseImage` / `pythonBaseImage`.
    public var baseImage: String?
    /// The install step, run once at build time without a shell (`RUN ["npm", …]`); an
    /// empty list builds no install step (for a base image that already has the package).
    public var install: [String]
    /// The command the container runs.
    public var command: [String]
    /// The non-root user the container runs as.
    public var user: String

    public init(baseImage: String? = nil, install: [String], command: [String], user: String = "65534:65534") {
        self.baseImage = baseImage
        self.install = install
        self.command = command
        self.user = user
    }

    /// The defaults for `npm` and `pypi` (nil for other types).
    public static func defaults(for registryType: String) -> PackageRuntimeSettings? {
        switch registryType.lowercased() {
        case "npm":
            return PackageRuntimeSettings(
                install: ["npm", "install", "--omit=dev", "--no-audit", "--no-fund", "{package_version}"],
                command: ["npx", "--offline", "{runtime_arguments}", "{package_version}"],
                user: "65534:65534")
        case "pypi":
            return PackageRuntimeSettings(
                install: ["pip", "install", "--no-cache-dir", "--root-user-action=ignore", "{package_version}"],
                command: ["{package}"],
                user: "65534:65534")
        default:
            return nil
        }
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        baseImage = try c.decodeIfPresent(String.self, forKey: .baseImage)
        install = try c.decodeIfPresent([String].self, forKey: .install) ?? []
        command = try c.decodeIfPresent([String].self, forKey: .command) ?? []
        user = try c.decodeIfPresent(String.self, forKey: .user) ?? "65534:65534"
    }
}

extension ContainerSettings {
    /// The runtime for a package type: the user's override (`containers.packageRuntimes`)
    /// or the default, with the base image filled in from the node/python settings.
    public func packageRuntime(for registryType: String) -> PackageRuntimeSettings? {
        let type = registryType.lowercased()
        guard var runtime = packageRuntimes[type] ?? PackageRuntimeSettings.defaults(for: type) else { return nil }
        if runtime.baseImage?.isEmpty ?? true {
            switch type {
            case "npm": runtime.baseImage = nodeBaseImage
            case "pypi": runtime.baseImage = pythonBaseImage
            default: return nil
            }
        }
        return runtime
    }
}
