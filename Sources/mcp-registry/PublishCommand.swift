import ArgumentParser
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import RegistryAPI

/// `mcp-registry publish server.json --registry URL`: checks the document locally with the
/// same rules the registry applies, then publishes it, and prints the published entry (or
/// the registry's error, verbatim). With `--package FILE` it uploads a hosted package
/// (`.tar.gz`/`.tgz` or `.mcpb`) to `POST /api/v1/publish` instead, the server.json (when
/// given) and the metadata options going with it.
struct PublishCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "publish",
        abstract: "Publish a server.json, or upload a packaged server (--package), to an MCP registry."
    )

    @Argument(help: "The server.json to publish (optional with --package).") var file: String?
    @Option(help: "The registry's base URL, e.g. http://127.0.0.1:8080.") var registry: String
    @Option(help: "The bearer token (default: MCP_REGISTRY_TOKEN). Prefer the environment: a command line is visible to other users.")
    var token: String?
    @Flag(help: "Only validate; publish nothing.") var dryRun = false
    @OptionGroup var package: PackageUploadOptions

    func run() async throws {
        if package.package != nil {
            try await package.upload(serverJSON: file, registry: registry, token: token, dryRun: dryRun)
            return
        }
        guard let file else { throw ValidationError("give a server.json to publish, or --package FILE") }
        let body: Data
        do {
            body = try Data(contentsOf: URL(fileURLWithPath: file))
        } catch {
            throw RegistryStatusCommand.failure("cannot read \(file): \(error.localizedDescription)")
        }
        let accepted: ServerDocumentValidator.Accepted
        do {
            accepted = try ServerDocumentValidator.bundled().validate(body)
        } catch let rejection as DocumentRejection {
            let lines = rejection.issues.map { "  \($0.location): \($0.message)" }.joined(separator: "\n")
            throw RegistryStatusCommand.failure("\(file) is not a valid server.json:\n\(lines)")
        }
        FileHandle.standardError.write(Data("\(file): valid (\(accepted.name) \(accepted.version))\n".utf8))
        if dryRun { return }

        let base = try Self.baseURL(registry)
        let bearer = try Self.bearer(token)
        var request = URLRequest(url: base.appendingPathComponent("v0.1/publish"))
        request.httpMethod = "POST"
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.setValue("Bearer \(bearer)", forHTTPHeaderField: "Authorization")
        request.httpBody = body
        let (data, response) = try await URLSession.shared.data(for: request)
        let status = (response as? HTTPURLResponse)?.statusCode ?? 0
        let text = String(decoding: data, as: UTF8.self)
        guard (200..<300).contains(status) else {
            FileHandle.standardError.write(Data("the registry refused it (HTTP \(status)):\n\(text)\n".utf8))
            throw ExitCode(1)
        }
        print(Self.pretty(data) ?? text)
    }

    static func baseURL(_ registry: String) throws -> URL {
        guard let base = URL(string: registry), let scheme = base.scheme, ["http", "https"].contains(scheme) else {
            throw ValidationError("--registry must be an http(s) URL, not '\(registry)'")
        }
        return base
    }

    static func bearer(_ token: String?) throws -> String {
        guard let bearer = token ?? ProcessInfo.processInfo.environment["MCP_REGISTRY_TOKEN"], !bearer.isEmpty else {
            throw RegistryStatusCommand.failure("no token: pass --token or set MCP_REGISTRY_TOKEN (create one with `mcp-registry registry token create`)")
        }
        return bearer
    }

    static func pretty(_ data: Data) -> String? {
        guard let object = try? JSONSerialization.jsonObject(with: data),
            let pretty = try? JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
        else { return nil }
        return String(decoding: pretty, as: UTF8.self)
    }
}
