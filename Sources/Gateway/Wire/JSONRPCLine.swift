import Foundation

/// One JSON-RPC 2.0 message as it came over the wire (one line of the MCP stdio
/// transport), read only as far as its top-level members: `id`, `method`, `params`,
/// `result`, `error` are byte ranges into the untouched text. Lets a relay rewrite the id
/// or one field and pass the rest through without decoding it.
public struct JSONRPCLine: Sendable {
    /// The message text (indices from 0).
    public let bytes: Data
    /// Its top-level members, in order.
    public let members: [JSONScan.Member]

    /// `nil` when `data` is not one JSON object (a batch, or not JSON).
    public init?(_ data: Data) {
        let bytes = data.startIndex == 0 ? data : Data(data)
        guard let members = bytes.withUnsafeBytes({ JSONScan.members(of: $0, in: 0..<$0.count) }) else { return nil }
        self.bytes = bytes
        self.members = members
    }

    /// The byte range of the top-level member `name`'s value.
    public func range(of name: String) -> Range<Int>? {
        members.first(where: { $0.name == name })?.value
    }

    /// The text of the value at `range`.
    public func text(_ range: Range<Int>) -> Data {
        bytes.subdata(in: range)
    }

    /// The id's text as sent (`7`, `"abc"`); `nil` for a notification.
    public var id: Data? { range(of: "id").map(text) }

    /// The method of a request or notification.
    public var method: String? {
        guard let range = range(of: "method") else { return nil }
        return string(at: range)
    }

    /// Whether this is a reply (it has `result` or `error`).
    public var isResponse: Bool { range(of: "result") != nil || range(of: "error") != nil }

    /// The string at `range`, unescaped; `nil` when it is not a string.
    public func string(at range: Range<Int>) -> String? {
        bytes.withUnsafeBytes { JSONScan.string($0, range) }
    }

    /// The members of the object at `range` (e.g. `params`); `nil` when it is not an object.
    public func members(ofObjectAt range: Range<Int>) -> [JSONScan.Member]? {
        bytes.withUnsafeBytes { JSONScan.members(of: $0, in: range) }
    }

    /// The text with each range replaced (ranges must not overlap).
    public func replacing(_ edits: [(range: Range<Int>, with: Data)]) -> Data {
        var result = Data()
        result.reserveCapacity(bytes.count + 32)
        var position = 0
        for edit in edits.sorted(by: { $0.range.lowerBound < $1.range.lowerBound }) {
            result.append(bytes.subdata(in: position..<edit.range.lowerBound))
            result.append(edit.with)
            position = edit.range.upperBound
        }
        result.append(bytes.subdata(in: position..<bytes.count))
        return result
    }

    /// `text` as a JSON string literal.
    public static func quoted(_ text: String) -> Data {
        (try? JSONEncoder().encode(text)) ?? Data("\"\"".utf8)
    }
}
