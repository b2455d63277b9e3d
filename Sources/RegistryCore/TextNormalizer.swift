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
    public static func terms(_ text: String) -> [String] {
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
