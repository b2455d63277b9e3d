/// The other English forms of a word, for matching `databases` with `database`, `notes`
/// with `note` and `scheduling` with `schedule`: a light, deterministic stemmer in the
/// manner of Porter's first step (plural `-s`/`-es`/`-ies`, `-ing`, `-ed`, a doubled
/// final consonant, a dropped final `e`), run backwards to spell the word's inflections.
///
/// Only inflections are produced, never derivations (`contain` does not become
/// `container`), and words of fewer than 4 letters are left alone. The forms are looked up
/// in the index's vocabulary, so no stem is ever stored.
public enum WordForms {
    /// The forms of `word` (folded, ASCII letters), without `word` itself, sorted. Empty
    /// for short words and words with other characters.
    public static func forms(of word: String) -> [String] {
        let letters = Array(word.utf8)
        guard letters.count >= 4, letters.allSatisfy({ $0 >= 0x61 && $0 <= 0x7A }) else { return [] }
        var forms = Set<String>()
        for root in roots(letters) {
            for form in inflections(of: root) { forms.insert(String(decoding: form, as: UTF8.self)) }
        }
        forms.remove(word)
        return forms.sorted()
    }

    /// The base forms a word may come from: itself, or what is left once an inflection is
    /// taken off (`databases` → `database`, `databas`; `scheduling` → `schedul`, `schedule`;
    /// `running` → `run`; `queries` → `query`).
    static func roots(_ word: [UInt8]) -> [[UInt8]] {
        func ends(_ suffix: String) -> Bool { word.count > suffix.utf8.count && word.suffix(suffix.utf8.count).elementsEqual(suffix.utf8) }
        if ends("ies"), word.count >= 5 {
            return [word.dropLast(3) + Array("y".utf8)]
        }
        if ends("es"), sibilantEnding(Array(word.dropLast(2))) {
            return [Array(word.dropLast(2)), Array(word.dropLast(1))]
        }
        if ends("s"), !ends("ss"), !ends("us"), !ends("is") {
            return [Array(word.dropLast(1))]
        }
        for suffix in ["ing", "ed"] where ends(suffix) {
            let stem = Array(word.dropLast(suffix.utf8.count))
            guard stem.count >= 3, stem.contains(where: { isVowel($0) || $0 == UInt8(ascii: "y") }) else { return [word] }  // sync-ing, not str-ing
            var roots: [[UInt8]] = [stem + Array("e".utf8)]
            if stem.count >= 4 { roots.append(stem) }
            if let last = stem.last, stem.count >= 4, stem[stem.count - 2] == last, !"lsz".utf8.contains(last), !isVowel(last) {
                roots.append(Array(stem.dropLast()))  // running → run, but not calling → cal
            }
            return roots
        }
        return [word]
    }

    /// A root and its inflections: `schedule` → `schedules`, `scheduled`, `scheduling`;
    /// `query` → `queries`, `queried`; `run` → `runs`, `running`.
    static func inflections(of root: [UInt8]) -> [[UInt8]] {
        guard let last = root.last, root.count >= 3 else { return [] }
        func plus(_ suffix: String, on base: [UInt8] = root) -> [UInt8] { base + Array(suffix.utf8) }
        var forms: [[UInt8]] = [root]
        if last == UInt8(ascii: "e") {
            let cut = Array(root.dropLast())
            forms += [plus("s"), plus("d"), plus("ing", on: cut)]
        } else if last == UInt8(ascii: "y"), !isVowel(root[root.count - 2]) {
            let cut = Array(root.dropLast())
            forms += [plus("ies", on: cut), plus("ied", on: cut), plus("ing")]
        } else {
            forms += [plus(sibilantEnding(root) ? "es" : "s"), plus("ed"), plus("ing")]
            // One short syllable ending consonant–vowel–consonant doubles it: run → running.
            if root.count <= 4, !isVowel(last), !"wxy".utf8.contains(last), isVowel(root[root.count - 2]), !isVowel(root[root.count - 3]) {
                forms += [plus("ing", on: root + [last]), plus("ed", on: root + [last])]
            }
        }
        return forms
    }

    /// Ends in s, x, z, ch or sh (takes `-es`).
    static func sibilantEnding(_ word: [UInt8]) -> Bool {
        guard let last = word.last else { return false }
        if "sxz".utf8.contains(last) { return true }
        return last == UInt8(ascii: "h") && word.count >= 2 && "cs".utf8.contains(word[word.count - 2])
    }

    static func isVowel(_ byte: UInt8) -> Bool { "aeiou".utf8.contains(byte) }
}
