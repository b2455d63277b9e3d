/// Setting and removing one member of an object, touching only that member's text.
extension JSONCDocument {
    /// Edits that set member `key` of `object` to `value`: in place if it exists (no
    /// edit at all when it already holds an equal value), else appended after the last
    /// member in the object's own style (one member a line, or inline), keeping a
    /// trailing comma if the object has one.
    func settingMember(_ key: String, to value: ConfigValue, in object: JSONCNode) -> [Edit] {
        guard let members = object.members else { return [] }
        let unit = indentUnit
        let newline = newline
        if let existing = object.member(key) {
            if existing.value.jsonValue == value.jsonValue { return [] }
            let text = startsLine(existing.keyStart)
                ? value.jsonText(indent: indentation(ofLineAt: existing.keyStart), unit: unit, newline: newline)
                : value.compactJSONText()
            return [Edit(range: existing.value.start..<existing.value.end, text: text)]
        }
        let name = ConfigValue.quoted(key) + ": "
        if let last = members.last {
            if startsLine(last.keyStart), let lineEnd = endOfLineAfter(last.value.end, commaOffset: last.commaOffset) {
                let indent = indentation(ofLineAt: last.keyStart)
                let trailingComma = last.commaOffset != nil ? "," : ""
                var edits = [Edit(range: lineEnd..<lineEnd, text: newline + indent + name + value.jsonText(indent: indent, unit: unit, newline: newline) + trailingComma)]
                if last.commaOffset == nil { edits.append(Edit(range: last.value.end..<last.value.end, text: ",")) }
                return edits
            }
            if let comma = last.commaOffset {
                return [Edit(range: comma + 1..<comma + 1, text: " " + name + value.compactJSONText() + ",")]
            }
            return [Edit(range: last.value.end..<last.value.end, text: ", " + name + value.compactJSONText())]
        }
        let parentIndent = indentation(ofLineAt: object.start)
        let indent = parentIndent + unit
        let member = indent + name + value.jsonText(indent: indent, unit: unit, newline: newline)
        let interior = (object.start + 1)..<(object.end - 1)
        if isBlank(interior) {
            return [Edit(range: interior, text: newline + member + newline + parentIndent)]
        }
        let closing = object.end - 1
        if startsLine(closing) {
            let start = lineStart(of: closing)
            return [Edit(range: start..<start, text: member + newline)]
        }
        return [Edit(range: closing..<closing, text: newline + member + newline + parentIndent)]
    }

    /// Edits that remove member `key` from `object` (its whole line(s) when it stands
    /// on its own lines), fixing the separating comma; an object left with nothing
    /// but whitespace becomes `{}`.
    func removingMember(_ key: String, from object: JSONCNode) -> [Edit] {
        guard let members = object.members, let index = members.lastIndex(where: { $0.key == key }) else { return [] }
        let member = members[index]
        let interior = (object.start + 1)..<(object.end - 1)
        var edits: [Edit]
        var removed: Range<Int>
        if startsLine(member.keyStart), let lineEnd = endOfLineAfter(member.value.end, commaOffset: member.commaOffset) {
            var end = lineEnd
            if end < bytes.count { end += bytes[end] == UInt8(ascii: "\r") ? 2 : 1 }
            removed = lineStart(of: member.keyStart)..<min(end, interior.upperBound)
            edits = [Edit(range: removed, text: "")]
            if member.commaOffset == nil, index > 0, let comma = members[index - 1].commaOffset {
                edits.append(Edit(range: comma..<comma + 1, text: ""))
            }
        } else if index > 0 {
            removed = members[index - 1].value.end..<member.value.end
            edits = [Edit(range: removed, text: "")]
        } else if index + 1 < members.count {
            removed = member.keyStart..<members[index + 1].keyStart
            edits = [Edit(range: removed, text: "")]
        } else {
            removed = member.keyStart..<(member.commaOffset.map { $0 + 1 } ?? member.value.end)
            edits = [Edit(range: removed, text: "")]
        }
        if members.count == 1,
            isBlank(interior.lowerBound..<max(interior.lowerBound, removed.lowerBound)),
            isBlank(min(removed.upperBound, interior.upperBound)..<interior.upperBound)
        {
            return [Edit(range: interior, text: "")]
        }
        return edits
    }
}
