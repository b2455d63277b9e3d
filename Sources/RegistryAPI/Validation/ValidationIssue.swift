/// One reason a document was refused: where (`packages[0].version`, `name`, or `(root)`)
/// and what rule it broke.
public struct ValidationIssue: Sendable, Equatable, Codable, CustomStringConvertible {
    /// A JSON path in dotted form: `name`, `packages[0].transport.url`; `(root)` for the whole.
    public var location: String
    public var message: String

    public init(location: String, message: String) {
        self.location = location.isEmpty ? "(root)" : location
        self.message = message
    }

    public var description: String { "\(location): \(message)" }
}
