import Foundation

/// A fresh folder under the system's temporary directory, removed with `remove()`.
public struct TemporaryDirectory: Sendable {
    /// The folder (created).
    public let url: URL

    /// Creates `<tmp>/<prefix>-<UUID>`.
    /// - Throws: the file manager's error when the folder cannot be created.
    public init(prefix: String) throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    /// A path inside the folder.
    public func appending(_ component: String) -> URL { url.appendingPathComponent(component) }

    /// Deletes the folder and everything in it (a folder already gone is fine).
    public func remove() {
        try? FileManager.default.removeItem(at: url)
    }
}
