import Foundation

/// One published version of one server: the publisher's `server.json` document as it was
/// accepted (kept verbatim as JSON text) and the registry's own metadata about it, which the
/// registry alone sets.
///
/// Times are microseconds since 1970-01-01 UTC (`Int64`), so both stores keep them exactly.
public struct ServerRecord: Sendable, Equatable {
    /// `namespace/name`, e.g. `io.github.user/weather`.
    public var name: String
    /// The document's `version`.
    public var version: String
    /// The `server.json` document as JSON text (its `_meta` holds only publisher keys).
    public var document: String
    /// The document's `description`, kept apart for search.
    public var description: String
    public var status: ServerStatus
    /// Why the status was set (at most 500 characters); nil for `active`.
    public var statusMessage: String?
    public var statusChangedAt: Int64
    public var publishedAt: Int64
    public var updatedAt: Int64
    /// Whether this is the server's latest version (semver order, publish time for non-semver).
    public var isLatest: Bool
    /// For a server served from the aggregated catalog (`registry serve --aggregate`), the JSON
    /// object served under `_meta["io.mcp-registry/aggregate"]` (its provenance); nil for a
    /// published server.
    public var aggregateMeta: String?

    public init(
        name: String, version: String, document: String, description: String,
        status: ServerStatus = .active, statusMessage: String? = nil,
        statusChangedAt: Int64, publishedAt: Int64, updatedAt: Int64, isLatest: Bool,
        aggregateMeta: String? = nil
    ) {
        self.name = name
        self.version = version
        self.document = document
        self.description = description
        self.status = status
        self.statusMessage = statusMessage
        self.statusChangedAt = statusChangedAt
        self.publishedAt = publishedAt
        self.updatedAt = updatedAt
        self.isLatest = isLatest
        self.aggregateMeta = aggregateMeta
    }
}

/// Microsecond timestamps and their RFC 3339 text.
public enum RegistryTime {
    /// Now, in microseconds since the epoch.
    public static func now() -> Int64 { micros(Date()) }

    public static func micros(_ date: Date) -> Int64 { Int64((date.timeIntervalSince1970 * 1_000_000).rounded()) }

    public static func date(_ micros: Int64) -> Date { Date(timeIntervalSince1970: Double(micros) / 1_000_000) }

    /// RFC 3339 in UTC with microseconds, e.g. `2025-08-07T13:15:04.280123Z`. Built by hand:
    /// `String(format:)` costs several microseconds on Linux, and a page of 30 servers writes
    /// 90 of these.
    public static func text(_ micros: Int64) -> String {
        let seconds = micros >= 0 ? micros / 1_000_000 : (micros - 999_999) / 1_000_000
        let fraction = micros - seconds * 1_000_000
        var time = time_t(seconds)
        var parts = tm()
        gmtime_r(&time, &parts)
        var text = ""
        text.reserveCapacity(27)
        func append(_ value: Int, digits: Int) {
            var digitsText = String(value)
            if digitsText.count < digits { digitsText = String(repeating: "0", count: digits - digitsText.count) + digitsText }
            text += digitsText
        }
        append(Int(parts.tm_year) + 1900, digits: 4)
        text += "-"
        append(Int(parts.tm_mon) + 1, digits: 2)
        text += "-"
        append(Int(parts.tm_mday), digits: 2)
        text += "T"
        append(Int(parts.tm_hour), digits: 2)
        text += ":"
        append(Int(parts.tm_min), digits: 2)
        text += ":"
        append(Int(parts.tm_sec), digits: 2)
        text += "."
        append(Int(fraction), digits: 6)
        return text + "Z"
    }

    /// Parses RFC 3339 (`2025-08-07T13:15:04Z`, fractional seconds and offsets allowed).
    public static func parse(_ text: String) -> Int64? {
        let withFraction = ISO8601DateFormatter()
        withFraction.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let date = withFraction.date(from: text) { return micros(date) }
        let plain = ISO8601DateFormatter()
        plain.formatOptions = [.withInternetDateTime]
        return plain.date(from: text).map(micros)
    }
}
