import Foundation
import XCTest

@testable import Gateway

/// The event-stream parser of the legacy SSE transport, fed in arbitrary chunks.
final class SSEEventParserTests: XCTestCase {
    func testEventsAcrossChunksWithNamesCommentsAndLineEndings() {
        let text = ": ping\r\nevent: endpoint\r\ndata: /messages/?session_id=abc\r\n\r\nevent: message\ndata: {\"a\":\ndata: 1}\nid: 7\n\ndata: plain\n\nevent: ignored-without-data\n\n"
        let bytes = Array(text.utf8)
        for size in [1, 3, 7, bytes.count] {
            var parser = SSEEventParser()
            var events: [SSEEventParser.Event] = []
            var index = 0
            while index < bytes.count {
                let end = min(bytes.count, index + size)
                events += parser.feed(Data(bytes[index..<end]))
                index = end
            }
            XCTAssertEqual(events, [
                .init(name: "endpoint", data: "/messages/?session_id=abc"),
                .init(name: "message", data: "{\"a\":\n1}"),
                .init(name: "message", data: "plain"),
            ], "chunks of \(size)")
        }
        var parser = SSEEventParser()
        XCTAssertEqual(parser.feed(Data("data: incomplete\n".utf8)), [], "no event before the blank line")
    }
}
