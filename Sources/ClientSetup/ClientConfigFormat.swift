import Foundation

/// One AI client's config file format: where it lives and how to put a stdio server
/// into it, take it out and find it — all as pure text → text transforms, so the
/// file handling (backup, atomic write, mode) is shared by every client.
public protocol ClientConfigFormat: Sendable {
    /// The client's name on the command line (`claude-desktop`, `vscode`…).
    var name: String { get }
    /// The client's name for people (`Claude Desktop`).
    var displayName: String { get }
    /// The config file's usual location.
    func configPath(in locations: ClientLocations) -> URL
    /// The text with `entry` added, or updated in place when an entry of that name exists.
    /// Returns the text unchanged when it already holds an equal entry.
    /// - Parameter path: the file's path, for error messages.
    func install(_ entry: StdioServerEntry, into text: String, path: String) throws(ClientConfigError) -> String
    /// The text without the server named `serverName` (unchanged if it is not there).
    func remove(serverNamed serverName: String, from text: String, path: String) throws(ClientConfigError) -> String
    /// The server named `serverName`, if the text configures it.
    func status(serverNamed serverName: String, in text: String, path: String) throws(ClientConfigError) -> ConfiguredServer?
    /// A stand-alone snippet holding just `entry`, to paste into the client's config.
    func snippet(for entry: StdioServerEntry) -> String
}
