import Foundation

/// The JSON-RPC messages in a Streamable HTTP response body read whole.
public enum SSEPayloads {
    /// The JSON-RPC messages in one response body: the body itself when it is JSON, else the
    /// `data:` payloads of its SSE events.
    public static func messages(in body: Data) -> [Data] {
        guard let first = body.first(where: { !($0 == 0x20 || $0 == 0x0a || $0 == 0x0d || $0 == 0x09) }) else { return [] }
        if first == UInt8(ascii: "{") || first == UInt8(ascii: "[") { return [body] }
        guard let text = String(data: body, encoding: .utf8) else { return [] }
        var messages: [Data] = []
        var dataLines: [Substring] = []
        func dispatch() {
            if !dataLines.isEmpty {
                let payload = dataLines.joined(separator: "\n")
                if !payload.trimmingCharacters(in: .whitespaces).isEmpty { messages.append(Data(payload.utf8)) }
            }
            dataLines = []
        }
        // "\r\n" is one Character in Swift, so split on any line break.
        for line in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline) {
            if line.isEmpty {
                dispatch()
            } else if line.hasPrefix("data:") {
                var value = line.dropFirst(5)
                if value.hasPrefix(" ") { value = value.dropFirst() }
                dataLines.append(value)
            }
        }
        dispatch()
        return messages
    }
}
