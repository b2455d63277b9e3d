import Foundation

/// Byte-level reading of JSON text without building values: where an object's members
/// are, and where each value starts and ends (RFC 8259 grammar). The hot paths use it to
/// look at a JSON-RPC message's `id`, `method` and tool `name` and copy everything else
/// through untouched.
public enum JSONScan {
    /// One member of an object: its name (unescaped) and the byte range of its value.
    public struct Member: Sendable, Hashable {
        public var name: String
        public var value: Range<Int>
    }

    /// The members of the object whose text fills `range` of `bytes` (leading and trailing
    /// whitespace allowed); `nil` when it is not one well-formed object. Values are skipped,
    /// not checked in depth beyond their brackets, strings and literals.
    public static func members(of bytes: UnsafeRawBufferPointer, in range: Range<Int>) -> [Member]? {
        var index = skipWhitespace(bytes, range.lowerBound, range.upperBound)
        guard index < range.upperBound, bytes[index] == UInt8(ascii: "{") else { return nil }
        index += 1
        var members: [Member] = []
        index = skipWhitespace(bytes, index, range.upperBound)
        if index < range.upperBound, bytes[index] == UInt8(ascii: "}") {
            return skipWhitespace(bytes, index + 1, range.upperBound) == range.upperBound ? [] : nil
        }
        while index < range.upperBound {
            guard bytes[index] == UInt8(ascii: "\""), let nameEnd = skipString(bytes, index, range.upperBound),
                  let name = string(bytes, index..<nameEnd) else { return nil }
            index = skipWhitespace(bytes, nameEnd, range.upperBound)
            guard index < range.upperBound, bytes[index] == UInt8(ascii: ":") else { return nil }
            let valueStart = skipWhitespace(bytes, index + 1, range.upperBound)
            guard let valueEnd = skipValue(bytes, valueStart, range.upperBound) else { return nil }
            members.append(Member(name: name, value: valueStart..<valueEnd))
            index = skipWhitespace(bytes, valueEnd, range.upperBound)
            guard index < range.upperBound else { return nil }
            if bytes[index] == UInt8(ascii: ",") {
                index = skipWhitespace(bytes, index + 1, range.upperBound)
                continue
            }
            guard bytes[index] == UInt8(ascii: "}") else { return nil }
            return skipWhitespace(bytes, index + 1, range.upperBound) == range.upperBound ? members : nil
        }
        return nil
    }

    /// The string value whose text (quotes included) is `range`, unescaped; `nil` when the
    /// range is not a JSON string.
    public static func string(_ bytes: UnsafeRawBufferPointer, _ range: Range<Int>) -> String? {
        guard range.count >= 2, bytes[range.lowerBound] == UInt8(ascii: "\""), bytes[range.upperBound - 1] == UInt8(ascii: "\"") else { return nil }
        let inner = UnsafeRawBufferPointer(rebasing: bytes[(range.lowerBound + 1)..<(range.upperBound - 1)])
        if !inner.contains(UInt8(ascii: "\\")) {
            return String(decoding: inner, as: UTF8.self)
        }
        return try? JSONDecoder().decode(String.self, from: Data(UnsafeRawBufferPointer(rebasing: bytes[range])))
    }

    /// The index just past the value starting at `start`, or `nil` when none starts there.
    static func skipValue(_ bytes: UnsafeRawBufferPointer, _ start: Int, _ end: Int) -> Int? {
        guard start < end else { return nil }
        switch bytes[start] {
        case UInt8(ascii: "\""):
            return skipString(bytes, start, end)
        case UInt8(ascii: "{"), UInt8(ascii: "["):
            var depth = 0
            var index = start
            while index < end {
                switch bytes[index] {
                case UInt8(ascii: "\""):
                    guard let next = skipString(bytes, index, end) else { return nil }
                    index = next
                    continue
                case UInt8(ascii: "{"), UInt8(ascii: "["):
                    depth += 1
                case UInt8(ascii: "}"), UInt8(ascii: "]"):
                    depth -= 1
                    if depth == 0 { return index + 1 }
                default:
                    break
                }
                index += 1
            }
            return nil
        default:
            // A number or a literal: up to the next delimiter.
            var index = start
            while index < end {
                let byte = bytes[index]
                if byte == UInt8(ascii: ",") || byte == UInt8(ascii: "}") || byte == UInt8(ascii: "]") || isWhitespace(byte) { break }
                guard (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "+")
                    || byte == UInt8(ascii: ".") || (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || byte == UInt8(ascii: "E")
                else { return nil }
                index += 1
            }
            return index > start ? index : nil
        }
    }

    /// The index just past the string whose opening quote is at `start`.
    static func skipString(_ bytes: UnsafeRawBufferPointer, _ start: Int, _ end: Int) -> Int? {
        var index = start + 1
        while index < end {
            switch bytes[index] {
            case UInt8(ascii: "\\"): index += 2
            case UInt8(ascii: "\""): return index + 1
            case 0..<0x20: return nil
            default: index += 1
            }
        }
        return nil
    }

    static func skipWhitespace(_ bytes: UnsafeRawBufferPointer, _ start: Int, _ end: Int) -> Int {
        var index = start
        while index < end, isWhitespace(bytes[index]) { index += 1 }
        return index
    }

    static func isWhitespace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09
    }
}
