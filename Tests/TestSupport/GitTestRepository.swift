import Foundation

/// A real upstream git repository in a temporary folder, built with the `git` CLI (test setup
/// only: the code under test talks to it through libgit2, over its `file://` URL).
public final class GitTestRepository {
    public let root: URL
    public let work: URL

    /// A fresh temporary folder holding the upstream's working copy at `root/upstream`.
    public init(copying fixture: URL? = nil, branch: String = "main") throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("git-tests-\(UUID().uuidString)", isDirectory: true)
        work = root.appendingPathComponent("upstream", isDirectory: true)
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        if let fixture {
            try FileManager.default.copyItem(at: fixture, to: work)
        } else {
            try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        }
        try git("init", "-q", "-b", branch)
        try commitAll("initial")
    }

    deinit {
        try? FileManager.default.removeItem(at: root)
    }

    public var url: String { work.absoluteString }

    /// A folder for clones, beside the upstream.
    public func cloneDirectory(_ name: String = "clone") -> URL {
        root.appendingPathComponent("sources", isDirectory: true).appendingPathComponent(name, isDirectory: true)
    }

    public func write(_ text: String, to path: String) throws {
        let file = work.appendingPathComponent(path)
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try text.write(to: file, atomically: true, encoding: .utf8)
    }

    public func read(_ path: String) throws -> String {
        try String(contentsOf: work.appendingPathComponent(path), encoding: .utf8)
    }

    public func remove(_ path: String) throws {
        try FileManager.default.removeItem(at: work.appendingPathComponent(path))
    }

    public func commitAll(_ message: String) throws {
        try git("add", "-A")
        try git("commit", "-q", "--allow-empty", "-m", message)
    }

    /// Rewrites the last commit (what a force-push does to a clone's view of history).
    public func amend(_ message: String) throws {
        try git("add", "-A")
        try git("commit", "-q", "--amend", "--allow-empty", "-m", message)
    }

    public var head: String { (try? git("rev-parse", "HEAD"))?.trimmingCharacters(in: .whitespacesAndNewlines) ?? "" }

    @discardableResult
    public func git(_ arguments: String...) throws -> String {
        try Self.run(["git", "-c", "user.name=Test", "-c", "user.email=test@example.com", "-c", "commit.gpgsign=false"] + arguments, in: work)
    }

    @discardableResult
    public static func run(_ arguments: [String], in folder: URL) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        process.currentDirectoryURL = folder
        var environment = ProcessInfo.processInfo.environment
        environment["GIT_CONFIG_NOSYSTEM"] = "1"
        environment["GIT_CONFIG_GLOBAL"] = "/dev/null"
        process.environment = environment
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        let errorData = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw NSError(domain: "GitTestRepository", code: Int(process.terminationStatus), userInfo: [
                NSLocalizedDescriptionKey: "\(arguments.joined(separator: " ")) failed: \(String(decoding: errorData, as: UTF8.self))",
            ])
        }
        return String(decoding: data, as: UTF8.self)
    }

    /// `../shared/fixtures/<name>` from the package root.
    public static func fixture(_ name: String) -> URL {
        URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("../shared/fixtures/\(name)").standardizedFileURL
    }
}
