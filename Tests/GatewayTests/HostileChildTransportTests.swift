import Foundation
import MCPStdio
import Synchronization
import XCTest

/// A real child process (Python) that misbehaves on its stdout, read through `PipeTransport`
/// as the registry reads a server's: a 50 MB message, malformed JSON and a flood of
/// notifications, stdout closed while the process keeps running.
final class HostileChildTransportTests: XCTestCase {
    /// Starts `python3 -c script`; returns the process and a connected transport.
    func child(_ script: String, screen: (@Sendable (Data) -> Bool)? = nil) async throws -> (Process, PipeTransport) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script]
        let stdin = Pipe()
        let stdout = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = FileHandle.nullDevice
        try process.run()
        let transport = PipeTransport(input: stdout.fileHandleForReading, output: stdin.fileHandleForWriting)
        if let screen { await transport.screen(screen) }
        try await transport.connect()
        return (process, transport)
    }

    func testA50MegabyteMessageEndsTheStreamWithoutBeingHeldInMemory() async throws {
        let (process, transport) = try await child("""
        import sys, time
        sys.stdout.write('{"jsonrpc":"2.0","method":"notifications/message","params":{}}\\n')
        chunk = 'x' * (1 << 20)
        for _ in range(50):
            sys.stdout.write(chunk)
        sys.stdout.write('\\n')
        sys.stdout.flush()
        time.sleep(60)
        """)
        defer { process.terminate() }
        var lines = 0
        do {
            for try await _ in transport.receive() { lines += 1 }
            XCTFail("the stream ended normally")
        } catch let error as PipeTransportError {
            XCTAssertEqual(error, .messageTooLarge(limit: PipeTransport.defaultMaximumMessageSize))
        }
        XCTAssertEqual(lines, 1, "the line before the huge one arrives")
    }

    func testMalformedLinesAndANotificationFloodAllArriveInOrder() async throws {
        let (process, transport) = try await child("""
        import sys
        out = sys.stdout
        out.write('{not json\\n\\n')
        for i in range(100000):
            out.write('{"jsonrpc":"2.0","method":"notifications/progress","params":{"n":%d}}\\n' % i)
        out.write('{"jsonrpc":"2.0","id":99,"result":{}}\\n')
        out.flush()
        """)
        defer { process.terminate() }
        var lines: [Data] = []
        do {
            for try await line in transport.receive() { lines.append(line) }
        } catch let error as PipeTransportError {
            XCTAssertEqual(error, .endOfStream)
        }
        XCTAssertEqual(lines.count, 100_002, "empty lines are skipped, everything else is delivered")
        XCTAssertEqual(String(decoding: lines.first ?? Data(), as: UTF8.self), "{not json")
        XCTAssertEqual(String(decoding: lines.last ?? Data(), as: UTF8.self), #"{"jsonrpc":"2.0","id":99,"result":{}}"#)
    }

    func testStdoutClosedWhileTheProcessKeepsRunningEndsTheStream() async throws {
        let (process, transport) = try await child("""
        import os, sys, time
        sys.stdout.write('{"jsonrpc":"2.0","method":"notifications/initialized"}\\n')
        sys.stdout.flush()
        os.close(1)
        time.sleep(60)
        """)
        defer { process.terminate() }
        var lines = 0
        do {
            for try await _ in transport.receive() { lines += 1 }
            XCTFail("the stream ended normally")
        } catch let error as PipeTransportError {
            XCTAssertEqual(error, .endOfStream)
        }
        XCTAssertEqual(lines, 1)
        XCTAssertTrue(process.isRunning, "the child is still running: the transport did not wait for it")
    }

    /// The screen sees every line on the one reader thread, and only what it admits is
    /// queued for `receive()`.
    func testTheScreenRunsOnTheReaderThreadAndDroppedLinesAreNeverQueued() async throws {
        final class Seen: Sendable {
            struct Counts {
                var lines = 0
                var threads = Set<UInt>()
            }
            let counts = Mutex(Counts())
        }
        let seen = Seen()
        let (process, transport) = try await child("""
        import sys
        out = sys.stdout
        out.write('{not json\\n')
        for i in range(100000):
            out.write('{"jsonrpc":"2.0","method":"notifications/progress","params":{"n":%d}}\\n' % i)
        out.write('{"jsonrpc":"2.0","id":99,"result":{}}\\n')
        out.flush()
        """, screen: { line in
            seen.counts.withLock {
                $0.lines += 1
                $0.threads.insert(UInt(pthread_self()))
            }
            return line.starts(with: Data(#"{"jsonrpc":"2.0","id""#.utf8))
        })
        defer { process.terminate() }
        var delivered: [Data] = []
        do {
            for try await line in transport.receive() { delivered.append(line) }
        } catch let error as PipeTransportError {
            XCTAssertEqual(error, .endOfStream)
        }
        XCTAssertEqual(delivered.map { String(decoding: $0, as: UTF8.self) }, [#"{"jsonrpc":"2.0","id":99,"result":{}}"#])
        let screened = seen.counts.withLock { $0 }
        XCTAssertEqual(screened.lines, 100_002, "every non-empty line passed the screen once")
        XCTAssertEqual(screened.threads.count, 1, "the screen ran on the reader thread only, one line after another")
    }
}
