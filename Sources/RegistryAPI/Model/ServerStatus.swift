/// The lifecycle status of a published server version, as the registry API names it
/// (`_meta["io.modelcontextprotocol.registry/official"].status`).
public enum ServerStatus: String, Sendable, Codable, CaseIterable {
    /// Visible in default listings.
    case active
    /// Visible, with a warning message.
    case deprecated
    /// Hidden from default listings (`include_deleted=true` shows it).
    case deleted
}
