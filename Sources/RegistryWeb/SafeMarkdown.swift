import Foundation

/// A small Markdown renderer for publisher readmes that cannot emit markup of the
/// publisher's choosing: every character of the input reaches the output through
/// `HTMLEscaping.escape`, raw HTML is shown as text, and links are kept only when
/// `HTMLEscaping.safeLink` accepts them (absolute `http:`/`https:`).
///
/// Understood (a CommonMark subset): ATX headings (shifted down `headingShift` levels, so a
/// readme's `#` sits below the page's own title), paragraphs, fenced and indented code,
/// `-`/`*`/`+` and numbered lists (one level), block quotes, thematic breaks, and inline
/// code, emphasis, strong, links, autolinks and images (shown as links, never loaded).
/// Anything else is text. Input beyond `maxBytes` is cut at a line end.
public struct SafeMarkdown: Sendable {
    public var headingShift: Int
    public var maxBytes: Int

    public init(headingShift: Int = 1, maxBytes: Int = 200_000) {
        self.headingShift = headingShift
        self.maxBytes = maxBytes
    }

    /// The HTML fragment for `markdown`.
    public func render(_ markdown: String) -> String {
        var text = markdown
        if text.utf8.count > maxBytes {
            text = String(decoding: text.utf8.prefix(maxBytes), as: UTF8.self)
        }
        let lines = text.replacingOccurrences(of: "\r\n", with: "\n").split(separator: "\n", omittingEmptySubsequences: false)
        var output = ""
        var paragraph: [Substring] = []
        var list: (ordered: Bool, items: [String])?
        var index = 0

        func flushParagraph() {
            guard !paragraph.isEmpty else { return }
            output += "<p>" + SafeMarkdownInline.render(paragraph.map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: "\n")) + "</p>\n"
            paragraph = []
        }
        func flushList() {
            guard let open = list else { return }
            let tag = open.ordered ? "ol" : "ul"
            output += "<\(tag)>" + open.items.map { "<li>" + SafeMarkdownInline.render($0) + "</li>" }.joined() + "</\(tag)>\n"
            list = nil
        }

        while index < lines.count {
            let line = lines[index]
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            let indent = line.prefix { $0 == " " }.count
            if trimmed.isEmpty {
                flushParagraph()
                flushList()
                index += 1
                continue
            }
            if indent < 4, let fence = Self.fence(trimmed) {
                flushParagraph()
                flushList()
                var code: [Substring] = []
                index += 1
                while index < lines.count {
                    let candidate = lines[index].trimmingCharacters(in: .whitespaces)
                    if candidate.hasPrefix(fence), candidate.allSatisfy({ $0 == fence.first }) { index += 1; break }
                    code.append(lines[index])
                    index += 1
                }
                output += "<pre><code>" + HTMLEscaping.escape(code.joined(separator: "\n")) + "</code></pre>\n"
                continue
            }
            if (indent >= 4 || line.hasPrefix("\t")) && paragraph.isEmpty && list == nil {
                var code: [Substring] = []
                while index < lines.count, lines[index].hasPrefix("    ") || lines[index].hasPrefix("\t") || lines[index].trimmingCharacters(in: .whitespaces).isEmpty {
                    let raw = lines[index]
                    code.append(raw.hasPrefix("\t") ? raw.dropFirst() : raw.dropFirst(min(4, raw.count)))
                    index += 1
                }
                while let last = code.last, last.trimmingCharacters(in: .whitespaces).isEmpty { code.removeLast() }
                output += "<pre><code>" + HTMLEscaping.escape(code.joined(separator: "\n")) + "</code></pre>\n"
                continue
            }
            if let (level, title) = Self.heading(trimmed) {
                flushParagraph()
                flushList()
                let shifted = min(6, level + headingShift)
                output += "<h\(shifted)>" + SafeMarkdownInline.render(title) + "</h\(shifted)>\n"
                index += 1
                continue
            }
            if Self.isThematicBreak(trimmed) {
                flushParagraph()
                flushList()
                output += "<hr>\n"
                index += 1
                continue
            }
            if trimmed.hasPrefix(">") {
                flushParagraph()
                flushList()
                var quoted: [String] = []
                while index < lines.count {
                    let candidate = lines[index].trimmingCharacters(in: .whitespaces)
                    guard candidate.hasPrefix(">") else { break }
                    quoted.append(String(candidate.dropFirst()).trimmingCharacters(in: .whitespaces))
                    index += 1
                }
                output += "<blockquote><p>" + SafeMarkdownInline.render(quoted.joined(separator: "\n")) + "</p></blockquote>\n"
                continue
            }
            if let (ordered, item) = Self.listItem(trimmed) {
                flushParagraph()
                if let open = list, open.ordered != ordered { flushList() }
                if list == nil { list = (ordered, []) }
                list?.items.append(item)
                index += 1
                continue
            }
            if list != nil, indent > 0, var open = list, !open.items.isEmpty {
                open.items[open.items.count - 1] += "\n" + trimmed
                list = open
                index += 1
                continue
            }
            flushList()
            paragraph.append(line)
            index += 1
        }
        flushParagraph()
        flushList()
        return output
    }

    /// The fence (three or more backticks or tildes) opening a fenced code block.
    static func fence(_ line: String) -> String? {
        guard let first = line.first, first == "`" || first == "~" else { return nil }
        let run = line.prefix { $0 == first }
        return run.count >= 3 ? String(run) : nil
    }

    /// `# Title` … `###### Title`: the level and the title without closing `#`s.
    static func heading(_ line: String) -> (Int, String)? {
        let hashes = line.prefix { $0 == "#" }.count
        guard (1...6).contains(hashes) else { return nil }
        let rest = line.dropFirst(hashes)
        guard rest.isEmpty || rest.first == " " || rest.first == "\t" else { return nil }
        var title = rest.trimmingCharacters(in: .whitespaces)
        while title.hasSuffix("#") { title.removeLast() }
        return (hashes, title.trimmingCharacters(in: .whitespaces))
    }

    static func isThematicBreak(_ line: String) -> Bool {
        let compact = line.filter { $0 != " " }
        guard compact.count >= 3, let first = compact.first, "-*_".contains(first) else { return false }
        return compact.allSatisfy { $0 == first }
    }

    /// `- item`, `* item`, `+ item` (unordered) or `1. item`, `1) item` (ordered).
    static func listItem(_ line: String) -> (Bool, String)? {
        if let first = line.first, "-*+".contains(first), line.dropFirst().first == " " {
            return (false, String(line.dropFirst(2)))
        }
        let digits = line.prefix { $0.isASCII && $0.isNumber }
        guard (1...9).contains(digits.count) else { return nil }
        let rest = line.dropFirst(digits.count)
        guard let marker = rest.first, marker == "." || marker == ")", rest.dropFirst().first == " " else { return nil }
        return (true, String(rest.dropFirst(2)))
    }
}
