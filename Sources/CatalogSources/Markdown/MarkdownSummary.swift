import Foundation
import RegistryCore

/// Pulls a one-paragraph summary and a documentation link out of a README.
enum MarkdownSummary {
    /// The first paragraph of prose, as plain text: headings (ATX `#` and setext, a line
    /// underlined with `===` or `---`), badges, images, HTML blocks, code fences, tables,
    /// lists and bare link lines (`Docs: https://…`) are skipped; inline markdown is flattened
    /// by `MarkdownText.plain` (`[text](url)` → `text`, `**b**` → `b`, inline HTML tags and
    /// images dropped, entities decoded) and emoji shortcodes (`:rocket:`) are removed. A
    /// paragraph that is empty once flattened (a row of badges) is passed over. Empty when
    /// there is no prose.
    static func firstParagraph(_ markdown: String) -> String {
        var paragraph: [String] = []
        var inFence = false
        var inComment = false
        for rawLine in markdown.splitAtLineFeeds() {
            let line = rawLine.trimmingCharacters(in: .whitespacesAndNewlines)
            if line.hasPrefix("```") || line.hasPrefix("~~~") {
                inFence.toggle()
                if let text = prose(paragraph) { return text }
                paragraph.removeAll()
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
            if isSetextUnderline(line), !paragraph.isEmpty {
                paragraph.removeAll() // the lines above were a heading
                continue
            }
            if line.isEmpty || isDecoration(line) {
                if let text = prose(paragraph) { return text }
                paragraph.removeAll()
                continue
            }
            paragraph.append(line)
        }
        return prose(paragraph) ?? ""
    }

    /// The lines of a paragraph as plain text, or `nil` when nothing readable is left.
    private static func prose(_ lines: [String]) -> String? {
        guard !lines.isEmpty else { return nil }
        let text = flatten(lines.joined(separator: " "))
        return text.contains(where: { $0.isLetter || $0.isNumber }) ? text : nil
    }

    /// `===` or `---` under a line of text (a setext heading).
    private static func isSetextUnderline(_ line: String) -> Bool {
        guard let first = line.first, first == "=" || first == "-" else { return false }
        return line.allSatisfy { $0 == first }
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

    /// Flattens inline markdown to plain text (`MarkdownText.plain`, then emoji shortcodes,
    /// single-`*` emphasis and code ticks removed and white space collapsed).
    static func flatten(_ text: String) -> String {
        let plain = withoutShortcodes(MarkdownText.plain(text))
        var out = ""
        out.reserveCapacity(plain.count)
        var index = plain.startIndex
        while index < plain.endIndex {
            let character = plain[index]
            // Single `*` emphasis and code ticks; `_` only where it opens or closes emphasis.
            if character == "*" || character == "`" || (character == "_" && isEmphasisUnderscore(plain, index)) {
                index = plain.index(after: index)
                continue
            }
            out.append(character)
            index = plain.index(after: index)
        }
        return out.split(whereSeparator: { $0 == " " || $0 == "\t" }).joined(separator: " ")
    }

    /// Removes GitHub emoji shortcodes (`:rocket:`, `:white_check_mark:`, `:+1:`): a colon, lower-case
    /// letters, digits, `_`, `+` or `-` with at least one letter, a colon, standing as a word of
    /// its own (so `10:30:00`, `a:b:c` and `http://x` are left alone).
    static func withoutShortcodes(_ text: String) -> String {
        guard text.contains(":") else { return text }
        let characters = Array(text)
        var out = ""
        out.reserveCapacity(text.count)
        var i = 0
        while i < characters.count {
            if characters[i] == ":", i == 0 || characters[i - 1].isWhitespace || characters[i - 1] == "(" {
                var j = i + 1
                var letter = false
                while j < characters.count, j - i <= 40, let ascii = characters[j].asciiValue,
                      (ascii >= 0x61 && ascii <= 0x7A) || (ascii >= 0x30 && ascii <= 0x39) || ascii == 0x5F || ascii == 0x2B || ascii == 0x2D
                {
                    if ascii >= 0x61 && ascii <= 0x7A { letter = true }
                    j += 1
                }
                let afterOK = j + 1 >= characters.count || characters[j + 1].isWhitespace || ".,;!?)".contains(characters[j + 1])
                let code = j < characters.count ? String(characters[(i + 1)..<j]) : ""
                if letter || code == "+1" || code == "-1", j > i + 1, j < characters.count, characters[j] == ":", afterOK {
                    // `word :tada:, more` → `word, more`
                    if j + 1 < characters.count, ".,;!?)".contains(characters[j + 1]), out.last == " " { out.removeLast() }
                    i = j + 1
                    continue
                }
            }
            out.append(characters[i])
            i += 1
        }
        return out
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
