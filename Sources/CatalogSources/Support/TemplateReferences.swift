import Foundation

/// Finds the variables a template string refers to.
package enum TemplateReferences {
    /// Names in `${NAME}` and `$NAME` forms (`Bearer ${APIFY_API_KEY}` → `APIFY_API_KEY`).
    package static func dollarNames(in text: String) -> [String] {
        var names: [String] = []
        var index = text.startIndex
        while let dollar = text[index...].firstIndex(of: "$") {
            var cursor = text.index(after: dollar)
            let braced = cursor < text.endIndex && text[cursor] == "{"
            if braced { cursor = text.index(after: cursor) }
            let start = cursor
            while cursor < text.endIndex, text[cursor] == "_" || text[cursor].isLetter || text[cursor].isNumber {
                cursor = text.index(after: cursor)
            }
            if cursor > start { names.append(String(text[start..<cursor])) }
            index = cursor > dollar ? cursor : text.index(after: dollar)
            if index >= text.endIndex { break }
        }
        return names
    }

    /// Names in `{name}` form (official registry URL and argument variables), not `{{…}}`.
    package static func braceNames(in text: String) -> [String] {
        var names: [String] = []
        var index = text.startIndex
        while let open = text[index...].firstIndex(of: "{") {
            let next = text.index(after: open)
            if next < text.endIndex, text[next] == "{" {
                index = text.index(after: next)
                continue
            }
            if open > text.startIndex, text[text.index(before: open)] == "$" {
                index = next
                continue
            }
            guard let close = text[next...].firstIndex(of: "}") else { break }
            let name = text[next..<close]
            if !name.isEmpty, name.allSatisfy({ $0 == "_" || $0 == "-" || $0 == "." || $0.isLetter || $0.isNumber }) {
                names.append(String(name))
            }
            index = text.index(after: close)
        }
        return names
    }
}
