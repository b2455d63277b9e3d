import Foundation
import RegistryCore

/// The local-project variant: a hosted package built from its own unpacked files.
extension PackageImage {
    /// The image of a hosted package's project, on the runtime of its kind (`pypi` for
    /// Python, `npm` for Node: base image, non-root user, environment, Debian fallback).
    /// The tag is cached by the package file's SHA-256 and the recipe (base image, user,
    /// environment, Containerfile version), not by the project's details: those follow
    /// from the file, so a tag can be looked up before the file is downloaded.
    /// - Parameters:
    ///   - name: the server's name (`io.github.team/weather`), for the label and the tag.
    /// - Throws: `ContainerPlanError.invalidValue` for a digest that is not SHA-256, a
    ///   version or base image not safe to write into a Containerfile.
    public init(project: LocalProject, name: String, version: String?, runtime: PackageRuntimeSettings) throws {
        guard PackageLaunch.isSHA256(project.sha256) else {
            throw ContainerPlanError.invalidValue(field: "fileSha256", reason: "\(project.sha256.debugDescription) is not a SHA-256 digest")
        }
        if let version, !version.isEmpty, !Self.isSafeVersion(version) {
            throw ContainerPlanError.invalidValue(field: "version", reason: "\(version.debugDescription) is not a plain version")
        }
        let base = runtime.baseImage ?? ""
        guard !base.isEmpty, !base.hasPrefix("-"), !base.contains(where: { $0.isWhitespace || $0 == "\0" }) else {
            throw ContainerPlanError.invalidValue(field: "baseImage", reason: "\(base.debugDescription) is not an image reference")
        }
        self.registryType = project.kind.registryType
        self.identifier = name
        self.version = version.flatMap { $0.isEmpty ? nil : $0 }
        self.runtime = runtime
        self.project = project
        var recipe = ["hosted", project.kind.rawValue, project.sha256, ImageReference.qualified(base), runtime.user]
        recipe += runtime.environment.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
        recipe += ["\u{1}"] + Self.projectContainerfileVersion
        let slug = ContainerPlanner.slug(name.replacingOccurrences(of: "/", with: "-").replacingOccurrences(of: "@", with: ""))
        let versionTag = String((self.version ?? "latest").map { $0.isLetter || $0.isNumber || $0 == "." || $0 == "_" || $0 == "-" ? $0 : "_" }.prefix(80))
        self.tag = "localhost/mcp-registry-package/hosted-\(slug):\(versionTag)-\(project.sha256.prefix(12))-\(Self.fnv1a(recipe.joined(separator: "\u{0}")))"
    }

    static let projectContainerfileVersion = ["project-1"]

    /// What progress messages call it: `pypi mcp-server-time==1.0`, `hosted package
    /// io.github.team/weather 1.0.0 (python)`.
    public var displayName: String {
        guard let project else { return "\(registryType) \(pinned)" }
        return "hosted package \(identifier) \(version ?? "")".trimmingCharacters(in: .whitespaces) + " (\(project.kind.rawValue))"
    }

    /// The Containerfile of a project: `FROM` the base, labels (with the digest), the
    /// environment, the project copied from the context into `LocalProject.appFolder`
    /// (owned by root, read-only to the server), the install steps in exec form, the
    /// non-root user, and the project's entry point as `ENTRYPOINT` (so a plan's command
    /// only adds the package's arguments).
    func projectContainerfile(_ project: LocalProject) -> String {
        var lines = [
            "FROM \(ImageReference.qualified(runtime.baseImage ?? ""))",
            "LABEL \(ContainerLabels.packageImage)=\"true\" \(ContainerLabels.package)=\(Self.json("mcpb:\(identifier)@\(version ?? "")")) "
                + "\(ContainerLabels.packageDigest)=\(Self.json(project.sha256))",
            "ENV HOME=/tmp NPM_CONFIG_UPDATE_NOTIFIER=false NPM_CONFIG_FUND=false PIP_DISABLE_PIP_VERSION_CHECK=1 PYTHONUNBUFFERED=1 PYTHONDONTWRITEBYTECODE=1",
        ]
        var environment = runtime.environment
        if project.kind == .python {
            environment["PATH"] = environment["PATH"] ?? "\(PackageRuntimeSettings.pythonVenv)/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
            environment["VIRTUAL_ENV"] = environment["VIRTUAL_ENV"] ?? PackageRuntimeSettings.pythonVenv
        }
        environment.merge(project.environment) { _, package in package }
        let variables = environment.sorted { $0.key < $1.key }.filter { ContainerPlanner.isEnvironmentName($0.key) }
        if !variables.isEmpty {
            lines.append("ENV " + variables.map { "\($0.key)=\(Self.json($0.value))" }.joined(separator: " "))
        }
        lines += ["COPY . \(LocalProject.appFolder)", "WORKDIR \(LocalProject.appFolder)"]
        for step in project.installSteps {
            lines.append("RUN \(Self.jsonArray(step))")
        }
        lines += ["USER \(runtime.user)", "ENTRYPOINT \(Self.jsonArray(project.entryPoint))", "CMD []"]
        return lines.joined(separator: "\n") + "\n"
    }

    static func json(_ value: String) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        let data = (try? encoder.encode(value)) ?? Data("\"\"".utf8)
        return String(decoding: data, as: UTF8.self)
    }

    static func jsonArray(_ values: [String]) -> String {
        "[" + values.map(json).joined(separator: ", ") + "]"
    }
}
