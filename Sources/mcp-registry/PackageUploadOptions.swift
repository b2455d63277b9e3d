import ArgumentParser
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import RegistryAPI

/// `mcp-registry publish --package FILE [server.json] …`: uploads a packaged server to the
/// registry's `POST /api/v1/publish` (multipart), which stores it by SHA-256 and publishes a
/// server.json whose `mcpb` package points at the download.
struct PackageUploadOptions: ParsableArguments {
    @Option(help: "A packaged server to upload: .tar.gz/.tgz (server.py + requirements.txt, or a Node project) or an .mcpb bundle.")
    var package: String?
    @Option(help: "With --package: the server's name, namespace/name (default: from server.json or the bundle's manifest).") var name: String?
    @Option(help: "With --package: the version (default: from server.json or the manifest).") var version: String?
    @Option(help: "With --package: a one-line description.") var description: String?
    @Option(help: "With --package: the author.") var author: String?
    @Option(help: "With --package: the source repository URL.") var repository: String?
    @Option(help: "With --package: comma-separated tags.") var tags: String?

    func upload(serverJSON: String?, registry: String, token: String?, dryRun: Bool) async throws {
        guard let package else { return }
        let file = URL(fileURLWithPath: package)
        let bytes: Data
        do {
            bytes = try Data(contentsOf: file)
        } catch {
            throw ValidationError("cannot read \(package): \(error.localizedDescription)")
        }
        var fields: [(name: String, value: String)] = []
        if let serverJSON {
            do {
                fields.append(("server.json", String(decoding: try Data(contentsOf: URL(fileURLWithPath: serverJSON)), as: UTF8.self)))
            } catch {
                throw ValidationError("cannot read \(serverJSON): \(error.localizedDescription)")
            }
        }
        for (key, value) in [("name", name), ("version", version), ("description", description), ("author", author), ("repository", repository), ("tags", tags)] {
            if let value { fields.append((key, value)) }
        }
        FileHandle.standardError.write(Data("\(package): \(bytes.count) bytes\n".utf8))
        if dryRun { return }
        let base = try PublishCommand.baseURL(registry)
        let bearer = try PublishCommand.bearer(token)
        let form = PackageUploadForm(package: bytes, fileName: file.lastPathComponent, fields: fields)
        var request = URLRequest(url: base.appendingPathComponent("api/v1/publish"))
        request.httpMethod = "POST"
        request.setValue(form.contentType, forHTTPHeaderField: "Content-Type")
        request.setValue("Bearer \(bearer)", forHTTPHeaderField: "Authorization")
        request.httpBody = try form.body()
        let (data, response) = try await URLSession.shared.data(for: request)
        let status = (response as? HTTPURLResponse)?.statusCode ?? 0
        let text = String(decoding: data, as: UTF8.self)
        guard (200..<300).contains(status) else {
            FileHandle.standardError.write(Data("the registry refused it (HTTP \(status)):\n\(text)\n".utf8))
            throw ExitCode(1)
        }
        print(PublishCommand.pretty(data) ?? text)
    }
}
