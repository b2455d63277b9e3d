import Foundation
import RegistryCore

/// The image an npm or PyPI package runs in: built from the runtime's base image, with the
/// exact package version installed at build time and a non-root user, tagged by package
/// and version (plus a digest of the recipe, so a changed base image or install command
/// builds a new image). Pure: it only describes the image and its Containerfile.
public struct PackageImage: Sendable, Hashable {
    /// `npm` or `pypi`.
    public var registryType: String
    public var identifier: String
    public var version: String?
    /// The runtime, its base image filled in.
    public var runtime: PackageRuntimeSettings
    /// `localhost/mcp-registry-package/npm-scope-name:1.2.3-0123abcd`.
    public var tag: String
    /// For a hosted package built from its own files: the unpacked project (the build
    /// context); `nil` for npm and PyPI packages installed from their registry.
    public var project: LocalProject?

    /// - Throws: `ContainerPlanError.invalidValue` for an identifier, version or base image
    ///   that is not safe to write into a Containerfile.
    public init(package: PackageLaunch, runtime: PackageRuntimeSettings) throws {
        let type = package.registryType.lowercased()
        guard Self.isSafeIdentifier(package.identifier, type: type) else {
            throw ContainerPlanError.invalidValue(field: "package", reason: "\(package.identifier.debugDescription) is not a valid \(type) package name")
        }
        if let version = package.version, !version.isEmpty, !Self.isSafeVersion(version) {
            throw ContainerPlanError.invalidValue(field: "version", reason: "\(version.debugDescription) is not a plain version")
        }
        let base = runtime.baseImage ?? ""
        guard !base.isEmpty, !base.hasPrefix("-"), !base.contains(where: { $0.isWhitespace || $0 == "\0" }) else {
            throw ContainerPlanError.invalidValue(field: "baseImage", reason: "\(base.debugDescription) is not an image reference")
        }
        self.registryType = type
        self.identifier = package.identifier
        self.version = package.version.flatMap { $0.isEmpty ? nil : $0 }
        self.runtime = runtime
        var recipe = [type, package.identifier, version ?? "", ImageReference.qualified(base), runtime.user]
        for step in runtime.install { recipe += ["\u{1}"] + step }
        recipe += ["\u{2}"] + runtime.check + ["\u{3}"] + runtime.command + ["\u{4}"]
        recipe += runtime.environment.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
        recipe += ["\u{1}"] + Self.containerfileVersion
        let digest = Self.fnv1a(recipe.joined(separator: "\u{0}"))
        let name = ContainerPlanner.slug(package.identifier.replacingOccurrences(of: "/", with: "-").replacingOccurrences(of: "@", with: ""))
        let versionTag = String((self.version ?? "latest").map { $0.isLetter || $0.isNumber || $0 == "." || $0 == "_" || $0 == "-" ? $0 : "_" }.prefix(100))
        self.tag = "localhost/mcp-registry-package/\(type)-\(name):\(versionTag)-\(digest)"
    }

    /// The version-pinned form the runtime understands: `pkg@1.2.3`, `pkg==1.2.3`.
    public var pinned: String {
        guard let version else { return identifier }
        return registryType == "pypi" ? "\(identifier)==\(version)" : "\(identifier)@\(version)"
    }

    /// The identifier without PyPI extras: `pkg[cli]` → `pkg`.
    public var name: String {
        identifier.split(separator: "[", maxSplits: 1).first.map(String.init) ?? identifier
    }

    /// A runtime template with `{package}`, `{name}`, `{version}`, `{package_version}` and
    /// `{command}` (the first element of the filled-in command) filled in.
    public func substitute(_ text: String) -> String {
        var text = text
        if text.contains("{command}") {
            let first = runtime.command.first { $0 != "{runtime_arguments}" }.map { substitute($0) } ?? ""
            text = text.replacingOccurrences(of: "{command}", with: first)
        }
        return text.replacingOccurrences(of: "{package_version}", with: pinned)
            .replacingOccurrences(of: "{package}", with: identifier)
            .replacingOccurrences(of: "{name}", with: name)
            .replacingOccurrences(of: "{version}", with: version ?? "")
    }

    /// The same image built from another base (the Debian fallback): same package, same
    /// recipe, another tag.
    public func rebased(on baseImage: String) throws -> PackageImage {
        var runtime = self.runtime
        runtime.baseImage = baseImage
        if let project { return try PackageImage(project: project, name: identifier, version: version, runtime: runtime) }
        return try PackageImage(
            package: PackageLaunch(registryType: registryType, identifier: identifier, version: version), runtime: runtime)
    }

    /// The command the container runs, before the package's own arguments; a
    /// `{runtime_arguments}` element becomes `runtimeArguments` (kept as templates for the
    /// planner).
    public func command(runtimeArguments: [String]) -> [String] {
        runtime.command.flatMap { element in
            element == "{runtime_arguments}" ? runtimeArguments : [substitute(element)]
        }
    }

    static let containerfileVersion = ["containerfile-3"]

    /// The Containerfile: `FROM` the base, labels, a writable `HOME` in `/tmp`, the
    /// runtime's environment, the install steps and the check in exec form (no shell), the
    /// non-root user, and no entrypoint (the plan's command is the whole argv).
    public var containerfile: String {
        if let project { return projectContainerfile(project) }
        func json(_ value: String) -> String {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.withoutEscapingSlashes]
            let data = (try? encoder.encode(value)) ?? Data("\"\"".utf8)
            return String(decoding: data, as: UTF8.self)
        }
        func jsonArray(_ values: [String]) -> String {
            "[" + values.map(json).joined(separator: ", ") + "]"
        }
        var lines = [
            "FROM \(ImageReference.qualified(runtime.baseImage ?? ""))",
            "LABEL \(ContainerLabels.packageImage)=\"true\" \(ContainerLabels.package)=\(json("\(registryType):\(pinned)"))",
            "ENV HOME=/tmp NPM_CONFIG_UPDATE_NOTIFIER=false NPM_CONFIG_FUND=false PIP_DISABLE_PIP_VERSION_CHECK=1 PYTHONUNBUFFERED=1 PYTHONDONTWRITEBYTECODE=1",
            "WORKDIR /opt/mcp-package",
        ]
        let environment = runtime.environment.sorted { $0.key < $1.key }.filter { ContainerPlanner.isEnvironmentName($0.key) }
        if !environment.isEmpty {
            lines.append("ENV " + environment.map { "\($0.key)=\(json($0.value))" }.joined(separator: " "))
        }
        for step in runtime.install where !step.isEmpty {
            lines.append("RUN \(jsonArray(step.map(substitute)))")
        }
        if !runtime.check.isEmpty {
            lines.append("RUN \(jsonArray(runtime.check.map(substitute)))")
        }
        lines += ["USER \(runtime.user)", "ENTRYPOINT []", "CMD []"]
        return lines.joined(separator: "\n") + "\n"
    }

    static func isSafeIdentifier(_ name: String, type: String) -> Bool {
        let pattern = type == "npm"
            ? #"^(@[A-Za-z0-9~][A-Za-z0-9._~-]*/)?[A-Za-z0-9~][A-Za-z0-9._~-]*$"#
            : #"^[A-Za-z0-9][A-Za-z0-9._-]*(\[[A-Za-z0-9._,-]+\])?$"#
        return name.count <= 214 && name.range(of: pattern, options: .regularExpression) != nil
    }

    static func isSafeVersion(_ version: String) -> Bool {
        version.count <= 100 && version.range(of: #"^[A-Za-z0-9][A-Za-z0-9.+_-]*$"#, options: .regularExpression) != nil
    }

    /// 64-bit FNV-1a, as 8 hex characters of its low half (stable across runs).
    static func fnv1a(_ text: String) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01b3
        }
        let short = UInt32(truncatingIfNeeded: hash ^ (hash >> 32))
        return String(short, radix: 16).leftPadded(to: 8)
    }
}
