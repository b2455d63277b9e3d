import Foundation
import RegistryCore
import Yams

/// Continue's `config.yaml`, read with Yams (to validate it and to learn where each
/// `mcpServers` item is) and edited line by line, so that every line outside the one
/// list item the registry owns — comments, quoting, blank lines, key order — stays
/// exactly as the user wrote it. Re-serializing the YAML would lose all of that.
struct ContinueConfigDocument {
    /// One `mcpServers` list item and the lines it spans.
    struct Item {
        var name: String?
        var command: String?
        var args: [String]
        var env: [String: String]
        /// Index of the line with the item's `-`.
        var firstLine: Int
        /// Index of the item's last line that is neither blank nor a comment.
        var lastLine: Int
    }

    /// The `mcpServers:` key and its block.
    struct ServerList {
        var keyLine: Int
        /// The list is written `mcpServers: []` (or `mcpServers:` with nothing).
        var isEmptyInline: Bool
        var items: [Item]
        /// The items' indentation, when there are items.
        var itemIndent: String?
    }

    let path: String
    /// The text split at `\n` (a `\r` before it stays on the line).
    var lines: [String]
    let usesCRLF: Bool
    let hasRoot: Bool
    let servers: ServerList?

    init(text: String, path: String) throws(ClientConfigError) {
        self.path = path
        lines = text.splitAtLineFeeds()
        usesCRLF = text.contains("\r\n")
        // YAML (libyaml) also breaks lines at a lone CR, NEL, LS and PS; the editor works on
        // `\n` lines, so such a file would put YAML's line numbers and ours out of step.
        if Self.hasOtherLineBreak(text) {
            throw .unexpectedShape(path: path, message: "the file breaks lines with a carriage return alone (or NEL, LS, PS); save it with \\n or \\r\\n line endings to let the registry edit it")
        }
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            throw Self.syntaxError(error, path: path, text: text)
        } catch {
            throw .syntax(path: path, line: 1, column: 1, message: "\(error)")
        }
        hasRoot = root != nil
        guard let root else {
            servers = nil
            return
        }
        guard let mapping = root.mapping else {
            throw .unexpectedShape(path: path, message: "the top level is not a YAML mapping")
        }
        guard let pair = mapping.first(where: { $0.key.string == "mcpServers" }) else {
            servers = nil
            return
        }
        guard let keyMark = pair.key.mark, keyMark.column == 1, keyMark.line - 1 < lines.count else {
            throw .unexpectedShape(path: path, message: "the mcpServers key is not at the start of a line")
        }
        let keyLine = keyMark.line - 1
        if pair.value.null != nil {
            servers = ServerList(keyLine: keyLine, isEmptyInline: true, items: [], itemIndent: nil)
            return
        }
        guard let sequence = pair.value.sequence else {
            throw .unexpectedShape(path: path, message: "mcpServers is not a list")
        }
        if sequence.isEmpty {
            servers = ServerList(keyLine: keyLine, isEmptyInline: true, items: [], itemIndent: nil)
            return
        }
        let afterKey = lines[keyLine].drop(while: { $0 != ":" }).dropFirst().drop(while: { $0 == " " })
        if sequence.style == .flow || afterKey.hasPrefix("[") {
            throw .unexpectedShape(path: path, message: "mcpServers is written as a flow list ([…]); make it a block list (one '- name: …' item a line) to let the registry edit it")
        }
        var items: [Item] = []
        var itemIndent: String?
        for node in sequence {
            guard let mark = node.mark else { throw .unexpectedShape(path: path, message: "cannot locate an mcpServers item") }
            var dashLine = min(mark.line - 1, lines.count - 1)
            while dashLine > keyLine, !lines[dashLine].drop(while: { $0 == " " }).hasPrefix("-") { dashLine -= 1 }
            guard dashLine > keyLine else { throw .unexpectedShape(path: path, message: "cannot locate an mcpServers item") }
            let indent = String(lines[dashLine].prefix(while: { $0 == " " }))
            if itemIndent == nil { itemIndent = indent }
            var env: [String: String] = [:]
            for member in node["env"]?.mapping ?? [:] {
                if let key = member.key.string, let value = member.value.string { env[key] = value }
            }
            items.append(Item(
                name: node["name"]?.string,
                command: node["command"]?.string,
                args: node["args"]?.sequence?.compactMap(\.string) ?? [],
                env: env,
                firstLine: dashLine,
                lastLine: dashLine
            ))
        }
        let blockEnd = Self.blockEnd(lines: lines, after: keyLine, itemIndent: itemIndent?.count ?? 1)
        for index in items.indices {
            let limit = index + 1 < items.count ? items[index + 1].firstLine : blockEnd
            var last = limit - 1
            while last > items[index].firstLine, Self.isBlankOrComment(lines[last]) { last -= 1 }
            items[index].lastLine = last
        }
        servers = ServerList(keyLine: keyLine, isEmptyInline: false, items: items, itemIndent: itemIndent)
    }

    /// The index of the first line after the `mcpServers` block.
    static func blockEnd(lines: [String], after keyLine: Int, itemIndent: Int) -> Int {
        var index = keyLine + 1
        while index < lines.count {
            let line = lines[index]
            if !isBlankOrComment(line) {
                let indent = line.prefix(while: { $0 == " " }).count
                let isDash = line.dropFirst(indent).hasPrefix("-") && !line.dropFirst(indent).hasPrefix("---")
                if indent < itemIndent || (indent == itemIndent && !isDash) { return index }
            }
            index += 1
        }
        return index
    }

    static func isBlankOrComment(_ line: String) -> Bool {
        let trimmed = line.drop(while: { $0 == " " || $0 == "\t" || $0 == "\r" })
        return trimmed.isEmpty || trimmed.hasPrefix("#")
    }

    /// The item named `name`, if any.
    func item(named name: String) -> Item? {
        servers?.items.first(where: { $0.name == name })
    }

    /// The text from the (edited) lines.
    var text: String { lines.joined(separator: "\n") }

    /// The item's lines, indented by `indent`.
    func renderedLines(_ entry: StdioServerEntry, indent: String) -> [String] {
        let inner = indent + "  "
        var result = [indent + "- name: " + Self.scalar(entry.name), inner + "command: " + Self.scalar(entry.command)]
        if entry.args.isEmpty {
            result.append(inner + "args: []")
        } else {
            result.append(inner + "args:")
            result += entry.args.map { inner + "  - " + Self.scalar($0) }
        }
        if !entry.env.isEmpty {
            result.append(inner + "env:")
            result += entry.env.keys.sorted().map { inner + "  " + Self.scalar($0) + ": " + Self.scalar(entry.env[$0]!) }
        }
        return usesCRLF ? result.map { $0 + "\r" } : result
    }

    /// A YAML scalar: plain when it is unambiguous, else double-quoted (JSON escapes are valid YAML).
    static func scalar(_ value: String) -> String {
        let reserved: Set<String> = ["true", "false", "yes", "no", "on", "off", "null", "y", "n", "~"]
        let safe = value.unicodeScalars.allSatisfy { CharacterSet.alphanumerics.contains($0) || "_./@+=-".unicodeScalars.contains($0) }
        if !value.isEmpty, safe, let first = value.unicodeScalars.first, CharacterSet.letters.contains(first) || first == "/" || first == "_",
            !reserved.contains(value.lowercased())
        {
            return value
        }
        return ConfigValue.quoted(value)
    }

    private static func syntaxError(_ error: YamlError, path: String, text: String) -> ClientConfigError {
        switch error {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
            .composer(let context, let problem, let mark, _):
            let message = context.map { "\($0.text): \(problem)" } ?? problem
            return .syntax(path: path, line: mark.line, column: mark.column, message: message)
        case .reader(let problem, let offset, _, _):
            let (line, column) = TextPosition.lineAndColumn(of: offset ?? 0, in: Array(text.utf8))
            return .syntax(path: path, line: line, column: column, message: problem)
        default:
            return .syntax(path: path, line: 1, column: 1, message: "\(error)")
        }
    }
}

extension ContinueConfigDocument {
    /// Whether `text` breaks a line other than with `\n` or `\r\n`: a `\r` not followed by
    /// `\n`, or U+0085, U+2028, U+2029 (line breaks in YAML 1.1, which libyaml follows).
    static func hasOtherLineBreak(_ text: String) -> Bool {
        var previousWasCR = false
        for scalar in text.unicodeScalars {
            if previousWasCR, scalar != "\n" { return true }
            previousWasCR = scalar == "\r"
            if scalar == "\u{85}" || scalar == "\u{2028}" || scalar == "\u{2029}" { return true }
        }
        return previousWasCR
    }
}
