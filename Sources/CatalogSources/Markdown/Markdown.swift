/// Byte-level helpers for the few markdown constructs the list parsers need: list markers,
/// headings, code fences and inline links. They work on UTF-8 bytes (every marker is ASCII),
/// which keeps parsing thousands of lines well under a millisecond each.
enum Markdown {
    /// A parsed inline link `[label](destination "title")` starting at a `[`.
    struct Link {
        /// Index of the `]` closing the label.
        var labelEnd: Int
        /// The destination, trimmed, without angle brackets.
        var destination: String
        /// Index just after the closing `)`.
        var end: Int
    }

    static let space = UInt8(ascii: " ")
    static let tab = UInt8(ascii: "\t")

    /// Whether a code fence (three backticks or tildes) starts at `i`.
    static func startsFence(_ line: UnsafeBufferPointer<UInt8>, at i: Int) -> Bool {
        guard i + 2 < line.count else { return false }
        let c = line[i]
        return (c == UInt8(ascii: "`") || c == UInt8(ascii: "~")) && line[i + 1] == c && line[i + 2] == c
    }

    /// When a list marker (`-`, `*`, `+`, `1.`, `1)`) followed by a space starts at `i`,
    /// the index of the first non-space after it.
    static func listMarkerEnd(_ line: UnsafeBufferPointer<UInt8>, at i: Int) -> Int? {
        guard i < line.count else { return nil }
        var j = i
        let c = line[j]
        if c == UInt8(ascii: "-") || c == UInt8(ascii: "*") || c == UInt8(ascii: "+") {
            j += 1
        } else if c >= UInt8(ascii: "0"), c <= UInt8(ascii: "9") {
            while j < line.count, line[j] >= UInt8(ascii: "0"), line[j] <= UInt8(ascii: "9"), j - i < 9 { j += 1 }
            guard j < line.count, line[j] == UInt8(ascii: ".") || line[j] == UInt8(ascii: ")") else { return nil }
            j += 1
        } else {
            return nil
        }
        guard j < line.count, line[j] == space || line[j] == tab else { return nil }
        while j < line.count, line[j] == space || line[j] == tab { j += 1 }
        return j
    }

    /// The plain text of an ATX heading (`## 🤖 AI & LLM Integration` → `AI & LLM Integration`)
    /// starting at `i`, or `nil` when the line is not a heading.
    static func headingText(_ line: UnsafeBufferPointer<UInt8>, at i: Int) -> String? {
        var j = i
        while j < line.count, line[j] == UInt8(ascii: "#"), j - i < 6 { j += 1 }
        guard j < line.count, line[j] == space || line[j] == tab else { return nil }
        var end = line.count
        while end > j, line[end - 1] == UInt8(ascii: "#") || line[end - 1] == space || line[end - 1] == tab { end -= 1 }
        let text = MarkdownText.plain(UnsafeBufferPointer(rebasing: line[j..<end]))
        let cleaned = AwesomeMarkers.strip(text).text
        return cleaned.isEmpty ? nil : cleaned
    }

    /// Index of the `]` matching the `[` at `i` (nested brackets and escapes allowed).
    static func closingBracket(_ line: UnsafeBufferPointer<UInt8>, from i: Int) -> Int? {
        var depth = 0
        var j = i
        while j < line.count {
            switch line[j] {
            case UInt8(ascii: "\\"): j += 1
            case UInt8(ascii: "["): depth += 1
            case UInt8(ascii: "]"):
                depth -= 1
                if depth == 0 { return j }
            default: break
            }
            j += 1
        }
        return nil
    }

    /// The inline link whose `[` is at `i`, or `nil` when it is not `[label](destination)`.
    static func link(_ line: UnsafeBufferPointer<UInt8>, at i: Int) -> Link? {
        guard let close = closingBracket(line, from: i), close + 1 < line.count, line[close + 1] == UInt8(ascii: "(") else { return nil }
        var j = close + 2
        while j < line.count, line[j] == space || line[j] == tab { j += 1 }
        let destStart: Int
        let destEnd: Int
        if j < line.count, line[j] == UInt8(ascii: "<") {
            destStart = j + 1
            var k = destStart
            while k < line.count, line[k] != UInt8(ascii: ">") { k += 1 }
            guard k < line.count else { return nil }
            destEnd = k
            j = k + 1
        } else {
            destStart = j
            var depth = 0
            while j < line.count {
                let c = line[j]
                if c == space || c == tab { break }
                if c == UInt8(ascii: "(") { depth += 1 }
                if c == UInt8(ascii: ")") {
                    if depth == 0 { break }
                    depth -= 1
                }
                if c == UInt8(ascii: "\\") { j += 1 }
                j += 1
            }
            j = min(j, line.count)
            destEnd = j
        }
        // Skip an optional title up to the closing parenthesis.
        var depth = 0
        while j < line.count {
            let c = line[j]
            if c == UInt8(ascii: "(") { depth += 1 }
            if c == UInt8(ascii: ")") {
                if depth == 0 { break }
                depth -= 1
            }
            j += 1
        }
        guard j < line.count else { return nil }
        let destination = String(decoding: UnsafeBufferPointer(rebasing: line[destStart..<destEnd]), as: UTF8.self)
        return Link(labelEnd: close, destination: destination, end: j + 1)
    }
}
