import Foundation
import PackageArchive
import XCTest

/// Real archives (tar.gz and zip written by Python), unpacked into temp folders.
final class SafeUnpackerTests: XCTestCase {
    private var folder: URL!

    override func setUpWithError() throws {
        folder = try ArchiveFactory.folder()
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: folder)
    }

    private func refusal(_ entries: [ArchiveFactory.Entry], zip: Bool = false, limits: UnpackLimits = .init(), file: StaticString = #filePath, line: UInt = #line) throws -> UnpackRefusal? {
        // A folder of its own per call: the archive and the target, nothing else.
        let own = folder.appendingPathComponent(UUID().uuidString)
        try FileManager.default.createDirectory(at: own, withIntermediateDirectories: true)
        let archive = try ArchiveFactory.make(entries, zip: zip, in: own)
        let target = own.appendingPathComponent("out")
        do {
            try SafeUnpacker.unpack(archive, into: target, limits: limits)
            return nil
        } catch let refusal as UnpackRefusal {
            // Nothing may appear beside the target.
            let beside = try FileManager.default.contentsOfDirectory(atPath: own.path).sorted()
            XCTAssertEqual(beside, [archive.lastPathComponent, "out"].sorted(), file: file, line: line)
            return refusal
        }
    }

    func testAProjectUnpacksWithItsFilesFoldersLinksAndModes() throws {
        let archive = try ArchiveFactory.make([
            .init(name: "./app/", kind: "dir", mode: 0o755),
            .init(name: "./app/server.py", data: "print('hi')\n", mode: 0o4755),
            .init(name: "./app/requirements.txt", data: "mcp\n"),
            .init(name: "./app/lib/util.py", data: "x = 1\n"),
            .init(name: "./app/current", kind: "symlink", link: "lib/util.py"),
            .init(name: "./app/again.py", kind: "hardlink", link: "app/server.py"),
        ], in: folder)
        let target = folder.appendingPathComponent("out")
        let summary = try SafeUnpacker.unpack(archive, into: target)
        XCTAssertEqual(summary.entries, ["app", "app/server.py", "app/requirements.txt", "app/lib/util.py", "app/current", "app/again.py"])
        XCTAssertEqual(summary.bytes, Int64("print('hi')\n".utf8.count + 4 + 6))
        XCTAssertEqual(try String(contentsOf: target.appendingPathComponent("app/server.py"), encoding: .utf8), "print('hi')\n")
        XCTAssertEqual(try FileManager.default.destinationOfSymbolicLink(atPath: target.appendingPathComponent("app/current").path), "lib/util.py")
        XCTAssertEqual(try String(contentsOf: target.appendingPathComponent("app/again.py"), encoding: .utf8), "print('hi')\n")
        let mode = try FileManager.default.attributesOfItem(atPath: target.appendingPathComponent("app/server.py").path)[.posixPermissions] as? Int
        XCTAssertEqual(mode, 0o755, "the setuid bit is dropped, the executable bit kept")
    }

    func testParentComponentsAreRefusedNamingTheEntry() throws {
        XCTAssertEqual(try refusal([.init(name: "ok.txt"), .init(name: "a/../../evil.txt")]), .escapesTarget(entry: "a/../../evil.txt"))
        XCTAssertEqual(try refusal([.init(name: "../evil.txt")], zip: true), .escapesTarget(entry: "../evil.txt"))
    }

    func testAbsolutePathsAreRefused() throws {
        XCTAssertEqual(try refusal([.init(name: "/tmp/hosting-evil.txt")]), .absolutePath(entry: "/tmp/hosting-evil.txt"))
    }

    func testLinksLeavingTheTargetAreRefused() throws {
        XCTAssertEqual(try refusal([.init(name: "etc", kind: "symlink", link: "/etc")]), .linkLeavesTarget(entry: "etc", target: "/etc"))
        XCTAssertEqual(try refusal([.init(name: "a/up", kind: "symlink", link: "../../x")]), .linkLeavesTarget(entry: "a/up", target: "../../x"))
        XCTAssertEqual(try refusal([.init(name: "up", kind: "symlink", link: "../x")], zip: true), .linkLeavesTarget(entry: "up", target: "../x"))
        XCTAssertEqual(try refusal([.init(name: "passwd", kind: "hardlink", link: "../../etc/passwd")]), .linkLeavesTarget(entry: "passwd", target: "../../etc/passwd"))
        XCTAssertEqual(try refusal([.init(name: "passwd", kind: "hardlink", link: "etc/passwd")]), .linkLeavesTarget(entry: "passwd", target: "etc/passwd"))
    }

    func testAFileIsNeverWrittenThroughALinkTheArchiveMade() throws {
        XCTAssertEqual(
            try refusal([.init(name: "sub", kind: "dir"), .init(name: "d", kind: "symlink", link: "sub"), .init(name: "d/x.txt")]),
            .throughLink(entry: "d/x.txt")
        )
        XCTAssertEqual(
            try refusal([.init(name: "x.txt", kind: "symlink", link: "y.txt"), .init(name: "x.txt")]),
            .conflictingEntry(entry: "x.txt")
        )
    }

    func testDevicesAndFIFOsAreRefused() throws {
        XCTAssertEqual(try refusal([.init(name: "pipe", kind: "fifo")]), .specialFile(entry: "pipe", mode: 0o010000))
        XCTAssertEqual(try refusal([.init(name: "null", kind: "chardev")]), .specialFile(entry: "null", mode: 0o020000))
    }

    func testEntryAndByteLimitsStopTheUnpacking() throws {
        let many = (0..<6).map { ArchiveFactory.Entry(name: "f\($0).txt", data: "x") }
        XCTAssertEqual(try refusal(many, limits: UnpackLimits(maxEntries: 5)), .tooManyEntries(entry: "f5.txt", limit: 5))
        // 4 MiB of zeros compresses to a few KiB: the count is of bytes unpacked.
        XCTAssertEqual(
            try refusal([.init(name: "bomb.bin", zeros: 4 * 1_024 * 1_024)], zip: true, limits: UnpackLimits(maxBytes: 1_024 * 1_024)),
            .tooManyBytes(entry: "bomb.bin", limit: 1_024 * 1_024)
        )
        XCTAssertEqual(
            try refusal([.init(name: "bomb.bin", zeros: 4 * 1_024 * 1_024)], limits: UnpackLimits(maxBytes: 1_024 * 1_024)),
            .tooManyBytes(entry: "bomb.bin", limit: 1_024 * 1_024)
        )
    }

    func testInspectReadsTheManifestAndWritesNothing() throws {
        let archive = try ArchiveFactory.make([
            .init(name: "manifest.json", data: #"{"name":"weather","version":"1.0.0"}"#),
            .init(name: "server/index.js", data: "console.log(1)"),
        ], zip: true, in: folder)
        let summary = try SafeUnpacker.inspect(archive, reading: ["manifest.json"])
        XCTAssertEqual(summary.entries, ["manifest.json", "server/index.js"])
        XCTAssertEqual(summary.files["manifest.json"].map { String(decoding: $0, as: UTF8.self) }, #"{"name":"weather","version":"1.0.0"}"#)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: folder.path), [archive.lastPathComponent])
    }

    func testSomethingThatIsNotAnArchiveIsUnreadable() throws {
        let file = folder.appendingPathComponent("junk.tgz")
        try Data("not an archive at all".utf8).write(to: file)
        XCTAssertThrowsError(try SafeUnpacker.inspect(file)) { error in
            guard case .unreadable = error as? UnpackRefusal else { return XCTFail("\(error)") }
        }
    }
}
