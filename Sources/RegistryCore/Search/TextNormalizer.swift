import Foundation

/// Turns text into search terms: case- and accent-folded, split on anything that is not
/// a letter or digit, with `camelCase` and `snake_case` words split too.
public enum TextNormalizer {
    /// Words so common in this domain that they carry no signal in a query.
    public static let stopWords: Set<String> = [
        "a", "an", "and", "the", "for", "of", "to", "in", "on", "with", "by", "or", "is",
        "mcp", "server", "servers", "model", "context", "protocol",
    ]

    /// Folds case and accents: `Café` → `cafe`. ASCII text takes a fast path.
    public static func fold(_ text: String) -> String {
        var isASCII = true
        for byte in text.utf8 where byte >= 0x80 {
            isASCII = false
            break
        }
        if isASCII { return text.lowercased() }
        return text.folding(options: [.caseInsensitive, .diacriticInsensitive, .widthInsensitive], locale: nil)
    }

    /// The terms of `text`, in order, folded; camelCase words also yield their parts
    /// (`PostgreSQL` → `postgresql`, `postgre`, `sql`) so both forms match.
    ///
    /// ASCII words (nearly all catalog text) are folded byte by byte; a word with other
    /// letters goes through Foundation's case and accent folding.
    public static func terms(_ text: String) -> [String] {
        var result: [String] = []
        var utf8 = text.utf8
        var hasNonASCII = false
        for byte in utf8 where byte >= 0x80 {
            hasNonASCII = true
            break
        }
        if hasNonASCII {
            return unicodeTerms(text)
        }
        var word: [UInt8] = []
        word.reserveCapacity(32)
        var parts: [Int] = []  // camelCase boundaries inside `word`
        func flush() {
            guard !word.isEmpty else { return }
            var lowered = word
            for index in lowered.indices where lowered[index] >= 0x41 && lowered[index] <= 0x5A {
                lowered[index] |= 0x20
            }
            let folded = String(decoding: lowered, as: UTF8.self)
            result.append(folded)
            if !parts.isEmpty {
                var start = 0
                for boundary in parts + [lowered.count] {
                    if boundary - start >= 2 {
                        result.append(String(decoding: lowered[start..<boundary], as: UTF8.self))
                    }
                    start = boundary
                }
            }
            word.removeAll(keepingCapacity: true)
            parts.removeAll(keepingCapacity: true)
        }
        var previousWasLower = false
        utf8 = text.utf8
        for byte in utf8 {
            let isUpper = byte >= 0x41 && byte <= 0x5A
            let isLower = byte >= 0x61 && byte <= 0x7A
            let isDigit = byte >= 0x30 && byte <= 0x39
            if isUpper || isLower || isDigit {
                if isUpper, previousWasLower, !word.isEmpty { parts.append(word.count) }
                word.append(byte)
                previousWasLower = isLower || isDigit
            } else {
                flush()
                previousWasLower = false
            }
        }
        flush()
        return result
    }

    private static func unicodeTerms(_ text: String) -> [String] {
        var result: [String] = []
        var word = ""
        func flush() {
            guard !word.isEmpty else { return }
            let folded = fold(word)
            result.append(folded)
            let parts = camelParts(word)
            if parts.count > 1 {
                for part in parts {
                    let foldedPart = fold(part)
                    if foldedPart.count >= 2, foldedPart != folded { result.append(foldedPart) }
                }
            }
            word = ""
        }
        for scalar in text.unicodeScalars {
            if isWordScalar(scalar) {
                word.unicodeScalars.append(scalar)
            } else {
                flush()
            }
        }
        flush()
        return result
    }

    /// Query terms: like `terms`, without camelCase parts, stop words dropped unless the
    /// query has nothing else.
    public static func queryTerms(_ text: String) -> [String] {
        var all: [String] = []
        var word = ""
        for scalar in text.unicodeScalars {
            if isWordScalar(scalar) {
                word.unicodeScalars.append(scalar)
            } else if !word.isEmpty {
                all.append(fold(word))
                word = ""
            }
        }
        if !word.isEmpty { all.append(fold(word)) }
        let meaningful = all.filter { !stopWords.contains($0) }
        var seen = Set<String>()
        return (meaningful.isEmpty ? all : meaningful).filter { seen.insert($0).inserted }
    }

    @inline(__always)
    private static func isWordScalar(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        if value < 0x80 {
            return (value >= 0x61 && value <= 0x7A) || (value >= 0x41 && value <= 0x5A) || (value >= 0x30 && value <= 0x39)
        }
        return scalar.properties.isAlphabetic || scalar.properties.numericType != nil
    }

    private static func camelParts(_ word: String) -> [String] {
        var parts: [String] = []
        var current = ""
        var previousWasLower = false
        for character in word {
            if character.isUppercase, previousWasLower, !current.isEmpty {
                parts.append(current)
                current = ""
            }
            current.append(character)
            previousWasLower = character.isLowercase || character.isNumber
        }
        if !current.isEmpty { parts.append(current) }
        return parts
    }
}
