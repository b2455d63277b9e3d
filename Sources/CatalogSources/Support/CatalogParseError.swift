import Foundation

/// A server definition that could not be turned into an entry: what was wrong, and where.
public struct CatalogParseError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What was wrong (`not a YAML mapping`, the YAML parser's message with line and column…).
    public var message: String
    /// The file or URL, when known.
    public var location: String?

    public init(_ message: String, location: String? = nil) {
        self.message = message
        self.location = location
    }

    public var description: String {
        if let location { return "\(location): \(message)" }
        return message
    }
}
