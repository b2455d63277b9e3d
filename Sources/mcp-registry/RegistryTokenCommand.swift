import ArgumentParser
import Foundation
import Logging
import RegistryAPI

/// `mcp-registry registry token create|list|revoke`: the bearer tokens publishers use.
struct RegistryTokenCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "token",
        abstract: "Create, list and revoke publishing tokens.",
        subcommands: [Create.self, List.self, Revoke.self]
    )

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create a token. It is printed once, on stdout; only its hash is stored."
        )

        @OptionGroup var database: DatabaseOptions
        @Option(help: "Servers it covers: 'com.acme/*', one server 'com.acme/tool', or '*'.") var namespace: String
        @Option(help: "publish (new versions, status), edit (also replace versions) or admin (also delete).") var permission: String
        @Option(help: "Lifetime: 90d, 12h, 30m, or never.") var expires = "90d"
        @Option(help: "A note to tell tokens apart in `token list`.") var description: String?

        func run() async throws {
            _ = try database.global.bootstrap(defaultLogLevel: "warning")
            guard AccessTokenIssuer.validNamespacePattern(namespace) else {
                throw ValidationError("--namespace must be '*', '<reverse-DNS namespace>/*' or '<namespace>/<name>' (e.g. 'com.acme/*'), not '\(namespace)'")
            }
            guard let scope = TokenPermission(rawValue: permission) else {
                throw ValidationError("--permission must be publish, edit or admin, not '\(permission)'")
            }
            let lifetime: Int64?
            switch AccessTokenIssuer.parseLifetime(expires) {
            case .never: lifetime = nil
            case .seconds(let seconds): lifetime = seconds
            case .invalid: throw ValidationError("--expires must look like 90d, 12h, 30m, 3600s or never, not '\(expires)'")
            }
            let store = try await database.openStore(logger: Logger(label: "mcp-registry.registry"))
            let issued = AccessTokenIssuer.issue(namespace: namespace, permission: scope, description: description, lifetime: lifetime, now: RegistryTime.now())
            try await store.insertToken(issued.record)
            try await store.close()
            let expiry = issued.record.expiresAt.map { "expires \(RegistryTime.text($0))" } ?? "never expires"
            FileHandle.standardError.write(Data("token \(issued.record.id): \(scope.rawValue) on \(namespace), \(expiry). It is shown only now:\n".utf8))
            print(issued.token)
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List tokens (ids and scopes, never the tokens).")

        @OptionGroup var database: DatabaseOptions
        @Flag(help: "Print JSON.") var json = false

        func run() async throws {
            _ = try database.global.bootstrap(defaultLogLevel: "warning")
            let store = try await database.openStore(logger: Logger(label: "mcp-registry.registry"))
            let tokens = try await store.tokens()
            try await store.close()
            if json {
                try JSONOutput.print(tokens.map(TokenSummary.init))
                return
            }
            let now = RegistryTime.now()
            let rows = tokens.map { token in
                [
                    token.id, token.namespace, token.permission.rawValue,
                    token.revokedAt != nil ? "revoked" : (token.isValid(at: now) ? "active" : "expired"),
                    token.expiresAt.map(RegistryTime.text) ?? "never", token.description ?? "",
                ]
            }
            print(TextTable(headers: ["ID", "NAMESPACE", "PERMISSION", "STATE", "EXPIRES", "DESCRIPTION"], rows: rows).render())
        }
    }

    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Revoke a token by its id (tok_…).")

        @OptionGroup var database: DatabaseOptions
        @Argument(help: "The token's id, as `token list` shows it.") var id: String

        func run() async throws {
            _ = try database.global.bootstrap(defaultLogLevel: "warning")
            let store = try await database.openStore(logger: Logger(label: "mcp-registry.registry"))
            let found = try await store.revokeToken(id: id, at: RegistryTime.now())
            try await store.close()
            guard found else { throw ValidationError("no token with id \(id) (see `mcp-registry registry token list`)") }
            print("revoked \(id)")
        }
    }
}

/// A token as `token list --json` shows it: no hash.
struct TokenSummary: Encodable {
    var id: String
    var namespace: String
    var permission: String
    var description: String?
    var createdAt: String
    var expiresAt: String?
    var revokedAt: String?

    init(_ token: AccessTokenRecord) {
        id = token.id
        namespace = token.namespace
        permission = token.permission.rawValue
        description = token.description
        createdAt = RegistryTime.text(token.createdAt)
        expiresAt = token.expiresAt.map(RegistryTime.text)
        revokedAt = token.revokedAt.map(RegistryTime.text)
    }
}
