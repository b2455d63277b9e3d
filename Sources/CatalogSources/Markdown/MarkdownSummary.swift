import Foundation
import RegistryCore

/// Pulls a one-paragraph summary and a documentation link out of a README.
enum MarkdownSummary {
    /// The first paragraph of prose: headings, badges, images, HTML, code fences, tables,
    /// lists and bare link lines (`Docs: https://…`) are skipped; inline markdown is flattened
    /// (`[text](url)` → `text`, `**b**` → `b`). Empty when there is none.
    static func firstParagraph(_ markdown: String) -> String {
        var paragraph: [String] = []
        var inFence = false
        var inComment = false
        for rawLine in markdown.splitAtLineFeeds() {
            let line = rawLine.trimmingCharacters(in: .whitespacesAndNewlines)
            if line.hasPrefix("```") || line.hasPrefix("~~~") {
                inFence.toggle()
                if !paragraph.isEmpty { break }
                continue
            }
            if inFence { continue }
            if inComment {
                if line.contains("-->") { inComment = false }
                continue
            }
            if line.hasPrefix("<!--") {
                if !line.contains("-->") { inComment = true }
                continue
            }
            if line.isEmpty {
                if !paragraph.isEmpty { break }
                continue
            }
            if isDecoration(line) {
                if !paragraph.isEmpty { break }
                continue
            }
            paragraph.append(line)
        }
        return flatten(paragraph.joined(separator: " "))
    }

    /// The URL of a `Docs: https://…` line, the form Docker's registry uses for remote servers.
    static func docsLink(_ markdown: String) -> String? {
        for rawLine in markdown.splitAtLineFeeds() {
            let line = rawLine.trimmingCharacters(in: .whitespacesAndNewlines)
            guard line.lowercased().hasPrefix("docs:") else { continue }
            let rest = line.dropFirst(5).trimmingCharacters(in: .whitespaces)
            if rest.hasPrefix("http://") || rest.hasPrefix("https://"), !rest.contains(" ") { return rest }
        }
        return nil
    }

    /// Lines that are not prose.
    private static func isDecoration(_ line: String) -> Bool {
        if line.hasPrefix("#") || line.hasPrefix("|") || line.hasPrefix(">") || line.hasPrefix("<") { return true }
        if line.hasPrefix("- ") || line.hasPrefix("* ") || line.hasPrefix("+ ") { return true }
        if line.hasPrefix("![") || line.hasPrefix("[![") { return true }
        if line.allSatisfy({ "-=*_ ".contains($0) }) { return true }
        if let first = line.first, first.isNumber, line.contains(". ") {
            let prefix = line.prefix(while: \.isNumber)
            if line.dropFirst(prefix.count).hasPrefix(". ") { return true }
        }
        // A line that is only a link or a `Label: URL` pair.
        let words = line.split(separator: " ")
        if words.count <= 2, let last = words.last, last.hasPrefix("http://") || last.hasPrefix("https://") { return true }
        if line.hasPrefix("["), let (_, end) = link(in: line, at: line.startIndex), end == line.endIndex { return true }
        return false
    }

    /// Flattens inline markdown to plain text.
    static func flatten(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.count)
        var index = text.startIndex
        while index < text.endIndex {
            let character = text[index]
            if character == "!" , text.index(after: index) < text.endIndex, text[text.index(after: index)] == "[" ,
               let (_, end) = link(in: text, at: text.index(after: index))
            {
                index = end // images vanish
                continue
            }
            if character == "[", let (label, end) = link(in: text, at: index) {
                out += flatten(label)
                index = end
                continue
            }
            if character == "*" || character == "`" || (character == "_" && isEmphasisUnderscore(text, index)) {
                index = text.index(after: index)
                continue
            }
            out.append(character)
            index = text.index(after: index)
        }
        return out.split(whereSeparator: { $0 == " " || $0 == "\t" }).joined(separator: " ")
    }

    /// `[label](url)` at `start` (which holds `[`): the label and the index after `)`.
    private static func link(in text: String, at start: String.Index) -> (String, String.Index)? {
        guard let close = text[start...].firstIndex(of: "]") else { return nil }
        let afterClose = text.index(after: close)
        guard afterClose < text.endIndex, text[afterClose] == "(",
              let end = text[afterClose...].firstIndex(of: ")") else { return nil }
        return (String(text[text.index(after: start)..<close]), text.index(after: end))
    }

    /// `_` that opens or closes emphasis (next to a space or the ends), not inside `snake_case`.
    private static func isEmphasisUnderscore(_ text: String, _ index: String.Index) -> Bool {
        let before = index > text.startIndex ? text[text.index(before: index)] : " "
        let afterIndex = text.index(after: index)
        let after = afterIndex < text.endIndex ? text[afterIndex] : " "
        return !(before.isLetter || before.isNumber) || !(after.isLetter || after.isNumber)
    }
}
