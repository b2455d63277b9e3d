import Foundation

/// A pass over JSON bytes that refuses nesting deeper than `maximumDepth` before a decoder
/// (recursive, so deep nesting would exhaust the stack) sees it.
enum JSONBounds {
    static let maximumDepth = 64

    /// The line and column (1-based) where nesting first passes `maximumDepth`, or `nil`.
    static func excessNesting(in data: Data) -> (line: Int, column: Int)? {
        var depth = 0
        var inString = false
        var escaped = false
        var line = 1
        var column = 0
        for byte in data {
            column += 1
            if byte == UInt8(ascii: "\n") { line += 1; column = 0 }
            if inString {
                if escaped { escaped = false } else if byte == UInt8(ascii: "\\") { escaped = true } else if byte == UInt8(ascii: "\"") { inString = false }
                continue
            }
            switch byte {
            case UInt8(ascii: "\""): inString = true
            case UInt8(ascii: "["), UInt8(ascii: "{"):
                depth += 1
                if depth > maximumDepth { return (line, column) }
            case UInt8(ascii: "]"), UInt8(ascii: "}"): depth -= 1
            default: break
            }
        }
        return nil
    }
}

extension JSONBounds {
    /// The problem text for too deep a nesting: the bound and the position only.
    static func nestingMessage(line: Int, column: Int) -> String {
        "refused: JSON nested deeper than \(maximumDepth) levels (line \(line), column \(column))"
    }
}
