import Foundation
import Hummingbird

extension RegistryAPIHandler {
    /// The stored token the request's `Authorization: Bearer …` names, valid now.
    /// - Throws: `APIError` 401 (no or malformed header, unknown, expired or revoked token).
    ///   The token itself is never logged or echoed.
    func authenticate(_ request: Request) async throws -> AccessTokenRecord {
        guard let header = request.headers[.authorization], header.count > 7, header.prefix(7).lowercased() == "bearer " else {
            throw APIError.missingToken
        }
        let presented = header.dropFirst(7).trimmingCharacters(in: .whitespaces)
        guard presented.hasPrefix(AccessTokenIssuer.prefix), presented.count < 200 else { throw APIError.invalidToken }
        guard let token = try await store.token(hash: AccessTokenIssuer.hash(presented)), token.isValid(at: RegistryTime.now()) else {
            throw APIError.invalidToken
        }
        return token
    }

    /// - Throws: `APIError` 403 when `token` does not cover `name` or lacks `permission`.
    func authorize(_ token: AccessTokenRecord, _ permission: TokenPermission, _ name: String, verb: String) throws {
        guard token.covers(serverName: name), token.permission.allows(permission) else {
            throw APIError(
                .forbidden,
                "You do not have permission to \(verb) this server. Your token allows \(token.permission.rawValue) on \(token.namespace). Attempting to \(verb): \(name)"
            )
        }
    }
}
