import ContainerRuntime
import Foundation
import Gateway
import HostileChild
import MCP
import RegistryCore
import XCTest

/// The real `Gateway` with real child processes (`HostileChildServer`, Python) that break
/// the MCP rules: each fault is survived, kept as a typed fault for `registry-active`, and
/// other tools keep answering.
final class HostileChildGatewayTests: XCTestCase {
    var gateway: Gateway?

    override func tearDown() async throws {
        await gateway?.stopAll()
    }

    func makeGateway(callTimeout: Double = 60) -> Gateway {
        let gateway = Gateway(
            settings: RegistrySettings(containers: ContainerSettings(startTimeout: 60, callTimeout: callTimeout)),
            connectors: [ProcessChildConnector()],
            restartPolicy: .init(initialDelay: 0.2, maximumDelay: 1, maximumAttempts: 5, stableUptime: 30))
        self.gateway = gateway
        return gateway
    }

    func text(_ result: CallTool.Result) -> String {
        result.content.compactMap { if case .text(let text, _, _) = $0 { text } else { nil } }.joined()
    }

    func faults(_ gateway: Gateway, _ prefix: String) async -> ChildFaults {
        await gateway.active().first { $0.prefix == prefix }?.faults ?? ChildFaults()
    }

    /// A relayed `tools/call` request line, as a client sends it.
    func relayed(_ tool: String, id: Int, arguments: String = "{}") throws -> JSONRPCLine {
        try XCTUnwrap(JSONRPCLine(Data(#"{"jsonrpc":"2.0","id":\#(id),"method":"tools/call","params":{"name":"\#(tool)","arguments":\#(arguments)}}"#.utf8)))
    }

    /// Waits (generously) until `condition` holds.
    func eventually(_ what: String, timeout: Double = 60, _ condition: () async -> Bool) async {
        let end = Date().addingTimeInterval(timeout)
        while Date() < end {
            if await condition() { return }
            try? await Task.sleep(nanoseconds: 100_000_000)
        }
        XCTFail("timed out waiting: \(what)")
    }

    func testResponsesToRequestsNeverMadeAreDroppedAndTheSessionKeepsWorking() async throws {
        let gateway = makeGateway()
        _ = try await gateway.activate(entry: HostileChildServer.entry(id: "local/hostile", name: "h"), prefix: "h")
        let sdk = try await gateway.call(exposedName: "h__unsolicited", arguments: [:])
        XCTAssertEqual(text(sdk), "unsolicited sent")
        let relayed = try await gateway.forward(exposedName: "h__unsolicited", request: try relayed("h__unsolicited", id: 7))
        XCTAssertTrue(String(decoding: relayed, as: UTF8.self).contains("unsolicited sent"))
        let echo = try await gateway.call(exposedName: "h__echo", arguments: ["text": "still here"])
        XCTAssertEqual(text(echo), "still here")
        let faults = await faults(gateway, "h")
        XCTAssertEqual(faults.unsolicitedResponses, 4, "two per call, through the SDK and through the relay")
        XCTAssertEqual(faults.malformedMessages, 0)
        let status = await gateway.active().first?.status
        XCTAssertEqual(status, "running")
    }

    func testMalformedLinesAreDroppedAndCounted() async throws {
        let gateway = makeGateway()
        _ = try await gateway.activate(entry: HostileChildServer.entry(id: "local/hostile", name: "h"), prefix: "h")
        let result = try await gateway.call(exposedName: "h__garbage", arguments: [:])
        XCTAssertEqual(text(result), "garbage sent")
        let relayed = try await gateway.forward(exposedName: "h__garbage", request: try relayed("h__garbage", id: 8))
        XCTAssertTrue(String(decoding: relayed, as: UTF8.self).contains("garbage sent"))
        let faults = await faults(gateway, "h")
        XCTAssertEqual(faults.malformedMessages, 12, "six lines that are not JSON-RPC messages, twice")
        let echo = try await gateway.call(exposedName: "h__echo", arguments: ["text": "ok"])
        XCTAssertEqual(text(echo), "ok")
    }

    func testANotificationFloodIsCutWhileAnotherServerAnswers() async throws {
        let gateway = makeGateway()
        _ = try await gateway.activate(entry: HostileChildServer.entry(id: "local/hostile", name: "h"), prefix: "h")
        _ = try await gateway.activate(entry: HostileChildServer.entry(id: "local/calm", name: "c"), prefix: "c")
        let count = 100_000
        let began = Date()
        let flood = Task { try await gateway.call(exposedName: "h__flood", arguments: ["count": .int(count)]) }
        // Another server's tool answers while the flood is on (its timing is the benchmark's).
        for round in 0..<20 {
            let echo = try await gateway.call(exposedName: "c__echo", arguments: ["text": "calm \(round)"])
            XCTAssertEqual(text(echo), "calm \(round)")
        }
        let flooded = try await flood.value
        let elapsed = Date().timeIntervalSince(began)
        XCTAssertEqual(text(flooded), "flooded", "the call that flooded still gets its answer")
        let faults = await faults(gateway, "h")
        let admitted = count - faults.droppedNotifications
        XCTAssertGreaterThan(faults.droppedNotifications, 0)
        XCTAssertLessThanOrEqual(
            Double(admitted), Double(ChildFaultLog.notificationBurst) + Double(ChildFaultLog.notificationsPerSecond) * elapsed + 1,
            "no more than the budget reached the session")
        let calm = await self.faults(gateway, "c")
        XCTAssertTrue(calm.isEmpty, "the calm server has no faults: \(calm)")
        let echo = try await gateway.call(exposedName: "h__echo", arguments: ["text": "after"])
        XCTAssertEqual(text(echo), "after", "the flooding server itself still answers")
    }

    func testANeverEndingCallTimesOutIsCancelledAtTheChildAndTheChildStillAnswers() async throws {
        let gateway = makeGateway(callTimeout: 2)
        _ = try await gateway.activate(entry: HostileChildServer.entry(id: "local/hostile", name: "h"), prefix: "h")
        do {
            _ = try await gateway.call(exposedName: "h__hang", arguments: [:])
            XCTFail("a call that never ends returned")
        } catch let error as ChildSessionError {
            XCTAssertEqual(error, .callTimeout(tool: "hang", seconds: 2))
        }
        do {
            _ = try await gateway.forward(exposedName: "h__hang", request: try relayed("h__hang", id: 9))
            XCTFail("a relayed call that never ends returned")
        } catch let error as ChildSessionError {
            XCTAssertEqual(error, .callTimeout(tool: "hang", seconds: 2))
        }
        let session = await gateway.session(for: "h")
        await eventually("both cancellations reach the child") {
            (session?.connection.recentErrorOutput(50) ?? []).filter { $0.hasPrefix("cancelled ") }.count == 2
        }
        let cancelled = (session?.connection.recentErrorOutput(50) ?? []).filter { $0.hasPrefix("cancelled ") }
        XCTAssertTrue(cancelled.contains(#"cancelled "mcp-registry-relay-1""#), "\(cancelled)")
        let faults = await faults(gateway, "h")
        XCTAssertEqual(faults.timedOutCalls, 2)
        XCTAssertEqual(faults.lastTimedOutTool, "hang")
        XCTAssertEqual(faults.lastTimeoutSeconds, 2)
        let echo = try await gateway.call(exposedName: "h__echo", arguments: ["text": "alive"])
        XCTAssertEqual(text(echo), "alive")
    }

    func testAnOversizedMessageEndsTheConnectionAndTheServerIsRestarted() async throws {
        let gateway = makeGateway()
        _ = try await gateway.activate(entry: HostileChildServer.entry(id: "local/hostile", name: "h"), prefix: "h")
        do {
            _ = try await gateway.call(exposedName: "h__oversize", arguments: ["megabytes": 20])
            XCTFail("a 20 MB message was taken")
        } catch let error as ChildSessionError {
            guard case .callFailed(let tool, _) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(tool, "oversize")
        }
        let faults = await faults(gateway, "h")
        XCTAssertEqual(faults.oversizedMessageLimit, 16 * 1_048_576)
        await eventually("the server is restarted") {
            let server = await gateway.active().first
            return server?.status == "running" && (server?.restarts ?? 0) >= 1
        }
        let echo = try await gateway.call(exposedName: "h__echo", arguments: ["text": "back"])
        XCTAssertEqual(text(echo), "back")
    }

    func testClosingStdoutWhileRunningIsAFaultAndTheServerIsRestarted() async throws {
        let gateway = makeGateway(callTimeout: 30)
        _ = try await gateway.activate(entry: HostileChildServer.entry(id: "local/hostile", name: "h"), prefix: "h")
        let first = await gateway.session(for: "h")?.connection as? ProcessChildConnection
        do {
            _ = try await gateway.call(exposedName: "h__close_output", arguments: [:])
            XCTFail("a call whose server closed its output returned")
        } catch is ChildSessionError {}
        await eventually("the fault is kept") { await self.faults(gateway, "h").closedOutputWhileRunning }
        await eventually("the server is restarted") {
            let server = await gateway.active().first
            return server?.status == "running" && (server?.restarts ?? 0) >= 1
        }
        XCTAssertEqual(first?.process.isRunning, false, "the child that closed its output was stopped, not left running")
        let echo = try await gateway.call(exposedName: "h__echo", arguments: ["text": "back"])
        XCTAssertEqual(text(echo), "back")
    }
}
