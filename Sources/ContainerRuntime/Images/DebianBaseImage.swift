import Foundation

/// A runtime base image built from Debian's own packages, for when the configured base
/// image (`python:3.12-slim`, `node:22-alpine`) is neither present nor pullable: `mmdebstrap`
/// makes a minimal root file system with the packages, the host's extra CA certificates
/// (`/usr/local/share/ca-certificates/*.crt`, so a TLS-inspecting proxy the host trusts is
/// trusted in the image too) are added, and `podman import` tags the result.
///
/// The tag carries a digest of the whole recipe (suite, mirror, packages, certificates,
/// recipe version), so the image is built once per machine and rebuilt only when the recipe
/// changes. Pure: it describes the commands, it runs nothing.
public struct DebianBaseImage: Sendable, Hashable {
    /// `python`, `node`: the last part of the image name.
    public var runtime: String
    /// Debian packages installed on top of the `essential` variant.
    public var packages: [String]
    /// The Debian suite (`bookworm`).
    public var suite: String
    /// The Debian mirror.
    public var mirror: String
    /// The host's extra CA certificates copied in: file paths and their contents.
    public var certificates: [Certificate]
    /// `localhost/mcp-registry-base/python:bookworm-0123abcd`.
    public var tag: String

    /// One extra CA certificate of the host.
    public struct Certificate: Sendable, Hashable {
        public var path: String
        public var contents: Data
        public init(path: String, contents: Data) {
            self.path = path
            self.contents = contents
        }
    }

    /// Bumped when the way the image is made changes.
    static let recipeVersion = "debian-base-1"
    public static let defaultSuite = "bookworm"
    public static let defaultMirror = "http://deb.debian.org/debian"
    /// Where Debian keeps extra CA certificates.
    public static let certificateFolder = "/usr/local/share/ca-certificates"

    /// - Throws: `ContainerPlanError.invalidValue` for a package name, suite or mirror that
    ///   is not safe on an `mmdebstrap` command line.
    public init(
        runtime: String, packages: [String], suite: String = Self.defaultSuite, mirror: String = Self.defaultMirror,
        certificates: [Certificate] = []
    ) throws {
        guard runtime.range(of: #"^[a-z0-9][a-z0-9-]*$"#, options: .regularExpression) != nil else {
            throw ContainerPlanError.invalidValue(field: "runtime", reason: "\(runtime.debugDescription) is not a plain name")
        }
        guard !packages.isEmpty else {
            throw ContainerPlanError.invalidValue(field: "debianPackages", reason: "no Debian packages to build a \(runtime) base image from")
        }
        for package in packages where package.range(of: #"^[a-z0-9][a-z0-9+.-]+$"#, options: .regularExpression) == nil {
            throw ContainerPlanError.invalidValue(field: "debianPackages", reason: "\(package.debugDescription) is not a Debian package name")
        }
        guard suite.range(of: #"^[a-z][a-z0-9-]*$"#, options: .regularExpression) != nil else {
            throw ContainerPlanError.invalidValue(field: "suite", reason: "\(suite.debugDescription) is not a Debian suite")
        }
        guard mirror.range(of: #"^https?://[^\s"'$`\\]+$"#, options: .regularExpression) != nil else {
            throw ContainerPlanError.invalidValue(field: "mirror", reason: "\(mirror.debugDescription) is not an http(s) URL")
        }
        for certificate in certificates where certificate.path.range(of: #"^/[A-Za-z0-9._/+-]+\.crt$"#, options: .regularExpression) == nil {
            throw ContainerPlanError.invalidValue(field: "certificate", reason: "\(certificate.path.debugDescription) is not a plain .crt path")
        }
        self.runtime = runtime
        self.packages = packages.sorted()
        self.suite = suite
        self.mirror = mirror
        self.certificates = certificates.sorted { $0.path < $1.path }
        var recipe = [Self.recipeVersion, runtime, suite, mirror] + self.packages
        for certificate in self.certificates {
            recipe += [certificate.path, String(decoding: certificate.contents, as: UTF8.self)]
        }
        tag = "localhost/mcp-registry-base/\(runtime):\(suite)-\(PackageImage.fnv1a(recipe.joined(separator: "\u{0}")))"
    }

    /// The recipe for a package runtime's fallback base image (`pypi` → `python`, `npm` →
    /// `node`), with the host's extra CA certificates read from `certificateFolder`.
    public static func forPackages(registryType: String, packages: [String], certificateFolder: String = Self.certificateFolder) throws -> DebianBaseImage {
        let runtime = registryType.lowercased() == "npm" ? "node" : registryType.lowercased() == "pypi" ? "python" : registryType.lowercased()
        return try DebianBaseImage(runtime: runtime, packages: packages, certificates: hostCertificates(in: certificateFolder))
    }

    /// The `.crt` files directly in `folder` (none when it does not exist).
    public static func hostCertificates(in folder: String) -> [Certificate] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        return names.filter { $0.hasSuffix(".crt") }.sorted().compactMap { name in
            let path = (folder as NSString).appendingPathComponent(name)
            guard let data = FileManager.default.contents(atPath: path) else { return nil }
            return Certificate(path: path, contents: data)
        }
    }

    /// `mmdebstrap` arguments writing the root file system as a tarball to `output`:
    /// the `essential` variant plus the packages, no documentation, the certificates copied
    /// in and `update-ca-certificates` run, the apt lists dropped.
    public func mmdebstrapArguments(output: String) -> [String] {
        var arguments = [
            "--variant=essential",
            "--include=" + packages.joined(separator: ","),
            "--format=tar",
            "--dpkgopt=path-exclude=/usr/share/man/*",
            "--dpkgopt=path-exclude=/usr/share/doc/*",
            "--dpkgopt=path-include=/usr/share/doc/*/copyright",
            "--dpkgopt=path-exclude=/usr/share/locale/*",
        ]
        if !certificates.isEmpty {
            arguments.append("--customize-hook=copy-in " + certificates.map(\.path).joined(separator: " ") + " " + Self.certificateFolder)
        }
        if packages.contains("ca-certificates") {
            arguments.append(#"--customize-hook=chroot "$1" /usr/sbin/update-ca-certificates"#)
        }
        if packages.contains("git") {
            // Folders reach the container only when the user allowed them; their owner is
            // rarely the container's non-root user, which git would otherwise refuse.
            arguments.append(#"--customize-hook=chroot "$1" git config --system --add safe.directory '*'"#)
        }
        arguments.append(#"--customize-hook=rm -rf "$1"/var/lib/apt/lists/* "$1"/var/cache/apt/*"#)
        arguments += [suite, output, mirror]
        return arguments
    }

    /// `podman import --change …` values: a `PATH`, a UTF-8 locale, labels naming the recipe.
    public var importChanges: [String] {
        [
            "ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
            "ENV LANG=C.UTF-8",
            "LABEL \(ContainerLabels.baseImage)=\(runtime)",
            "LABEL \(ContainerLabels.baseRecipe)=\(tag)",
            "CMD [\"/bin/sh\"]",
        ]
    }
}
