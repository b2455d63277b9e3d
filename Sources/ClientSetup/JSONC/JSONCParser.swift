import Foundation

/// A small recursive-descent parser for JSON and JSON with comments (`//`, `/* */`
/// and trailing commas, as VS Code and Zed accept), keeping byte offsets.
struct JSONCParser {
    /// What the file's dialect allows.
    struct Dialect: Sendable, Hashable {
        var allowsComments: Bool
        var allowsTrailingCommas: Bool

        /// Strict JSON (Claude Desktop, Claude Code, Cursor, Cline, Windsurf).
        static let json = Dialect(allowsComments: false, allowsTrailingCommas: false)
        /// JSON with comments and trailing commas (VS Code, Zed).
        static let jsonc = Dialect(allowsComments: true, allowsTrailingCommas: true)
    }

    /// A syntax error at a byte offset.
    struct Failure: Error, Sendable {
        var offset: Int
        var message: String
    }

    private let bytes: [UInt8]
    private let dialect: Dialect
    private var position = 0
    private var depth = 0

    init(bytes: [UInt8], dialect: Dialect) {
        self.bytes = bytes
        self.dialect = dialect
    }

    /// Parses the whole text: `nil` when it holds no value (empty, or only comments).
    static func parse(_ bytes: [UInt8], dialect: Dialect) throws(Failure) -> JSONCNode? {
        var parser = JSONCParser(bytes: bytes, dialect: dialect)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { parser.position = 3 }
        try parser.skipTrivia()
        if parser.position >= bytes.count { return nil }
        let root = try parser.parseValue()
        try parser.skipTrivia()
        if parser.position < bytes.count {
            throw Failure(offset: parser.position, message: "unexpected \(parser.describeCurrent()) after the end of the top-level value")
        }
        return root
    }

    // MARK: - Values

    private mutating func parseValue() throws(Failure) -> JSONCNode {
        guard position < bytes.count else { throw Failure(offset: position, message: "unexpected end of file, expected a value") }
        switch bytes[position] {
        case UInt8(ascii: "{"): return try parseObject()
        case UInt8(ascii: "["): return try parseArray()
        case UInt8(ascii: "\""):
            let start = position
            let value = try parseString()
            return JSONCNode(kind: .string(value), start: start, end: position)
        case UInt8(ascii: "t"): return try parseLiteral("true", .bool(true))
        case UInt8(ascii: "f"): return try parseLiteral("false", .bool(false))
        case UInt8(ascii: "n"): return try parseLiteral("null", .null)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try parseNumber()
        default: throw Failure(offset: position, message: "unexpected \(describeCurrent()), expected a value")
        }
    }

    private mutating func parseObject() throws(Failure) -> JSONCNode {
        let start = position
        position += 1
        depth += 1
        defer { depth -= 1 }
        if depth > 256 { throw Failure(offset: start, message: "nesting is too deep") }
        var members: [JSONCMember] = []
        try skipTrivia()
        if peek(is: "}") {
            position += 1
            return JSONCNode(kind: .object(members), start: start, end: position)
        }
        while true {
            try skipTrivia()
            guard peek(is: "\"") else {
                if peek(is: "}"), !members.isEmpty {
                    throw Failure(offset: position, message: "trailing comma before '}' (not allowed in this JSON file)")
                }
                throw Failure(offset: position, message: "unexpected \(describeCurrent()), expected a member name in double quotes")
            }
            let keyStart = position
            let key = try parseString()
            try skipTrivia()
            guard peek(is: ":") else { throw Failure(offset: position, message: "unexpected \(describeCurrent()), expected ':' after member name \"\(key)\"") }
            position += 1
            try skipTrivia()
            let value = try parseValue()
            try skipTrivia()
            if peek(is: ",") {
                members.append(JSONCMember(key: key, keyStart: keyStart, value: value, commaOffset: position))
                position += 1
                try skipTrivia()
                if peek(is: "}"), dialect.allowsTrailingCommas {
                    position += 1
                    return JSONCNode(kind: .object(members), start: start, end: position)
                }
            } else if peek(is: "}") {
                members.append(JSONCMember(key: key, keyStart: keyStart, value: value, commaOffset: nil))
                position += 1
                return JSONCNode(kind: .object(members), start: start, end: position)
            } else {
                throw Failure(offset: position, message: "unexpected \(describeCurrent()), expected ',' or '}' after member \"\(key)\"")
            }
        }
    }

    private mutating func parseArray() throws(Failure) -> JSONCNode {
        let start = position
        position += 1
        depth += 1
        defer { depth -= 1 }
        if depth > 256 { throw Failure(offset: start, message: "nesting is too deep") }
        var values: [JSONCNode] = []
        try skipTrivia()
        if peek(is: "]") {
            position += 1
            return JSONCNode(kind: .array(values), start: start, end: position)
        }
        while true {
            try skipTrivia()
            if peek(is: "]"), !values.isEmpty {
                throw Failure(offset: position, message: "trailing comma before ']' (not allowed in this JSON file)")
            }
            values.append(try parseValue())
            try skipTrivia()
            if peek(is: ",") {
                position += 1
                try skipTrivia()
                if peek(is: "]"), dialect.allowsTrailingCommas {
                    position += 1
                    return JSONCNode(kind: .array(values), start: start, end: position)
                }
            } else if peek(is: "]") {
                position += 1
                return JSONCNode(kind: .array(values), start: start, end: position)
            } else {
                throw Failure(offset: position, message: "unexpected \(describeCurrent()), expected ',' or ']' in an array")
            }
        }
    }

    private mutating func parseLiteral(_ word: String, _ kind: JSONCNode.Kind) throws(Failure) -> JSONCNode {
        let start = position
        let utf8 = Array(word.utf8)
        guard position + utf8.count <= bytes.count, Array(bytes[position..<position + utf8.count]) == utf8 else {
            throw Failure(offset: position, message: "unexpected \(describeCurrent()), expected a value")
        }
        position += utf8.count
        return JSONCNode(kind: kind, start: start, end: position)
    }

    private mutating func parseNumber() throws(Failure) -> JSONCNode {
        let start = position
        if peek(is: "-") { position += 1 }
        guard digits() > 0 else { throw Failure(offset: position, message: "malformed number") }
        if peek(is: ".") {
            position += 1
            guard digits() > 0 else { throw Failure(offset: position, message: "malformed number: expected digits after '.'") }
        }
        if peek(is: "e") || peek(is: "E") {
            position += 1
            if peek(is: "+") || peek(is: "-") { position += 1 }
            guard digits() > 0 else { throw Failure(offset: position, message: "malformed number: expected exponent digits") }
        }
        let text = String(decoding: bytes[start..<position], as: UTF8.self)
        return JSONCNode(kind: .number(text), start: start, end: position)
    }

    private mutating func digits() -> Int {
        var count = 0
        while position < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[position]) {
            position += 1
            count += 1
        }
        return count
    }

    /// Parses a string literal at `position` (which is a `"`), decoding escapes.
    private mutating func parseString() throws(Failure) -> String {
        let start = position
        position += 1
        var scalars = String.UnicodeScalarView()
        var pendingHighSurrogate: UInt32?
        var runStart = position
        func flush(_ end: Int) {
            scalars.append(contentsOf: String(decoding: bytes[runStart..<end], as: UTF8.self).unicodeScalars)
        }
        while position < bytes.count {
            let byte = bytes[position]
            if byte == UInt8(ascii: "\"") {
                flush(position)
                position += 1
                return String(scalars)
            }
            if byte == UInt8(ascii: "\n") || byte < 0x20 && byte != UInt8(ascii: "\t") {
                throw Failure(offset: position, message: "unterminated string (started at a quote earlier on this line)")
            }
            if byte == UInt8(ascii: "\\") {
                flush(position)
                position += 1
                guard position < bytes.count else { break }
                let escape = bytes[position]
                position += 1
                switch escape {
                case UInt8(ascii: "\""): scalars.append("\"")
                case UInt8(ascii: "\\"): scalars.append("\\")
                case UInt8(ascii: "/"): scalars.append("/")
                case UInt8(ascii: "b"): scalars.append("\u{08}")
                case UInt8(ascii: "f"): scalars.append("\u{0C}")
                case UInt8(ascii: "n"): scalars.append("\n")
                case UInt8(ascii: "r"): scalars.append("\r")
                case UInt8(ascii: "t"): scalars.append("\t")
                case UInt8(ascii: "u"):
                    guard position + 4 <= bytes.count,
                        let code = UInt32(String(decoding: bytes[position..<position + 4], as: UTF8.self), radix: 16)
                    else { throw Failure(offset: position - 2, message: "malformed \\u escape in a string") }
                    position += 4
                    if (0xD800...0xDBFF).contains(code) {
                        pendingHighSurrogate = code
                    } else if (0xDC00...0xDFFF).contains(code), let high = pendingHighSurrogate {
                        let combined = 0x10000 + ((high - 0xD800) << 10) + (code - 0xDC00)
                        scalars.append(Unicode.Scalar(combined) ?? "\u{FFFD}")
                        pendingHighSurrogate = nil
                    } else {
                        scalars.append(Unicode.Scalar(code) ?? "\u{FFFD}")
                    }
                default:
                    throw Failure(offset: position - 2, message: "invalid escape '\\\(Character(Unicode.Scalar(escape)))' in a string")
                }
                runStart = position
                continue
            }
            position += 1
        }
        throw Failure(offset: start, message: "unterminated string")
    }

    // MARK: - Trivia

    /// Skips whitespace and, when the dialect allows them, comments.
    private mutating func skipTrivia() throws(Failure) {
        while position < bytes.count {
            switch bytes[position] {
            case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\n"), UInt8(ascii: "\r"):
                position += 1
            case UInt8(ascii: "/") where position + 1 < bytes.count && (bytes[position + 1] == UInt8(ascii: "/") || bytes[position + 1] == UInt8(ascii: "*")):
                guard dialect.allowsComments else {
                    throw Failure(offset: position, message: "comments are not allowed in this JSON file")
                }
                if bytes[position + 1] == UInt8(ascii: "/") {
                    while position < bytes.count, bytes[position] != UInt8(ascii: "\n") { position += 1 }
                } else {
                    let start = position
                    position += 2
                    while position + 1 < bytes.count, !(bytes[position] == UInt8(ascii: "*") && bytes[position + 1] == UInt8(ascii: "/")) {
                        position += 1
                    }
                    guard position + 1 < bytes.count else { throw Failure(offset: start, message: "unterminated /* comment") }
                    position += 2
                }
            default:
                return
            }
        }
    }

    private func peek(is character: Unicode.Scalar) -> Bool {
        position < bytes.count && bytes[position] == UInt8(ascii: character)
    }

    private func describeCurrent() -> String {
        guard position < bytes.count else { return "end of file" }
        let byte = bytes[position]
        if byte >= 0x21 && byte < 0x7F { return "'\(Character(Unicode.Scalar(byte)))'" }
        return String(format: "byte 0x%02X", byte)
    }
}
