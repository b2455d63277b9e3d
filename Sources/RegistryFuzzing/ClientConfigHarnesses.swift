import ClientSetup
import Foundation

/// Harnesses for the client-config editors. Whatever text they are given, an edit that
/// succeeds must leave a file the same editor reads back with the entry in it (install),
/// and a file it can still read (remove); installing twice changes nothing the second time.
enum ClientConfigHarnesses {
    /// The entry written: a name and values that need escaping in JSON and YAML.
    static let entry = StdioServerEntry(
        name: "mcp-registry",
        command: "/opt/mcp registry/bin/mcp-registry",
        args: ["serve", "--data-dir", "C:\\Users\\a \"b\"", "#not-a-comment", "- dash", "ü: colon"],
        env: ["MCP_REGISTRY_HOME": "/tmp/x y", "EMPTY": ""]
    )

    /// The first byte picks the JSON format (strict JSON, or JSONC with another servers key).
    static func jsoncEdit(_ data: Data) {
        let formats: [any ClientConfigFormat] = [ClaudeDesktopFormat(), VSCodeFormat(), ZedFormat()]
        let format = formats[Int(data.first ?? 0) % formats.count]
        edit(FuzzInput.text(data.dropFirst()), with: format)
    }

    static func continueYAMLEdit(_ data: Data) {
        edit(FuzzInput.text(data), with: ContinueFormat())
    }

    private static func edit(_ text: String, with format: any ClientConfigFormat) {
        let path = "fuzz-config"
        guard let installed = try? format.install(entry, into: text, path: path) else { return }
        let found: ConfiguredServer?
        do {
            found = try format.status(serverNamed: entry.name, in: installed, path: path)
        } catch {
            fatalError("\(format.name): the installed file does not read back: \(error)\n--- input\n\(text)\n--- output\n\(installed)")
        }
        guard let found, found.command == entry.command, found.args == entry.args else {
            fatalError("\(format.name): the installed file reads back as \(String(describing: found))\n--- input\n\(text)\n--- output\n\(installed)")
        }
        guard let again = try? format.install(entry, into: installed, path: path), again == installed else {
            fatalError("\(format.name): installing twice changed the file\n--- input\n\(text)\n--- output\n\(installed)")
        }
        do {
            let removed = try format.remove(serverNamed: entry.name, from: installed, path: path)
            _ = try format.status(serverNamed: entry.name, in: removed, path: path)
        } catch {
            fatalError("\(format.name): removing left a file that does not read: \(error)\n--- input\n\(text)\n--- output\n\(installed)")
        }
    }
}
