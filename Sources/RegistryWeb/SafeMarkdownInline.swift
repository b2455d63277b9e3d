import Foundation

/// Inline Markdown (code spans, links, autolinks, images as links, emphasis, strong, hard
/// line breaks as spaces) rendered with every character escaped; see `SafeMarkdown`.
enum SafeMarkdownInline {
    /// Emphasis nests at most this deep (hostile input cannot exhaust the stack).
    static let maxDepth = 6

    static func render(_ text: String) -> String {
        render(Array(text), depth: 0)
    }

    static func render(_ characters: [Character], depth: Int) -> String {
        var output = ""
        var index = 0
        var plain = ""
        func flush() {
            output += HTMLEscaping.escape(plain)
            plain = ""
        }
        while index < characters.count {
            let character = characters[index]
            if character == "\\", index + 1 < characters.count, characters[index + 1].isPunctuation || characters[index + 1].isSymbol {
                plain.append(characters[index + 1])
                index += 2
                continue
            }
            if character == "`", let (code, end) = codeSpan(characters, at: index) {
                flush()
                output += "<code>" + HTMLEscaping.escape(code) + "</code>"
                index = end
                continue
            }
            let isImage = character == "!" && index + 1 < characters.count && characters[index + 1] == "["
            if character == "[" || isImage, let link = link(characters, at: isImage ? index + 1 : index) {
                flush()
                let label = isImage ? HTMLEscaping.escape(String(link.label)) : render(link.label, depth: depth + 1)
                if let href = HTMLEscaping.safeLink(link.destination) {
                    output += "<a href=\"\(HTMLEscaping.escape(href))\" rel=\"nofollow noopener noreferrer\">\(label.isEmpty ? HTMLEscaping.escape(href) : label)</a>"
                } else {
                    output += label
                }
                index = link.end
                continue
            }
            if character == "<", let (url, end) = autolink(characters, at: index) {
                flush()
                output += "<a href=\"\(HTMLEscaping.escape(url))\" rel=\"nofollow noopener noreferrer\">\(HTMLEscaping.escape(url))</a>"
                index = end
                continue
            }
            if (character == "*" || character == "_"), depth < maxDepth, let (inner, strong, end) = emphasis(characters, at: index) {
                flush()
                let tag = strong ? "strong" : "em"
                output += "<\(tag)>" + render(inner, depth: depth + 1) + "</\(tag)>"
                index = end
                continue
            }
            plain.append(character == "\n" ? " " : character)
            index += 1
        }
        flush()
        return output
    }

    /// A code span opened by a run of backticks at `start`, closed by a run of the same length.
    static func codeSpan(_ characters: [Character], at start: Int) -> (String, Int)? {
        var run = 0
        while start + run < characters.count, characters[start + run] == "`" { run += 1 }
        var index = start + run
        while index < characters.count {
            if characters[index] == "`" {
                var closing = 0
                while index + closing < characters.count, characters[index + closing] == "`" { closing += 1 }
                if closing == run {
                    let code = String(characters[(start + run)..<index]).replacingOccurrences(of: "\n", with: " ")
                    return (code.count > 1 && code.hasPrefix(" ") && code.hasSuffix(" ") ? String(code.dropFirst().dropLast()) : code, index + closing)
                }
                index += closing
            } else {
                index += 1
            }
        }
        return nil
    }

    struct Link {
        var label: [Character]
        var destination: String
        var end: Int
    }

    /// `[label](destination "title")` starting at the `[`; the title is dropped.
    static func link(_ characters: [Character], at start: Int) -> Link? {
        var depth = 0
        var index = start
        var labelEnd: Int?
        while index < characters.count {
            switch characters[index] {
            case "\\": index += 1
            case "[": depth += 1
            case "]":
                depth -= 1
                if depth == 0 { labelEnd = index }
            default: break
            }
            if labelEnd != nil { break }
            index += 1
        }
        guard let labelEnd, labelEnd + 1 < characters.count, characters[labelEnd + 1] == "(" else { return nil }
        var parentheses = 0
        var closing: Int?
        for position in (labelEnd + 2)..<characters.count {
            if characters[position] == "(" { parentheses += 1 }
            if characters[position] == ")" {
                if parentheses == 0 { closing = position; break }
                parentheses -= 1
            }
        }
        guard let close = closing else { return nil }
        var destination = String(characters[(labelEnd + 2)..<close]).trimmingCharacters(in: .whitespaces)
        if let space = destination.firstIndex(of: " ") { destination = String(destination[..<space]) }
        if destination.hasPrefix("<"), destination.hasSuffix(">") { destination = String(destination.dropFirst().dropLast()) }
        return Link(label: Array(characters[(start + 1)..<labelEnd]), destination: destination, end: close + 1)
    }

    /// `<https://…>`: the URL when it is a safe link.
    static func autolink(_ characters: [Character], at start: Int) -> (String, Int)? {
        guard let close = characters[(start + 1)...].prefix(2_048).firstIndex(of: ">") else { return nil }
        let candidate = String(characters[(start + 1)..<close])
        guard let url = HTMLEscaping.safeLink(candidate), url == candidate else { return nil }
        return (url, close + 1)
    }

    /// `*text*`, `_text_` (emphasis) or `**text**`, `__text__` (strong) starting at `start`.
    static func emphasis(_ characters: [Character], at start: Int) -> ([Character], Bool, Int)? {
        let marker = characters[start]
        let strong = start + 1 < characters.count && characters[start + 1] == marker
        let width = strong ? 2 : 1
        let innerStart = start + width
        guard innerStart < characters.count, !characters[innerStart].isWhitespace else { return nil }
        if marker == "_", start > 0, characters[start - 1].isLetter || characters[start - 1].isNumber { return nil }
        var index = innerStart + 1
        while index + width - 1 < characters.count {
            if characters[index] == "`", let (_, end) = codeSpan(characters, at: index) {
                index = end
                continue
            }
            if characters[index] == marker, !characters[index - 1].isWhitespace,
                !strong || characters[index + 1] == marker
            {
                if !strong, index + 1 < characters.count, characters[index + 1] == marker { index += 2; continue }
                return (Array(characters[innerStart..<index]), strong, index + width)
            }
            index += 1
        }
        return nil
    }
}
