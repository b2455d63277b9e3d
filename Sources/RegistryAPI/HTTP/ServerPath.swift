/// What a path under `/v0.1/servers/` (or `/v0/servers/`) addresses, read from the raw,
/// still percent-encoded segments after `servers`.
///
/// The server name is one segment with `/` encoded as `%2F` (`com.example%2Fmy-server`), or,
/// leniently, two plain segments (`com.example/my-server`). Segments are decoded once; a
/// decoded segment that is `.` or `..`, holds a NUL or control character, or a name that
/// does not follow `ServerNameRules`, is refused as a bad request, never looked up.
enum ServerPath: Equatable {
    /// `{name}/versions`
    case versions(name: String)
    /// `{name}/versions/{version}` (`latest` included)
    case version(name: String, version: String)
    /// `{name}/versions/{version}/status`
    case versionStatus(name: String, version: String)
    /// `{name}/status`
    case status(name: String)
    /// `{name}` alone: the latest version (the `/v0` API's form).
    case server(name: String)

    /// - Throws: `APIError` 400 for a malformed name or version, 404 for an unknown shape.
    static func parse(_ rawSegments: [Substring]) throws -> ServerPath {
        var segments: [String] = []
        for raw in rawSegments where !raw.isEmpty {
            guard let decoded = String(raw).removingPercentEncoding else {
                throw APIError(.badRequest, "Invalid path: bad percent-encoding")
            }
            guard !decoded.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) else {
                throw APIError(.badRequest, "Invalid path: control characters are not allowed")
            }
            segments.append(decoded)
        }
        // The name: one segment holding '/', or the first two plain segments.
        guard let first = segments.first else { throw APIError(.notFound, "Not found") }
        var name = first
        var rest = Array(segments.dropFirst())
        if !first.contains("/"), let second = rest.first, second != "versions", second != "status" {
            name = first + "/" + second
            rest.removeFirst()
        }
        if let problem = ServerNameRules.problem(name) {
            throw APIError(.badRequest, "Invalid server name: \(problem)")
        }
        switch rest.count {
        case 0: return .server(name: name)
        case 1 where rest[0] == "versions": return .versions(name: name)
        case 1 where rest[0] == "status": return .status(name: name)
        case 2 where rest[0] == "versions": return .version(name: name, version: try checkedVersion(rest[1]))
        case 3 where rest[0] == "versions" && rest[2] == "status":
            return .versionStatus(name: name, version: try checkedVersion(rest[1]))
        default: throw APIError(.notFound, "Not found")
        }
    }

    private static func checkedVersion(_ version: String) throws -> String {
        guard !version.isEmpty, version != ".", version != "..", version.count <= 255, !version.contains("/") else {
            throw APIError(.badRequest, "Invalid version in path")
        }
        return version
    }
}
