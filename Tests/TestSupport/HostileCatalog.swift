import Foundation

/// Writes a hostile catalog: what an untrusted repository or folder could hold to read files
/// outside it, smuggle names into ids, images into `podman` argv, or stall a refresh.
///
/// Layout (under `catalog`, with a canary folder `outside` beside it that must never be read):
/// - `servers/<name>/server.yaml`: Docker definitions, two valid, the rest hostile;
/// - `servers/<name>.json`: official `server.json` definitions, one valid, the rest hostile.
///
/// Every hostile kind is listed in `expectations`: a valid entry must load; an entry with an
/// invalid image must load *not launchable*; every other hostile definition must not load.
public struct HostileCatalog {
    /// The folder holding `catalog/` and `outside/`.
    public let root: URL
    /// The catalog itself (what a source reads).
    public let catalog: URL
    /// The canary folder outside the catalog.
    public let outside: URL
    /// A token written into every canary file; it must never appear in any output.
    public let canary: String

    /// Ids (lower-cased, without the source prefix) that must load and be launchable.
    public static let validDockerNames = ["valid-one", "valid-two"]
    public static let validServerJSONNames = ["io.github.good/weather"]
    /// Names that must load, but not launchable (invalid image references).
    public static let invalidImageDockerNames = ["semicolon-image", "flag-image", "volume-image"]
    public static let invalidImageServerJSONNames = ["io.github.evil/bad-image"]
    /// Names that a canary definition or a hostile definition carries; none may load.
    public static let forbiddenNames = [
        "canary-entry", "io.github.canary/leak", "../../../../tmp/x", "--privileged", "$(touch x)",
        "io.github.evil/../../../etc/passwd", "evil\u{1b}[31m", "bomb", "huge", "deep", "io.github.evil/deep",
    ]

    /// - Parameter oversizedBytes: the size of the over-large description file (30 MB in the
    ///   issue's example; tests use less).
    public init(in parent: URL? = nil, oversizedBytes: Int = 2 * 1024 * 1024) throws {
        root = (parent ?? FileManager.default.temporaryDirectory).appendingPathComponent("trust-hostile-\(UUID().uuidString)", isDirectory: true)
        catalog = root.appendingPathComponent("catalog", isDirectory: true)
        outside = root.appendingPathComponent("outside", isDirectory: true)
        canary = "CANARY-\(UUID().uuidString)"
        try FileManager.default.createDirectory(at: catalog.appendingPathComponent("servers"), withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: outside.appendingPathComponent("folder"), withIntermediateDirectories: true)
        try writeCanaries()
        try writeDocker(oversizedBytes: oversizedBytes)
        try writeServerJSON()
    }

    /// Adds `count` more alias-bomb definitions (`servers/bomb-<n>/server.yaml`): the issue's
    /// "ten such files in a repository".
    public func addAliasBombs(_ count: Int) throws {
        let bomb = try String(contentsOf: catalog.appendingPathComponent("servers/bomb/server.yaml"), encoding: .utf8)
        for index in 0..<count {
            try write(bomb.replacingOccurrences(of: "name: bomb", with: "name: bomb-\(index)"),
                      to: catalog.appendingPathComponent("servers/bomb-\(index)/server.yaml"))
        }
    }

    public func remove() {
        try? FileManager.default.removeItem(at: root)
    }

    // MARK: - Canaries (outside the catalog)

    private func writeCanaries() throws {
        try write("secret key \(canary)\n", to: outside.appendingPathComponent("id_ed25519"))
        try write("name: canary-entry\nimage: mcp/canary\nabout:\n  description: \(canary)\n", to: outside.appendingPathComponent("server.yaml"))
        try write("name: canary-entry\nimage: mcp/canary\nabout:\n  description: \(canary)\n", to: outside.appendingPathComponent("folder/server.yaml"))
        try write(#"{"name": "io.github.canary/leak", "description": "\#(canary)"}"#, to: outside.appendingPathComponent("server.json"))
    }

    // MARK: - Docker definitions

    private func writeDocker(oversizedBytes: Int) throws {
        func server(_ folder: String, _ yaml: String) throws {
            try write(yaml, to: catalog.appendingPathComponent("servers/\(folder)/server.yaml"))
        }
        // Valid ones, beside everything else.
        try server("valid-one", "name: valid-one\nimage: mcp/valid-one:1.0\nabout:\n  description: A valid server.\n")
        try server("valid-two", "name: valid-two\nimage: ghcr.io/example/valid-two@sha256:\(String(repeating: "a", count: 64))\nabout:\n  description: Another valid server.\n")

        // A readme that is a link to a secret (absolute) and to a canary (relative): the entry
        // loads, the link is refused.
        try server("leaky-readme", "name: leaky-readme\nimage: mcp/leaky-readme\n")
        try link(catalog.appendingPathComponent("servers/leaky-readme/readme.md"), to: outside.appendingPathComponent("id_ed25519").path)
        try server("leaky-tools", "name: leaky-tools\nimage: mcp/leaky-tools\n")
        try link(catalog.appendingPathComponent("servers/leaky-tools/tools.json"), to: "../../../outside/id_ed25519")

        // server.yaml itself a link out (relative), and a whole folder linked out (absolute).
        try FileManager.default.createDirectory(at: catalog.appendingPathComponent("servers/linked-yaml"), withIntermediateDirectories: true)
        try link(catalog.appendingPathComponent("servers/linked-yaml/server.yaml"), to: "../../../outside/server.yaml")
        try link(catalog.appendingPathComponent("servers/linked-folder"), to: outside.appendingPathComponent("folder").path)

        // Names that would become paths, flags, shell or terminal escapes.
        try server("traversal", "name: ../../../../tmp/x\nimage: mcp/traversal\n")
        try server("flaglike", "name: --privileged\nimage: mcp/flaglike\n")
        try server("subst", "name: $(touch x)\nimage: mcp/subst\n")
        try server("escape", "name: \"evil\\e[31m\"\nimage: mcp/escape\n")

        // Invalid image references: the entry loads, not launchable.
        try server("semicolon-image", "name: semicolon-image\nimage: \"mcp/x;touch y\"\n")
        try server("flag-image", "name: flag-image\nimage: \"--privileged\"\n")
        try server("volume-image", "name: volume-image\nimage: \"-v/:/host\"\n")

        // Bounded parsing: a billion-laughs alias bomb, an over-large file, deep nesting,
        // invalid UTF-8, an empty file.
        var bomb = "name: bomb\nimage: mcp/bomb\na0: &a0 [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n"
        for level in 1...9 {
            bomb += "a\(level): &a\(level) [" + Array(repeating: "*a\(level - 1)", count: 10).joined(separator: ",") + "]\n"
        }
        bomb += "config:\n  parameters: *a9\n"
        try server("bomb", bomb)
        let filler = String(repeating: "x", count: oversizedBytes)
        try server("huge", "name: huge\nimage: mcp/huge\nabout:\n  description: \(filler)\n")
        try server("deep", "name: deep\nimage: mcp/deep\nconfig:\n  parameters: " + String(repeating: "[", count: 200) + String(repeating: "]", count: 200) + "\n")
        try Data([0x6E, 0x61, 0x6D, 0x65, 0x3A, 0x20, 0xFF, 0xFE, 0xC3, 0x28, 0x0A]).write(to: catalog.appendingPathComponent("servers/not-utf8/server.yaml").creatingParent())
        try Data().write(to: catalog.appendingPathComponent("servers/empty/server.yaml").creatingParent())
    }

    // MARK: - server.json definitions

    private func writeServerJSON() throws {
        func json(_ file: String, _ text: String) throws {
            try write(text, to: catalog.appendingPathComponent("servers/\(file)"))
        }
        try json("good.json", #"{"name": "io.github.good/weather", "description": "Weather.", "packages": [{"registryType": "oci", "identifier": "ghcr.io/good/weather:1.0", "transport": {"type": "stdio"}}]}"#)
        try json("traversal.json", #"{"name": "io.github.evil/../../../etc/passwd", "packages": [{"registryType": "oci", "identifier": "ghcr.io/evil/x:1"}]}"#)
        try json("flaglike.json", #"{"name": "--privileged", "packages": [{"registryType": "oci", "identifier": "ghcr.io/evil/x:1"}]}"#)
        try json("subst.json", #"{"name": "io.github.evil/$(touch x)"}"#)
        try json("bad-image.json", #"{"name": "io.github.evil/bad-image", "packages": [{"registryType": "oci", "identifier": "mcp/x;touch y", "transport": {"type": "stdio"}}]}"#)
        try json("deep.json", #"{"name": "io.github.evil/deep", "x": "# + String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000) + "}")
        try link(catalog.appendingPathComponent("servers/linked.json"), to: outside.appendingPathComponent("server.json").path)
        try Data([0x7B, 0x22, 0x6E, 0x22, 0x3A, 0x22, 0xFF, 0xFE, 0x22, 0x7D]).write(to: catalog.appendingPathComponent("servers/not-utf8.json"))
        try Data().write(to: catalog.appendingPathComponent("servers/empty.json"))
    }

    // MARK: - Helpers

    private func write(_ text: String, to file: URL) throws {
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try text.write(to: file, atomically: false, encoding: .utf8)
    }

    private func link(_ file: URL, to target: String) throws {
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: file.path, withDestinationPath: target)
    }
}

private extension URL {
    /// The URL, after creating its parent folder.
    func creatingParent() throws -> URL {
        try FileManager.default.createDirectory(at: deletingLastPathComponent(), withIntermediateDirectories: true)
        return self
    }
}
