/// Turns a span of inline markdown into plain readable text: links become their text,
/// images and badges vanish, HTML tags are stripped, `**` emphasis is dropped, entities are
/// decoded, whitespace is collapsed. Inline code is kept verbatim (with its backticks).
enum MarkdownText {
    /// HTML elements whose tags are stripped (anything else in `<…>` is kept as text,
    /// so placeholders like `<token>` survive).
    private static let htmlTags: Set<String> = [
        "a", "abbr", "b", "big", "blockquote", "br", "center", "code", "del", "details", "div", "em",
        "font", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "ins", "kbd", "li", "mark", "ol",
        "p", "picture", "pre", "s", "small", "source", "span", "strike", "strong", "sub", "summary",
        "sup", "table", "tbody", "td", "th", "thead", "tr", "tt", "u", "ul", "video",
    ]

    private static let entities: [String: String] = [
        "amp": "&", "lt": "<", "gt": ">", "quot": "\"", "apos": "'", "#39": "'", "nbsp": " ", "#x27": "'",
    ]

    static func plain(_ text: String) -> String {
        var copy = text
        return copy.withUTF8 { plain($0) }
    }

    static func plain(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        append(bytes, to: &out)
        while let last = out.last, last == Markdown.space { out.removeLast() }
        return String(decoding: out, as: UTF8.self)
    }

    private static func appendSpace(_ out: inout [UInt8]) {
        if let last = out.last, last != Markdown.space { out.append(Markdown.space) }
    }

    private static func append(_ bytes: UnsafeBufferPointer<UInt8>, to out: inout [UInt8]) {
        var i = 0
        let n = bytes.count
        while i < n {
            let c = bytes[i]
            switch c {
            case Markdown.space, Markdown.tab, UInt8(ascii: "\n"), UInt8(ascii: "\r"):
                appendSpace(&out)
                i += 1
            case UInt8(ascii: "`"):
                var run = 0
                while i + run < n, bytes[i + run] == UInt8(ascii: "`") { run += 1 }
                if let close = closingTicks(bytes, from: i + run, run: run) {
                    out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[i..<(close + run)]))
                    i = close + run
                } else {
                    out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[i..<(i + run)]))
                    i += run
                }
            case UInt8(ascii: "!") where i + 1 < n && bytes[i + 1] == UInt8(ascii: "["):
                if let link = Markdown.link(bytes, at: i + 1) {
                    i = link.end
                } else {
                    out.append(c)
                    i += 1
                }
            case UInt8(ascii: "["):
                if let link = Markdown.link(bytes, at: i) {
                    append(UnsafeBufferPointer(rebasing: bytes[(i + 1)..<link.labelEnd]), to: &out)
                    i = link.end
                } else {
                    out.append(c)
                    i += 1
                }
            case UInt8(ascii: "<"):
                if let end = htmlTagEnd(bytes, at: i) {
                    i = end
                } else if let end = autolinkEnd(bytes, at: i) {
                    out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[(i + 1)..<(end - 1)]))
                    i = end
                } else {
                    out.append(c)
                    i += 1
                }
            case UInt8(ascii: "&"):
                if let (text, end) = entity(bytes, at: i) {
                    out.append(contentsOf: text.utf8)
                    i = end
                } else {
                    out.append(c)
                    i += 1
                }
            case UInt8(ascii: "*") where i + 1 < n && bytes[i + 1] == UInt8(ascii: "*"):
                i += 2
            case UInt8(ascii: "\\") where i + 1 < n && isASCIIPunctuation(bytes[i + 1]):
                out.append(bytes[i + 1])
                i += 2
            default:
                out.append(c)
                i += 1
            }
        }
    }

    private static func isASCIIPunctuation(_ c: UInt8) -> Bool {
        (c >= 0x21 && c <= 0x2F) || (c >= 0x3A && c <= 0x40) || (c >= 0x5B && c <= 0x60) || (c >= 0x7B && c <= 0x7E)
    }

    private static func closingTicks(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, run: Int) -> Int? {
        var j = start
        while j < bytes.count {
            if bytes[j] == UInt8(ascii: "`") {
                var k = 0
                while j + k < bytes.count, bytes[j + k] == UInt8(ascii: "`") { k += 1 }
                if k == run { return j }
                j += k
            } else {
                j += 1
            }
        }
        return nil
    }

    /// End (exclusive) of an HTML tag or comment starting at `i`, when it is a known element.
    private static func htmlTagEnd(_ bytes: UnsafeBufferPointer<UInt8>, at i: Int) -> Int? {
        var j = i + 1
        guard j < bytes.count else { return nil }
        if bytes[j] == UInt8(ascii: "!") {
            // `<!-- comment -->`
            guard j + 2 < bytes.count, bytes[j + 1] == UInt8(ascii: "-"), bytes[j + 2] == UInt8(ascii: "-") else { return nil }
            var k = j + 3
            while k + 2 < bytes.count {
                if bytes[k] == UInt8(ascii: "-"), bytes[k + 1] == UInt8(ascii: "-"), bytes[k + 2] == UInt8(ascii: ">") { return k + 3 }
                k += 1
            }
            return nil
        }
        if bytes[j] == UInt8(ascii: "/") { j += 1 }
        let nameStart = j
        while j < bytes.count, isAlphaNumeric(bytes[j]) { j += 1 }
        guard j > nameStart, j - nameStart <= 10 else { return nil }
        let name = String(decoding: UnsafeBufferPointer(rebasing: bytes[nameStart..<j]), as: UTF8.self).lowercased()
        guard htmlTags.contains(name) else { return nil }
        guard j < bytes.count else { return nil }
        let next = bytes[j]
        guard next == UInt8(ascii: ">") || next == Markdown.space || next == UInt8(ascii: "/") || next == Markdown.tab else { return nil }
        var quote: UInt8? = nil
        while j < bytes.count {
            let c = bytes[j]
            if let q = quote {
                if c == q { quote = nil }
            } else if c == UInt8(ascii: "\"") || c == UInt8(ascii: "'") {
                quote = c
            } else if c == UInt8(ascii: ">") {
                return j + 1
            }
            j += 1
        }
        return nil
    }

    /// End (exclusive) of an autolink `<https://…>` starting at `i`.
    private static func autolinkEnd(_ bytes: UnsafeBufferPointer<UInt8>, at i: Int) -> Int? {
        guard i + 8 < bytes.count, bytes[i + 1] == UInt8(ascii: "h"), bytes[i + 2] == UInt8(ascii: "t"),
              bytes[i + 3] == UInt8(ascii: "t"), bytes[i + 4] == UInt8(ascii: "p") else { return nil }
        var j = i + 5
        while j < bytes.count {
            let c = bytes[j]
            if c == UInt8(ascii: ">") { return j + 1 }
            if c == Markdown.space || c == UInt8(ascii: "<") { return nil }
            j += 1
        }
        return nil
    }

    private static func entity(_ bytes: UnsafeBufferPointer<UInt8>, at i: Int) -> (String, Int)? {
        var j = i + 1
        while j < bytes.count, j - i <= 6, bytes[j] != UInt8(ascii: ";") {
            guard isAlphaNumeric(bytes[j]) || bytes[j] == UInt8(ascii: "#") else { return nil }
            j += 1
        }
        guard j < bytes.count, bytes[j] == UInt8(ascii: ";"), j > i + 1 else { return nil }
        let name = String(decoding: UnsafeBufferPointer(rebasing: bytes[(i + 1)..<j]), as: UTF8.self).lowercased()
        guard let text = entities[name] else { return nil }
        return (text, j + 1)
    }

    private static func isAlphaNumeric(_ c: UInt8) -> Bool {
        (c >= UInt8(ascii: "a") && c <= UInt8(ascii: "z")) || (c >= UInt8(ascii: "A") && c <= UInt8(ascii: "Z"))
            || (c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9"))
    }
}
