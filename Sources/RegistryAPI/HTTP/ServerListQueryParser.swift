import Hummingbird

/// Reads and checks the query parameters of `GET /v0.1/servers`, refusing (400, naming the
/// parameter) anything it cannot use rather than guessing.
enum ServerListQueryParser {
    static let defaultLimit = 30
    static let maxLimit = 100
    static let maxSearchLength = 200

    static func parse(_ parameters: Parameters) throws -> ServerListQuery {
        var query = ServerListQuery()
        if let cursor = parameters["cursor"].map(String.init), !cursor.isEmpty {
            guard let position = ServerCursor(token: cursor) else { throw APIError(.badRequest, "Invalid cursor parameter") }
            query.after = position
        }
        if let limit = parameters["limit"].map(String.init), !limit.isEmpty {
            guard let value = Int(limit), value >= 1, value <= maxLimit else {
                throw APIError(.badRequest, "Invalid limit parameter: expected an integer from 1 to \(maxLimit)")
            }
            query.limit = value
        } else {
            query.limit = defaultLimit
        }
        if let search = parameters["search"].map(String.init), !search.isEmpty {
            guard search.count <= maxSearchLength, !search.unicodeScalars.contains(where: { $0.value < 0x20 }) else {
                throw APIError(.badRequest, "Invalid search parameter: at most \(maxSearchLength) characters, no control characters")
            }
            query.search = search
        }
        if let since = parameters["updated_since"].map(String.init), !since.isEmpty {
            guard let micros = RegistryTime.parse(since) else {
                throw APIError(.badRequest, "Invalid updated_since format: expected RFC3339 timestamp (e.g., 2025-08-07T13:15:04.280Z)")
            }
            query.updatedSince = micros
        }
        if let version = parameters["version"].map(String.init), !version.isEmpty {
            guard version.count <= 255, !version.unicodeScalars.contains(where: { $0.value < 0x20 }) else {
                throw APIError(.badRequest, "Invalid version parameter")
            }
            query.version = version == "latest" ? .latest : .exact(version)
        }
        query.includeDeleted = try flag(parameters, "include_deleted")
        return query
    }

    /// A boolean parameter: `true`/`false` (also `1`/`0`); absent is false.
    static func flag(_ parameters: Parameters, _ name: String) throws -> Bool {
        guard let value = parameters[Substring(name)], !value.isEmpty else { return false }
        switch value.lowercased() {
        case "true", "1": return true
        case "false", "0": return false
        default: throw APIError(.badRequest, "Invalid \(name) parameter: expected true or false")
        }
    }
}
