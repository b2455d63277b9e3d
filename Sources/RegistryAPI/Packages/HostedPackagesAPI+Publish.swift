import Foundation
import Hummingbird
import PackageArchive
import RegistryCore

extension HostedPackagesAPI {
    /// `POST /api/v1/publish`: authenticates first (before a byte of the body is read),
    /// streams the package to a staged blob while hashing it, checks that it unpacks safely,
    /// builds and validates its `server.json`, then commits blob and rows. 200 with
    /// `{"success": true, "download_url", "sha256", "server": <the v0.1 item>}`; 400 for a
    /// bad form, 401/403 as `/v0.1/publish`, 409 when that name and version exist, 413 over
    /// the size limit, 422 for an archive or document that breaks a rule.
    func publish(_ request: Request) async -> Response {
        await api.respond {
            guard api.options.publishing else { throw APIError(.notImplemented, "Publishing is not supported by this registry") }
            let token = try await api.authenticate(request)
            if let length = request.headers[.contentLength].flatMap(Int64.init), length > options.upload.maxPackageBytes + 2 * 1_024 * 1_024 {
                throw Self.tooLarge(options.upload.maxPackageBytes)
            }
            let upload: PackageUpload
            do {
                upload = try await PackageUploadReader.read(request.body, contentType: request.headers[.contentType] ?? "", limits: options.upload, blobs: blobs)
            } catch let error as PackageUploadError {
                throw Self.refusal(error)
            }
            var committed = false
            defer { if !committed { blobs.discard(upload.staged) } }

            guard let format = PackageArchiveFormat.sniff(upload.prefix) else {
                throw APIError(.badRequest, "package must be a .tar.gz/.tgz or a zip/.mcpb file")
            }
            let isBundle = upload.fileName.lowercased().hasSuffix(".mcpb")
            let summary: SafeUnpacker.Summary
            do {
                summary = try SafeUnpacker.inspect(upload.staged.file, limits: options.unpack, reading: ["manifest.json"])
            } catch let refusal as UnpackRefusal {
                throw APIError(.unprocessableContent, "package refused: \(UnpackRefusalText.describe(refusal))")
            }
            var manifest: JSONValue?
            if let data = summary.files["manifest.json"] {
                manifest = try? JSONDecoder().decode(JSONValue.self, from: data)
            }
            if isBundle, manifest?.objectValue == nil {
                throw APIError(.unprocessableContent, "package refused: an .mcpb bundle needs a manifest.json (a JSON object) at its root")
            }
            let identity: (name: String, version: String)
            let document: Data
            do {
                identity = try HostedServerDocument.identity(fields: upload.fields, manifest: manifest)
                if let problem = ServerNameRules.problem(identity.name) {
                    throw APIError(.unprocessableContent, "Invalid server.json: name: \(problem)", issues: [ValidationIssue(location: "name", message: problem)])
                }
                try api.authorize(token, .publish, identity.name, verb: "publish")
                if try await api.store.version(identity.version, of: identity.name) != nil {
                    throw Self.exists(identity.name, identity.version)
                }
                document = try HostedServerDocument.make(
                    fields: upload.fields, manifest: manifest,
                    downloadURL: downloadURL(name: identity.name, version: identity.version, request: request), sha256: upload.sha256
                )
            } catch let conflict as HostedServerDocument.Conflict {
                throw APIError(.badRequest, "\(conflict.field) \(conflict.message)", issues: [ValidationIssue(location: conflict.field, message: conflict.message)])
            }
            let accepted = try api.validator.validate(document)
            let now = RegistryTime.now()
            let record = ServerRecord(
                name: accepted.name, version: accepted.version, document: accepted.json, description: accepted.description,
                statusChangedAt: now, publishedAt: now, updatedAt: now, isLatest: false
            )
            let package = HostedPackage(
                name: accepted.name, version: accepted.version, sha256: upload.sha256, size: upload.size, format: format,
                fileName: Self.fileName(upload.fileName, name: accepted.name, version: accepted.version, format: format, bundle: isBundle),
                author: upload.fields["author"] ?? manifest?["author"]?["name"]?.stringValue,
                repository: upload.fields["repository"].flatMap { $0.isEmpty ? nil : $0 },
                tags: HostedServerDocument.tagList(upload.fields["tags"]), publishedAt: now
            )
            try await blobs.commit(upload.staged, sha256: upload.sha256)
            committed = true
            let stored: ServerRecord
            do {
                stored = try await store.publish(record, hosting: package)
            } catch RegistryStoreError.versionExists(let name, let version) {
                let referenced = try await store.isReferenced(sha256: upload.sha256)
                if !referenced { try? await blobs.remove(sha256: upload.sha256) }
                throw Self.exists(name, version)
            }
            api.logger.info("published package", metadata: [
                "server": "\(stored.name)", "version": "\(stored.version)", "sha256": "\(upload.sha256)", "bytes": "\(upload.size)", "token": "\(token.id)",
            ])
            var text = "{\"success\":true,\"name\":\(JSONResponses.quoted(stored.name)),\"version\":\(JSONResponses.quoted(stored.version))"
            text += ",\"sha256\":\"\(upload.sha256)\",\"size\":\(upload.size)"
            text += ",\"download_url\":\(JSONResponses.quoted(downloadURL(name: stored.name, version: stored.version, request: request)))"
            text += ",\"server\":"
            JSONResponses.item(stored, into: &text)
            return JSONResponses.json(text + "}")
        }
    }

    /// A safe file name for `Content-Disposition`: the upload's own name's last component
    /// when it is plain, else `<name>-<version>.<ext>`.
    static func fileName(_ given: String, name: String, version: String, format: PackageArchiveFormat, bundle: Bool) -> String {
        let base = given.split(whereSeparator: { $0 == "/" || $0 == "\\" }).last.map(String.init) ?? ""
        let plain = !base.isEmpty && base.count <= 200 && base.unicodeScalars.allSatisfy {
            CharacterSet.alphanumerics.contains($0) && $0.isASCII || "._-+".unicodeScalars.contains($0)
        }
        if plain, !base.hasPrefix(".") { return base }
        let ext = bundle ? "mcpb" : (format == .zip ? "zip" : "tar.gz")
        let short = name.split(separator: "/").last.map(String.init) ?? "package"
        return "\(short)-\(version).\(ext)".filter { $0.isASCII && ($0.isLetter || $0.isNumber || "._-+".contains($0)) }
    }

    static func exists(_ name: String, _ version: String) -> APIError {
        APIError(.conflict, "\(name) \(version) already exists: publish a new version")
    }

    static func tooLarge(_ limit: Int64) -> APIError {
        APIError(.contentTooLarge, "package is larger than the registry's limit of \(limit) bytes")
    }

    static func refusal(_ error: PackageUploadError) -> APIError {
        switch error {
        case .notMultipart: return APIError(.unsupportedMediaType, "Content-Type must be multipart/form-data with a boundary")
        case .malformed: return APIError(.badRequest, "the multipart body is malformed or incomplete")
        case .unknownField(let name):
            let known = (["package"] + PackageUpload.fieldNames.sorted()).joined(separator: ", ")
            return APIError(.badRequest, name.isEmpty ? "a form part has no name" : "unknown form field '\(name)' (known: \(known))")
        case .duplicateField(let name): return APIError(.badRequest, "form field '\(name)' appears twice")
        case .fieldTooLarge(let name, let limit): return APIError(.contentTooLarge, "form field '\(name)' is larger than \(limit) bytes")
        case .packageTooLarge(let limit): return tooLarge(limit)
        case .missingPackage: return APIError(.badRequest, "the form has no 'package' file part")
        }
    }
}
