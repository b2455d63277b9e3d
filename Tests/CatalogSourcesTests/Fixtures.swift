import Foundation

/// Locations of the shared test data, found from this file's path.
enum Fixtures {
    /// The package root (two levels above `Tests/CatalogSourcesTests`).
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// `../shared/fixtures/docker-mcp-registry/servers`.
    static let dockerServers = packageRoot
        .appendingPathComponent("../shared/fixtures/docker-mcp-registry/servers").standardizedFileURL
}
