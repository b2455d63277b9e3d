import RegistryCore

/// A `podman run --mount` value from a definition (`type=bind,src={source_path},dst=/project`),
/// turned into the `src:dst[:ro]` spec that `VolumePolicy` checks, so a bind mount is held
/// to exactly the rules of a `-v` volume (allowed roots, forbidden paths, absolute paths).
///
/// Values substituted into it may not hold `,` (they would add mount options: the `,`
/// injection `src=/ok,src=/etc`), `:` or a NUL byte, nor start with `-`.
enum MountOption {
    /// The `-v` spec, or `nil` when the mount's source is an optional value left unset.
    /// - Throws: `ContainerPlanError.volumeRefused` for a malformed mount, an injected
    ///   value or a type other than `bind` and `volume`.
    static func volumeSpec(_ text: String, lookup: ConfigLookup) throws -> String? {
        let template = ConfigTemplate(text)
        let rendered = try template.evaluate(lookup) { value in
            if value.hasPrefix("-") { throw ContainerPlanError.flagSmuggling(field: "--mount", value: value) }
            if value.contains(",") || value.contains("\0") || value.contains(":") {
                throw ContainerPlanError.volumeRefused(volume: value, reason: "a mount value may not contain ',', ':' or NUL")
            }
        }.text
        var fields: [String: String] = [:]
        var readOnly = false
        for field in rendered.split(separator: ",", omittingEmptySubsequences: false) {
            let pair = field.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
            let key = pair[0].lowercased()
            let value = pair.count == 2 ? pair[1] : nil
            switch key {
            case "type", "src", "source", "dst", "destination", "target":
                guard let value, fields[normalized(key)] == nil else {
                    throw ContainerPlanError.volumeRefused(volume: rendered, reason: "\(key) is missing its value or given twice")
                }
                fields[normalized(key)] = value
            case "ro", "readonly":
                readOnly = value == nil || ["true", "1"].contains(value!.lowercased())
            default:
                throw ContainerPlanError.volumeRefused(volume: rendered, reason: "the mount option \(pair[0]) is not allowed")
            }
        }
        let type = fields["type"]?.lowercased() ?? "volume"
        guard type == "bind" || type == "volume" else {
            throw ContainerPlanError.volumeRefused(volume: rendered, reason: "only bind and volume mounts are allowed")
        }
        guard let target = fields["dst"], !target.isEmpty else {
            throw ContainerPlanError.volumeRefused(volume: rendered, reason: "the mount has no destination")
        }
        guard let source = fields["src"], !source.isEmpty else {
            if template.isTemplated { return nil }
            throw ContainerPlanError.volumeRefused(volume: rendered, reason: "the mount has no source")
        }
        if type == "bind", !(source.hasPrefix("/") || HomeDirectory.isHomeRelative(source)) {
            throw ContainerPlanError.volumeRefused(volume: rendered, reason: "a bind mount's source must be an absolute host path")
        }
        return "\(source):\(target)" + (readOnly ? ":ro" : "")
    }

    private static func normalized(_ key: String) -> String {
        switch key {
        case "source": "src"
        case "destination", "target": "dst"
        default: key
        }
    }
}
