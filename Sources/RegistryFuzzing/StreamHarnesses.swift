import Foundation
import Gateway

/// Harness for the SSE event-stream parser: the stream is fed in chunks whose lengths the
/// input's first byte chooses, and must yield the same events as when fed whole.
enum StreamHarnesses {
    static func sseStream(_ data: Data) {
        guard let first = data.first else { return }
        let stream = Data(data.dropFirst())
        var whole = SSEEventParser()
        let expected = whole.feed(stream)
        var chunked = SSEEventParser()
        var events: [SSEEventParser.Event] = []
        let step = Int(first % 17) + 1
        var start = stream.startIndex
        while start < stream.endIndex {
            let end = min(start + step, stream.endIndex)
            events += chunked.feed(stream[start..<end])
            start = end
        }
        precondition(events == expected, "SSE events depend on where the stream was cut")
    }
}
