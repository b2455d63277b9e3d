import Gateway
@testable import RegistryServer
import XCTest

/// `registry-active` says what a child did wrong, in words, with what was done about it.
final class ChildFaultsWordingTests: XCTestCase {
    /// A server as `registry-active` gets it from the gateway (decoded: its init is the gateway's).
    func server(_ faults: ChildFaults?) throws -> ActiveServerInfo {
        let base = #"{"entryID":"local/hostile","prefix":"h","kind":"container","status":"running","tools":["h__echo"],"toolCount":1,"resourceCount":0,"promptCount":0,"restarts":1,"environmentNames":[],"secretNames":[]}"#
        var server = try JSONDecoder().decode(ActiveServerInfo.self, from: Data(base.utf8))
        server.faults = faults
        return server
    }

    func testEveryFaultIsWordedWithWhatWasDone() throws {
        var faults = ChildFaults()
        faults.malformedMessages = 6
        faults.unsolicitedResponses = 1
        faults.droppedNotifications = 98_000
        faults.timedOutCalls = 2
        faults.lastTimedOutTool = "hang"
        faults.lastTimeoutSeconds = 2
        faults.oversizedMessageLimit = 16 * 1_048_576
        faults.closedOutputWhileRunning = true
        let text = ActiveTool.render([try server(faults)])
        XCTAssertTrue(text.contains("faults of the server:"), text)
        XCTAssertTrue(text.contains("it wrote 6 lines that are not JSON-RPC; ignored"), text)
        XCTAssertTrue(text.contains("it sent 1 response to requests never made; ignored"), text)
        XCTAssertTrue(text.contains("98000 notifications over 1000/s were dropped"), text)
        XCTAssertTrue(text.contains("2 calls got no answer in time and were cancelled (last: hang after 2 s; raise containers.callTimeout"), text)
        XCTAssertTrue(text.contains("a message over 16 MiB; its connection was ended"), text)
        XCTAssertTrue(text.contains("closed its output while still running"), text)
    }

    func testAWellBehavedServerShowsNoFaults() throws {
        XCTAssertFalse(ActiveTool.render([try server(nil)]).contains("fault"))
        XCTAssertEqual(ChildFaults().sentences, [])
    }
}
