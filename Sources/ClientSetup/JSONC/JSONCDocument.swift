/// A JSON / JSONC text and its parse, with the byte-level edits that put one member
/// into (or take one out of) an object while leaving every other byte — comments,
/// trailing commas, indentation, blank lines — as it was.
struct JSONCDocument: Sendable {
    /// A replacement of a byte range.
    struct Edit: Sendable {
        var range: Range<Int>
        var text: String
    }

    let bytes: [UInt8]
    let root: JSONCNode?

    /// Parses `text`; a syntax error becomes `ClientConfigError.syntax` with its line and column.
    init(text: String, dialect: JSONCParser.Dialect, path: String) throws(ClientConfigError) {
        bytes = Array(text.utf8)
        do {
            root = try JSONCParser.parse(bytes, dialect: dialect)
        } catch {
            let (line, column) = TextPosition.lineAndColumn(of: error.offset, in: bytes)
            throw ClientConfigError.syntax(path: path, line: line, column: column, message: error.message)
        }
    }

    /// The newline the file uses (`\r\n` if it has any, else `\n`).
    var newline: String {
        for index in bytes.indices where bytes[index] == UInt8(ascii: "\n") {
            return index > 0 && bytes[index - 1] == UInt8(ascii: "\r") ? "\r\n" : "\n"
        }
        return "\n"
    }

    /// One level of indentation as the file writes it: the shortest leading
    /// whitespace of a line that starts a member; two spaces if none.
    var indentUnit: String {
        var best: String?
        var lineStart = 0
        for index in 0...bytes.count where index == bytes.count || bytes[index] == UInt8(ascii: "\n") {
            var cursor = lineStart
            while cursor < index, bytes[cursor] == UInt8(ascii: " ") || bytes[cursor] == UInt8(ascii: "\t") { cursor += 1 }
            if cursor > lineStart, cursor < index, bytes[cursor] == UInt8(ascii: "\"") {
                let whitespace = String(decoding: bytes[lineStart..<cursor], as: UTF8.self)
                if best == nil || whitespace.count < best!.count { best = whitespace }
            }
            lineStart = index + 1
        }
        if let best, best.hasPrefix("\t") { return "\t" }
        return best ?? "  "
    }

    /// The text with `edits` applied (edits must not overlap).
    func applying(_ edits: [Edit]) -> String {
        var result = bytes
        for edit in edits.sorted(by: { $0.range.lowerBound > $1.range.lowerBound }) {
            result.replaceSubrange(edit.range, with: Array(edit.text.utf8))
        }
        return String(decoding: result, as: UTF8.self)
    }

    // MARK: - Lines

    /// Offset of the first byte of the line holding `offset`.
    func lineStart(of offset: Int) -> Int {
        var cursor = offset
        while cursor > 0, bytes[cursor - 1] != UInt8(ascii: "\n") { cursor -= 1 }
        return cursor
    }

    /// The leading whitespace of the line holding `offset`.
    func indentation(ofLineAt offset: Int) -> String {
        let start = lineStart(of: offset)
        var cursor = start
        while cursor < bytes.count, bytes[cursor] == UInt8(ascii: " ") || bytes[cursor] == UInt8(ascii: "\t") { cursor += 1 }
        return String(decoding: bytes[start..<cursor], as: UTF8.self)
    }

    /// Whether only spaces and tabs precede `offset` on its line.
    func startsLine(_ offset: Int) -> Bool {
        bytes[lineStart(of: offset)..<offset].allSatisfy { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") }
    }

    /// After a member's value (and its comma, if `skipComma`): skips spaces, an
    /// optional comment that ends on the same line, and returns the offset of the
    /// line break (or end of file) if nothing else follows on that line.
    func endOfLineAfter(_ offset: Int, commaOffset: Int?) -> Int? {
        var cursor = offset
        func skipBlanks() {
            while cursor < bytes.count, bytes[cursor] == UInt8(ascii: " ") || bytes[cursor] == UInt8(ascii: "\t") { cursor += 1 }
        }
        skipBlanks()
        if let commaOffset, cursor == commaOffset { cursor += 1 }
        skipBlanks()
        if cursor + 1 < bytes.count, bytes[cursor] == UInt8(ascii: "/") {
            if bytes[cursor + 1] == UInt8(ascii: "/") {
                while cursor < bytes.count, bytes[cursor] != UInt8(ascii: "\n"), bytes[cursor] != UInt8(ascii: "\r") { cursor += 1 }
            } else if bytes[cursor + 1] == UInt8(ascii: "*") {
                var end = cursor + 2
                while end + 1 < bytes.count, !(bytes[end] == UInt8(ascii: "*") && bytes[end + 1] == UInt8(ascii: "/")) {
                    if bytes[end] == UInt8(ascii: "\n") { return nil }
                    end += 1
                }
                cursor = end + 2
                skipBlanks()
            }
        }
        if cursor == bytes.count { return cursor }
        if bytes[cursor] == UInt8(ascii: "\n") { return cursor }
        if bytes[cursor] == UInt8(ascii: "\r"), cursor + 1 < bytes.count, bytes[cursor + 1] == UInt8(ascii: "\n") { return cursor }
        return nil
    }

    /// Whether the bytes in `range` are only whitespace.
    func isBlank(_ range: Range<Int>) -> Bool {
        bytes[range].allSatisfy { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") || $0 == UInt8(ascii: "\n") || $0 == UInt8(ascii: "\r") }
    }
}

/// Line and column of a byte offset, for error messages.
enum TextPosition {
    /// 1-based line and column (the column counts characters, not bytes).
    static func lineAndColumn(of offset: Int, in bytes: [UInt8]) -> (line: Int, column: Int) {
        let clamped = min(max(offset, 0), bytes.count)
        var line = 1
        var lineStart = 0
        for index in 0..<clamped where bytes[index] == UInt8(ascii: "\n") {
            line += 1
            lineStart = index + 1
        }
        let column = String(decoding: bytes[lineStart..<clamped], as: UTF8.self).count + 1
        return (line, column)
    }
}
