import Foundation

/// Reads a `text/event-stream` as it arrives, chunk by chunk, into its events (name and
/// data), as the HTML living standard describes: `event:` names the event (`message` when
/// absent), `data:` lines are joined with line breaks, a blank line ends the event, lines
/// starting with `:` are comments. `id:` and `retry:` are ignored.
package struct SSEEventParser: Sendable {
    /// One event of the stream.
    package struct Event: Sendable, Equatable {
        var name: String
        var data: String
    }

    private var pending = Data()
    private var name: String?
    private var dataLines: [String] = []
    private var sawData = false
    private var afterCarriageReturn = false

    package init() {}

    /// The events completed by `chunk` (a chunk may end in the middle of a line or event).
    package mutating func feed(_ chunk: Data) -> [Event] {
        var events: [Event] = []
        for byte in chunk {
            switch byte {
            case 0x0d:
                line(&events)
                afterCarriageReturn = true
            case 0x0a:
                if !afterCarriageReturn { line(&events) }
                afterCarriageReturn = false
            default:
                afterCarriageReturn = false
                pending.append(byte)
            }
        }
        return events
    }

    private mutating func line(_ events: inout [Event]) {
        let text = String(decoding: pending, as: UTF8.self)
        pending.removeAll(keepingCapacity: true)
        if text.isEmpty {
            if sawData {
                events.append(Event(name: name.flatMap { $0.isEmpty ? nil : $0 } ?? "message", data: dataLines.joined(separator: "\n")))
            }
            name = nil
            dataLines = []
            sawData = false
            return
        }
        if text.hasPrefix(":") { return }
        let field: Substring
        var value: Substring
        if let colon = text.firstIndex(of: ":") {
            field = text[..<colon]
            value = text[text.index(after: colon)...]
            if value.hasPrefix(" ") { value = value.dropFirst() }
        } else {
            field = Substring(text)
            value = ""
        }
        switch field {
        case "event": name = String(value)
        case "data":
            dataLines.append(String(value))
            sawData = true
        default: break
        }
    }
}
