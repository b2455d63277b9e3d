import Foundation

/// Why an entry cannot be started even though its source said how: the facts only (a
/// reason code, the definition's field at fault, the rule it broke), never the value
/// itself, which came from an untrusted catalog. `RegistryServer` words it for the model.
///
/// An entry with any blocker is not launchable (`CatalogEntry.isLaunchable` is `false`);
/// search's `launchable_only` leaves it out and `registry-add` refuses it.
public struct LaunchBlocker: Sendable, Hashable, Codable {
    /// What kind of problem it is. Open-ended: each module adds its own constants in an
    /// extension (`LaunchBlocker.Reason.invalidImageReference`).
    public struct Reason: RawRepresentable, Sendable, Hashable, Codable, CustomStringConvertible {
        public var rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public init(_ rawValue: String) { self.rawValue = rawValue }

        public init(from decoder: Decoder) throws {
            rawValue = try decoder.singleValueContainer().decode(String.self)
        }

        public func encode(to encoder: Encoder) throws {
            var container = encoder.singleValueContainer()
            try container.encode(rawValue)
        }

        public var description: String { rawValue }

        /// The image reference does not follow the OCI distribution reference grammar
        /// (`detail` is an `ImageReferenceGrammar.Violation` raw value).
        public static let invalidImageReference = Reason("invalid-image-reference")
    }

    public var reason: Reason
    /// The definition's field at fault, as the source format names it (`image`,
    /// `packages[0].identifier`, `tools[2].container.image`).
    public var field: String
    /// The rule broken, as a short code (`invalid-character`, `too-long`…), when there is one.
    public var detail: String?

    public init(_ reason: Reason, field: String, detail: String? = nil) {
        self.reason = reason
        self.field = field
        self.detail = detail
    }
}
