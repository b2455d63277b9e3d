extension LaunchBlocker.Reason {
    /// A package type the registry has no runtime for (`nuget`, `mcpb`, `smithery`…);
    /// `detail` is the type.
    public static let unsupportedPackageType = LaunchBlocker.Reason("unsupported-package-type")
    /// A transport the launch kind cannot use (an `oci` image serving HTTP, Docker `poci`
    /// tool containers); `detail` is the transport.
    public static let unsupportedTransport = LaunchBlocker.Reason("unsupported-transport")
    /// A `podman run` option the hardening profile never allows (`RuntimeOptionRules`);
    /// `detail` is the option's name (`--network`, `--privileged`).
    public static let runtimeOptionRefused = LaunchBlocker.Reason("runtime-option-refused")
    /// A file package (`mcpb`) without the SHA-256 of its file, so its download cannot be
    /// verified.
    public static let missingDigest = LaunchBlocker.Reason("missing-digest")
}

extension LaunchBlocker {
    static func unsupportedTransport(_ transport: String, field: String) -> LaunchBlocker {
        LaunchBlocker(.unsupportedTransport, field: field, detail: safeDetail(transport.lowercased()))
    }

    /// A refused runtime option: `detail` is the option's name (`--network host` → `--network`).
    static func runtimeOption(_ written: String, field: String) -> LaunchBlocker {
        let name = String(written.split(separator: " ").first ?? "").split(separator: "=").first.map(String.init) ?? ""
        return LaunchBlocker(.runtimeOptionRefused, field: field, detail: safeDetail(name))
    }

    /// The catalog's own text as a detail only when it is a short plain token (it is
    /// untrusted: `[A-Za-z0-9._-]`, at most 40 characters), else `nil`.
    static func safeDetail(_ text: String) -> String? {
        guard !text.isEmpty, text.count <= 40,
              text.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "._-".contains($0)) }) else { return nil }
        return text
    }
}

extension CatalogEntry {
    /// Everything that keeps the entry from starting: what the parser found
    /// (`launchBlockers`) and what its launch spec says (`LaunchSpec.notLaunchableReason`).
    /// Empty for a launchable entry and for a bare link.
    public var allLaunchBlockers: [LaunchBlocker] {
        launchBlockers + (launch.notLaunchableReason.map { [$0] } ?? [])
    }
}
