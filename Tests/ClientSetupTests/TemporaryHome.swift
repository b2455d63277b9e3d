import ClientSetup
import Foundation
import TestSupport
import XCTest

/// A fresh folder used as `HOME` for one test, removed afterwards.
struct TemporaryHome {
    let url: URL

    init() throws {
        url = try TemporaryDirectory(prefix: "client-setup").url
    }

    /// Locations for `platform` with only `HOME` set.
    func locations(_ platform: ClientPlatform = .linux) -> ClientLocations {
        ClientLocations(platform: platform, environment: ["HOME": url.path])
    }

    func remove() {
        try? FileManager.default.removeItem(at: url)
    }

    /// Writes `text` at `relativePath` (creating folders) and returns its URL.
    @discardableResult
    func write(_ text: String, at relativePath: String, mode: Int = 0o644) throws -> URL {
        let file = url.appendingPathComponent(relativePath)
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: file)
        try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: file.path)
        return file
    }

    /// Files in the folder of `file` whose names start with its name and end in `.bak`.
    func backups(of file: URL) throws -> [URL] {
        try FileManager.default.contentsOfDirectory(at: file.deletingLastPathComponent(), includingPropertiesForKeys: nil)
            .filter { $0.lastPathComponent.hasPrefix(file.lastPathComponent + ".") && $0.pathExtension == "bak" }
    }
}

/// The entry the tests install.
let registryEntry = StdioServerEntry.registry(executable: "/opt/mcp-registry/bin/mcp-registry")

func readText(_ url: URL) throws -> String {
    try String(contentsOf: url, encoding: .utf8)
}

func mode(of url: URL) throws -> Int {
    let attributes = try FileManager.default.attributesOfItem(atPath: url.path)
    return (attributes[.posixPermissions] as! NSNumber).intValue & 0o777
}
