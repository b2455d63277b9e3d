import RegistryCore

/// A value in a parsed JSON (or JSON-with-comments) text, with the byte offsets it
/// spans so that an edit can touch exactly its text and nothing else.
struct JSONCNode: Sendable {
    enum Kind: Sendable {
        case object([JSONCMember])
        case array([JSONCNode])
        case string(String)
        case number(String)
        case bool(Bool)
        case null
    }

    var kind: Kind
    /// Offset of the first byte of the value.
    var start: Int
    /// Offset just past the last byte of the value.
    var end: Int

    /// The members, if the value is an object.
    var members: [JSONCMember]? {
        if case .object(let members) = kind { return members }
        return nil
    }

    /// The last member named `key`, if the value is an object (later duplicates win, as in most parsers).
    func member(_ key: String) -> JSONCMember? {
        members?.last(where: { $0.key == key })
    }

    /// The value as a `JSONValue` (comments and formatting dropped).
    var jsonValue: JSONValue {
        switch kind {
        case .object(let members):
            .object(Dictionary(members.map { ($0.key, $0.value.jsonValue) }, uniquingKeysWith: { _, last in last }))
        case .array(let values): .array(values.map(\.jsonValue))
        case .string(let value): .string(value)
        case .number(let text): .number(Double(text) ?? 0)
        case .bool(let value): .bool(value)
        case .null: .null
        }
    }
}

/// One `"key": value` member of an object.
struct JSONCMember: Sendable {
    var key: String
    /// Offset of the key's opening quote.
    var keyStart: Int
    var value: JSONCNode
    /// Offset of the comma that follows the value, if any.
    var commaOffset: Int?
}
