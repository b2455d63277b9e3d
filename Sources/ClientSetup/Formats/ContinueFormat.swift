import Foundation
import RegistryCore

/// Continue: `~/.continue/config.yaml`, where `mcpServers:` is a YAML list of
/// `{name, command, args}` items. Edited line by line (see `ContinueConfigDocument`)
/// so the user's comments and formatting survive; each result is parsed back to
/// check it holds exactly the intended entry before it is returned.
public struct ContinueFormat: ClientConfigFormat {
    public let name = "continue"
    public let displayName = "Continue"

    public init() {}

    public func configPath(in locations: ClientLocations) -> URL {
        locations.inHome(".continue/config.yaml")
    }

    public func install(_ entry: StdioServerEntry, into text: String, path: String) throws(ClientConfigError) -> String {
        var document = try ContinueConfigDocument(text: text, path: path)
        if let list = document.servers {
            if let index = list.items.firstIndex(where: { $0.name == entry.name }) {
                let item = list.items[index]
                if item.command == entry.command, item.args == entry.args, item.env == entry.env { return text }
                let indent = String(document.lines[item.firstLine].prefix(while: { $0 == " " }))
                document.lines.replaceSubrange(item.firstLine...item.lastLine, with: document.renderedLines(entry, indent: indent))
            } else {
                let indent = list.itemIndent ?? "  "
                let at = list.items.last.map { $0.lastLine + 1 } ?? list.keyLine + 1
                document.lines.insert(contentsOf: document.renderedLines(entry, indent: indent), at: at)
                if list.items.isEmpty, Self.hasInlineValue(document.lines[list.keyLine]) {
                    document.lines[list.keyLine] = "mcpServers:" + (document.usesCRLF ? "\r" : "")
                }
            }
        } else {
            var block = ["mcpServers:"]
            if !document.hasRoot { block = ["name: Local Config", "version: 1.0.0", "schema: v1"] + block }
            if document.usesCRLF { block = block.map { $0 + "\r" } }
            block += document.renderedLines(entry, indent: "  ")
            var prefix = text
            if !prefix.isEmpty, !prefix.hasSuffix("\n") { prefix += document.usesCRLF ? "\r\n" : "\n" }
            document.lines = (prefix + block.joined(separator: "\n") + "\n")
                .splitAtLineFeeds()
        }
        let result = document.text
        let check = try? ContinueConfigDocument(text: result, path: path).item(named: entry.name)
        guard let check, check.command == entry.command, check.args == entry.args, check.env == entry.env else {
            throw .unexpectedShape(path: path, message: "could not add the entry to mcpServers safely; add it by hand:\n\(snippet(for: entry))")
        }
        return result
    }

    public func remove(serverNamed serverName: String, from text: String, path: String) throws(ClientConfigError) -> String {
        var document = try ContinueConfigDocument(text: text, path: path)
        guard let list = document.servers, let item = list.items.first(where: { $0.name == serverName }) else { return text }
        document.lines.removeSubrange(item.firstLine...item.lastLine)
        if list.items.count == 1 {
            let end = ContinueConfigDocument.blockEnd(lines: document.lines, after: list.keyLine, itemIndent: 1)
            let rest = document.lines[(list.keyLine + 1)..<end]
            if rest.allSatisfy({ $0.trimmingCharacters(in: .whitespaces).isEmpty || $0 == "\r" }) {
                document.lines.remove(at: list.keyLine)
            } else {
                document.lines[list.keyLine] = "mcpServers: []" + (document.usesCRLF ? "\r" : "")
            }
        }
        return document.text
    }

    public func status(serverNamed serverName: String, in text: String, path: String) throws(ClientConfigError) -> ConfiguredServer? {
        let document = try ContinueConfigDocument(text: text, path: path)
        guard let item = document.item(named: serverName) else { return nil }
        return ConfiguredServer(name: serverName, command: item.command, args: item.args)
    }

    public func snippet(for entry: StdioServerEntry) -> String {
        let document = try? ContinueConfigDocument(text: "", path: "")
        return (["mcpServers:"] + (document?.renderedLines(entry, indent: "  ") ?? [])).joined(separator: "\n")
    }

    /// Whether the key line carries a value (`mcpServers: []`, `mcpServers: ~`) rather than opening a block.
    private static func hasInlineValue(_ line: String) -> Bool {
        guard let colon = line.firstIndex(of: ":") else { return false }
        let rest = line[line.index(after: colon)...].trimmingCharacters(in: .whitespacesAndNewlines)
        return !rest.isEmpty && !rest.hasPrefix("#")
    }
}
