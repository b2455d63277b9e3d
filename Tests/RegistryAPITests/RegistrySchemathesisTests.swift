import Foundation
import Logging
import RegistryAPI
import XCTest

/// schemathesis (PyPI) generates requests from the served `/openapi.yaml` (publishing
/// included, with a valid token) and checks that no response is a 5xx and that every
/// response conforms to the spec's schemas and content types. Runs `st` from the test venv
/// (`MCP_REGISTRY_E2E_PYTHON`'s folder, or `.build/venv`), which `scripts/install-deps --test` fills.
final class RegistrySchemathesisTests: XCTestCase {
    func testNoServerErrorsAndResponsesFollowTheSpec() async throws {
        let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let python = ProcessInfo.processInfo.environment["MCP_REGISTRY_E2E_PYTHON"] ?? packageRoot.appendingPathComponent(".build/venv/bin/python").path
        let st = URL(fileURLWithPath: python).deletingLastPathComponent().appendingPathComponent("st").path
        guard FileManager.default.isExecutableFile(atPath: st) else {
            return XCTFail("schemathesis is missing at \(st): run scripts/install-deps --test")
        }
        try await StoreKind.sqlite.withStore { store, _ in
            let issued = AccessTokenIssuer.issue(namespace: "*", permission: .admin, description: nil, lifetime: 3_600, now: RegistryTime.now())
            try await store.insertToken(issued.record)
            let ready = AsyncStream<Int>.makeStream()
            let service = RegistryHTTPService(store: store, configuration: .init(port: 0, metrics: false), logger: Logger(label: "schemathesis"))
            let app = try service.application { port in ready.continuation.yield(port) }
            let server = Task { try await app.runService() }
            defer { server.cancel() }
            var iterator = ready.stream.makeAsyncIterator()
            guard let port = await iterator.next() else { return XCTFail("the service did not start") }
            let base = "http://127.0.0.1:\(port)"
            let output = try await Self.run(st, [
                "run", "\(base)/openapi.yaml", "--url", base,
                "--checks", "not_a_server_error,response_schema_conformance,content_type_conformance",
                "--header", "Authorization: Bearer \(issued.token)",
                "--max-examples", "40", "--workers", "1", "--no-color",
            ])
            XCTAssertEqual(output.status, 0, output.text)
            XCTAssertFalse(output.text.contains("Server error"), output.text)
            let statistics = try await store.statistics()
            print("schemathesis stored \(statistics.versions) versions; output tail:\n\(output.text.suffix(1_500))")
        }
    }

    /// Runs a process on a thread of its own (not the cooperative pool the server needs).
    static func run(_ executable: String, _ arguments: [String]) async throws -> (status: Int32, text: String) {
        try await withCheckedThrowingContinuation { continuation in
            Thread.detachNewThread {
                continuation.resume(with: Result { try runBlocking(executable, arguments) })
            }
        }
    }

    static func runBlocking(_ executable: String, _ arguments: [String]) throws -> (status: Int32, text: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        // schemathesis keeps a `.schemathesis/` cache in its working folder: a temp one, not the checkout.
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("service-schemathesis-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        process.currentDirectoryURL = folder
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}
