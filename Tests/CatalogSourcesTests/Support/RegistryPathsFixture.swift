import Foundation
import RegistryCore

/// `RegistryPaths` inside a temporary folder.
enum RegistryPathsFixture {
    static func paths(root: URL) -> RegistryPaths {
        RegistryPaths(dataDirectory: root, configDirectory: root.appendingPathComponent("config", isDirectory: true))
    }
}
