/// Splits shell-like install snippets into commands and words: quotes, backslash escapes,
/// line continuations, and `&&`, `;`, `|` and new lines between commands. No expansion.
package enum ShellWords {
    /// The commands in `text`, each as its words. A leading `$ ` or `> ` prompt is dropped.
    package static func commands(_ text: String) -> [[String]] {
        var commands: [[String]] = []
        var words: [String] = []
        var word = ""
        var inWord = false
        var quote: Character?
        var iterator = Array(text).makeIterator()
        var pending: Character?

        func endWord() {
            if inWord { words.append(word) }
            word = ""
            inWord = false
        }
        func endCommand() {
            endWord()
            if let first = words.first, first == "$" || first == ">" || first == "#" { words.removeFirst() }
            if !words.isEmpty { commands.append(words) }
            words = []
        }

        while let character = pending ?? iterator.next() {
            pending = nil
            if let open = quote {
                if character == open {
                    quote = nil
                } else if character == "\\", open == "\"", let next = iterator.next() {
                    if next == "\n" { continue }
                    if next != "\"" && next != "\\" && next != "$" { word.append("\\") }
                    word.append(next)
                } else {
                    word.append(character)
                }
                continue
            }
            switch character {
            case "\"", "'":
                quote = character
                inWord = true
            case "\\":
                if let next = iterator.next() {
                    if next == "\n" || next == "\r\n" { continue }
                    word.append(next)
                    inWord = true
                }
            case "\n", "\r\n", ";", "|":
                endCommand()
            case "&":
                let next = iterator.next()
                if next == "&" { endCommand() } else { endWord(); pending = next }
            case "#" where !inWord:
                // A comment runs to the end of the line.
                while let next = iterator.next(), next != "\n", next != "\r\n" {}
                endCommand()
            default:
                if character.isWhitespace {
                    endWord()
                } else {
                    word.append(character)
                    inWord = true
                }
            }
        }
        endCommand()
        return commands
    }
}
