import Foundation
import Gateway
import XCTest

final class JSONRPCLineTests: XCTestCase {
    func testReadsTopLevelMembersAndRewritesOnlyIdAndName() throws {
        let text = #"{"jsonrpc":"2.0", "id" : 17,"method":"tools/call","params":{"name":"fx__echo","arguments":{"text":"a \"quoted\" }{ ][ value","n":[1,2.5e3,-3,true,null,{"x":"\\"}]}}}"#
        let line = try XCTUnwrap(JSONRPCLine(Data(text.utf8)))
        XCTAssertEqual(line.members.map(\.name), ["jsonrpc", "id", "method", "params"])
        XCTAssertEqual(line.id, Data("17".utf8))
        XCTAssertEqual(line.method, "tools/call")
        XCTAssertFalse(line.isResponse)
        let params = try XCTUnwrap(line.range(of: "params").flatMap(line.members(ofObjectAt:)))
        XCTAssertEqual(params.map(\.name), ["name", "arguments"])
        let name = try XCTUnwrap(params.first?.value)
        XCTAssertEqual(line.string(at: name), "fx__echo")

        let rewritten = line.replacing([(line.range(of: "id")!, Data(#""relay-1""#.utf8)), (name, JSONRPCLine.quoted("echo"))])
        let original = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(text.utf8)) as? NSDictionary)
        let changed = try XCTUnwrap(JSONSerialization.jsonObject(with: rewritten) as? NSDictionary)
        XCTAssertEqual(changed["id"] as? String, "relay-1")
        XCTAssertEqual((changed["params"] as? NSDictionary)?["name"] as? String, "echo")
        XCTAssertEqual((changed["params"] as? NSDictionary)?["arguments"] as? NSDictionary, (original["params"] as? NSDictionary)?["arguments"] as? NSDictionary,
                       "the arguments pass through byte for byte")
        XCTAssertTrue(String(decoding: rewritten, as: UTF8.self).contains(#""text":"a \"quoted\" }{ ][ value""#))
    }

    func testEscapedStringsAndResponses() throws {
        let line = try XCTUnwrap(JSONRPCLine(Data(#"{"id":"a\u0062\"c","result":{"content":[]}}"#.utf8)))
        XCTAssertEqual(line.id.map { String(decoding: $0, as: UTF8.self) }, #""a\u0062\"c""#)
        XCTAssertTrue(line.isResponse)
        XCTAssertNil(line.method)
        XCTAssertEqual(line.string(at: line.range(of: "id")!), "ab\"c")
        XCTAssertEqual(JSONRPCLine.quoted("say \"hi\"\n"), Data(#""say \"hi\"\n""#.utf8))
    }

    func testRejectsWhatIsNotOneObject() {
        for text in ["", "[]", #"[{"id":1}]"#, #"{"id":1"#, #"{"id":1,}"#, #"{"id" 1}"#, #"{"a":"unterminated}"#, #"{"a":[1,2}"#, "{} {}", "\"text\""] {
            XCTAssertNil(JSONRPCLine(Data(text.utf8)), text)
        }
        XCTAssertNotNil(JSONRPCLine(Data(" { } \n".utf8)))
    }
}
