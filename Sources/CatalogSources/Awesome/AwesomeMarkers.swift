/// The emoji markers awesome lists put before a description (`🎖️ 📇 ☁️ 🏠 - …`):
/// stripped from the text, and turned into the official flag and tags.
enum AwesomeMarkers {
    /// Markers found at the start of a description.
    struct Found: Equatable {
        var official = false
        var tags: [String] = []
    }

    /// Legend used by the common MCP awesome lists.
    private static let tagsByScalar: [UInt32: String] = [
        0x1F4C7: "typescript", // 📇
        0x1F40D: "python",     // 🐍
        0x1F3CE: "go",         // 🏎️
        0x1F980: "rust",       // 🦀
        0x2615: "java",        // ☕
        0x2601: "cloud",       // ☁️
        0x1F3E0: "local",      // 🏠
        0x1F4DF: "embedded",   // 📟
        0x1F34E: "macos",      // 🍎
        0x1FA9F: "windows",    // 🪟
        0x1F427: "linux",      // 🐧
    ]
    private static let official: UInt32 = 0x1F396 // 🎖️

    /// Strips leading whitespace, emoji markers and the separators around them (`:`, `-`,
    /// `—`, `–`, `|`, `·`), as in `- 🐍 ☁️ 🎖️ -  Navigate…`.
    static func strip(_ text: String) -> (text: String, markers: Found) {
        var found = Found()
        let scalars = text.unicodeScalars
        var index = scalars.startIndex
        while index < scalars.endIndex {
            let scalar = scalars[index]
            if scalar.properties.isWhitespace {
                index = scalars.index(after: index)
                continue
            }
            if isMarker(scalars, at: index) {
                if scalar.value == official { found.official = true }
                if let tag = tagsByScalar[scalar.value], !found.tags.contains(tag) { found.tags.append(tag) }
                if scalar == "#" { if !found.tags.contains("csharp") { found.tags.append("csharp") } }
                index = scalars.index(after: index)
                // Variation selectors, keycaps, skin tones, zero-width joiners and what they join.
                while index < scalars.endIndex {
                    let next = scalars[index]
                    if next.value == 0xFE0F || next.value == 0xFE0E || next.value == 0x20E3 || (0x1F3FB...0x1F3FF).contains(next.value) {
                        index = scalars.index(after: index)
                    } else if next.value == 0x200D {
                        index = scalars.index(after: index)
                        if index < scalars.endIndex { index = scalars.index(after: index) }
                    } else {
                        break
                    }
                }
                continue
            }
            if scalar == ":" || scalar == "-" || scalar == "—" || scalar == "–" || scalar == "|" || scalar == "·" {
                index = scalars.index(after: index)
                continue
            }
            break
        }
        return (String(scalars[index...]), found)
    }

    private static func isMarker(_ scalars: String.UnicodeScalarView, at index: String.UnicodeScalarView.Index) -> Bool {
        let scalar = scalars[index]
        if scalar.value < 0x80 {
            // `#️⃣` starts with an ASCII `#` followed by a variation selector or keycap.
            guard scalar == "#" else { return false }
            let next = scalars.index(after: index)
            return next < scalars.endIndex && (scalars[next].value == 0xFE0F || scalars[next].value == 0x20E3)
        }
        let properties = scalar.properties
        return properties.isEmojiPresentation || properties.isEmoji || (0x1F000...0x1FAFF).contains(scalar.value)
    }
}
