import ContainerRuntime
import Foundation
import PackageArchive
import RegistryCore

/// Hosted packages (`mcpb`: a team registry's `.tar.gz` or an `.mcpb` bundle, published with
/// its download URL as `identifier` and its digest as `fileSha256`).
///
/// The image is cached by the file's SHA-256: when a Python or Node image of that digest is
/// there, nothing is downloaded. Otherwise the file is downloaded (capped at
/// `containers.maxPackageDownloadBytes`), its SHA-256 checked (a mismatch builds nothing),
/// unpacked by `SafeUnpacker` into a temporary folder, read by `LocalProjectDetector`, and
/// built with the same builder and base images as PyPI and npm packages, the unpacked
/// project as the build context. The container then runs like any package's.
extension PackageConnector {
    /// The image of a hosted package, found or built: the path `registry-add` and
    /// `mcp-registry install` share.
    /// - Parameters:
    ///   - name: the server's name (`io.github.team/weather`), for the tag and the label.
    ///   - entryID: whose activity the progress is.
    /// - Throws: `HostedPackageError` (download, digest, unpacking, project), `ImageBuildError`,
    ///   `ContainerPlanError` / `ContainerEngineError` (base image).
    public func hostedImage(
        for package: PackageLaunch, name: String, entryID: String, settings: RegistrySettings,
        progress: (@Sendable (String) -> Void)? = nil
    ) async throws -> PackageImage {
        guard let digest = package.fileSha256?.lowercased(), PackageLaunch.isSHA256(digest) else {
            throw HostedPackageError.notDownloadable(url: package.identifier)
        }
        let containers = settings.containers
        for kind in [LocalProject.Kind.python, .node] {
            guard let runtime = containers.packageRuntime(for: kind.registryType) else { continue }
            let key = try PackageImage(project: LocalProject(kind: kind, sha256: digest), name: name, version: package.version, runtime: runtime)
            if let found = try await existingImage(key) { return found }
        }

        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("mcp-registry-hosted-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        defer { try? FileManager.default.removeItem(at: folder) }
        progress?("downloading \(package.identifier)")
        let file = folder.appendingPathComponent("package")
        let bytes = try await HostedPackageDownloader(maxBytes: containers.maxPackageDownloadBytes)
            .download(package.identifier, sha256: digest, to: file)
        progress?("downloaded \(bytes) bytes, SHA-256 verified; unpacking")
        let unpacked = folder.appendingPathComponent("unpacked")
        do {
            try SafeUnpacker.unpack(file, into: unpacked)
        } catch let refusal as UnpackRefusal {
            throw HostedPackageError.unpackRefused(refusal)
        }
        let (project, root) = try LocalProjectDetector.detect(in: unpacked, sha256: digest)
        guard let runtime = containers.packageRuntime(for: project.kind.registryType) else {
            throw HostedPackageError.unknownProjectKind(files: [])
        }
        let image = try PackageImage(project: project, name: name, version: package.version, runtime: runtime)
        return try await ensureImage(
            image, entryID: entryID, pullPolicy: PullPolicy(setting: containers.pullPolicy), report: progress, context: root)
    }

    /// The server's name for a hosted package's image: its upstream name
    /// (`io.github.team/weather`), else the entry's name.
    public static func hostedName(of entry: CatalogEntry) -> String {
        entry.provenance.first?.upstreamID ?? entry.name
    }

    /// The container launch that runs a hosted package's image: its entry point is the
    /// image's, the package's arguments follow; network only as the entry declares.
    public static func hostedLaunch(image: PackageImage, package: PackageLaunch, entry: CatalogEntry) -> ContainerLaunch {
        let arguments = splitRuntimeArguments(package.runtimeArguments)
        return ContainerLaunch(
            image: image.tag, command: package.packageArguments, env: package.env, user: image.runtime.user,
            disableNetwork: !entry.networkNeed.allowsNetwork(override: nil), runtimeArguments: arguments.container)
    }

    func openHosted(_ request: ChildLaunchRequest, package: PackageLaunch) async throws -> any ChildConnection {
        let image = try await hostedImage(
            for: package, name: Self.hostedName(of: request.entry), entryID: request.entry.id, settings: request.settings,
            progress: request.progress)
        var launch = request
        launch.entry.launch = .container(Self.hostedLaunch(image: image, package: package, entry: request.entry))
        var plan = try containers.plan(launch)
        plan.pullPolicy = .never
        let connection = try await containers.run(plan, secrets: request.secrets)
        return PackageConnection(container: connection, package: "mcpb:\(image.identifier)@\(image.version ?? "")")
    }
}
