import Foundation

/// The three things people do with a client's config: install the registry, remove
/// it, and see where it is configured.
public struct ClientConfigurator: Sendable {
    public var locations: ClientLocations

    public init(locations: ClientLocations = ClientLocations()) {
        self.locations = locations
    }

    /// The file for `format`: `configPath` when given, else the client's usual location.
    public func file(for format: any ClientConfigFormat, configPath: String? = nil) -> ClientConfigFile {
        if let configPath, !configPath.isEmpty {
            return ClientConfigFile(url: URL(fileURLWithPath: configPath))
        }
        return ClientConfigFile(url: format.configPath(in: locations))
    }

    /// Adds (or updates) `entry` in the client's config.
    public func install(
        _ entry: StdioServerEntry, in format: any ClientConfigFormat, configPath: String? = nil, dryRun: Bool = false, now: Date = Date()
    ) throws(ClientConfigError) -> ClientConfigFile.Outcome {
        let file = file(for: format, configPath: configPath)
        let path = file.resolvedURL.path
        return try file.update(dryRun: dryRun, now: now) { text throws(ClientConfigError) in
            try format.install(entry, into: text, path: path)
        }
    }

    /// Removes the server named `serverName` from the client's config.
    public func remove(
        serverNamed serverName: String = StdioServerEntry.registryName, in format: any ClientConfigFormat,
        configPath: String? = nil, dryRun: Bool = false, now: Date = Date()
    ) throws(ClientConfigError) -> ClientConfigFile.Outcome {
        let file = file(for: format, configPath: configPath)
        let path = file.resolvedURL.path
        return try file.update(dryRun: dryRun, now: now) { text throws(ClientConfigError) in
            try format.remove(serverNamed: serverName, from: text, path: path)
        }
    }

    /// Where one client stands.
    public struct Status: Sendable {
        public var client: String
        public var displayName: String
        public var path: URL
        public var fileExists: Bool
        /// The configured server, if any.
        public var server: ConfiguredServer?
        /// Why the file could not be read, if it could not.
        public var error: ClientConfigError?
    }

    /// The status of the server named `serverName` in the client's config.
    public func status(
        serverNamed serverName: String = StdioServerEntry.registryName, in format: any ClientConfigFormat, configPath: String? = nil
    ) -> Status {
        let file = file(for: format, configPath: configPath)
        let path = file.resolvedURL
        var status = Status(
            client: format.name, displayName: format.displayName, path: path,
            fileExists: FileManager.default.fileExists(atPath: path.path), server: nil, error: nil
        )
        do {
            let text = try file.read()
            status.server = try format.status(serverNamed: serverName, in: text, path: path.path)
        } catch {
            status.error = error
        }
        return status
    }

    /// The status in every known client.
    public func statusOfAllClients(serverNamed serverName: String = StdioServerEntry.registryName) -> [Status] {
        KnownClients.all.map { status(serverNamed: serverName, in: $0) }
    }
}
