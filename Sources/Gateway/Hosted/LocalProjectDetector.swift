import ContainerRuntime
import Foundation
import RegistryCore

/// Reads an unpacked hosted package and says what it is (`LocalProject`): its runtime, its
/// dependency files and how it starts.
///
/// - The project root is the unpacked folder, or its only entry when that is a folder
///   (`app-1.0.0/…`, npm pack's `package/…`).
/// - An `.mcpb` bundle's `manifest.json` decides first: `server.type` (`python`, `uv`,
///   `node`; `binary` is refused), then `server.mcp_config` when its command is the
///   runtime's interpreter and its arguments need nothing but `${__dirname}`, else
///   `server.entry_point`.
/// - Without a manifest: `package.json` makes a Node project (entry: `bin`, `main`,
///   `index.js`), `server.py`/`main.py`, `requirements.txt` or `pyproject.toml` a Python one
///   (entry: `server.py`, else `main.py`).
/// Entry paths must stay inside the project and name a regular file.
public enum LocalProjectDetector {
    /// The dependency files looked for at the project root.
    static let dependencyNames = ["requirements.txt", "pyproject.toml", "package.json", "package-lock.json", "npm-shrinkwrap.json"]

    /// The project in `folder` and its root (the build context).
    /// - Throws: `HostedPackageError.unknownProjectKind` or `.entryPoint`.
    public static func detect(in folder: URL, sha256: String) throws -> (project: LocalProject, root: URL) {
        let root = projectRoot(folder)
        let names = Set((try? FileManager.default.contentsOfDirectory(atPath: root.path)) ?? [])
        let manifest = jsonObject(root.appendingPathComponent("manifest.json"))
        let server = manifest?["server"]
        let declared = server?["type"]?.stringValue?.lowercased()
        let kind: LocalProject.Kind
        switch declared {
        case "python", "uv": kind = .python
        case "node": kind = .node
        case .some(let other): throw HostedPackageError.entryPoint(reason: "the bundle's server.type is \(other.debugDescription); python, uv and node are supported")
        case nil:
            if names.contains("package.json") {
                kind = .node
            } else if !names.isDisjoint(with: ["server.py", "main.py", "requirements.txt", "pyproject.toml"]) {
                kind = .python
            } else {
                throw HostedPackageError.unknownProjectKind(files: names.sorted().prefix(20).map { $0 })
            }
        }
        var project = LocalProject(kind: kind, sha256: sha256)
        project.dependencyFiles = names.intersection(dependencyNames).filter { isFile(root.appendingPathComponent($0)) }
        if kind == .node, let package = jsonObject(root.appendingPathComponent("package.json")) {
            project.hasNodeDependencies = !(package["dependencies"]?.objectValue?.isEmpty ?? true)
        }
        let interpreter = project.interpreter
        if let config = server?["mcp_config"], let arguments = configArguments(config, kind: kind, root: root) {
            project.entryPoint = [interpreter] + arguments
        } else if let entry = server?["entry_point"]?.stringValue {
            project.entryPoint = [interpreter, try inside(entry, root: root)]
        } else {
            project.entryPoint = [interpreter, try defaultEntry(kind: kind, root: root, names: names)]
        }
        for (name, value) in server?["mcp_config"]?["env"]?.objectValue ?? [:] {
            guard let text = value.stringValue else { continue }
            let filled = text.replacingOccurrences(of: "${__dirname}", with: LocalProject.appFolder)
            if !filled.contains("${") { project.environment[name] = filled }
        }
        return (project, root)
    }

    /// The folder, or its only entry when that is a folder.
    static func projectRoot(_ folder: URL) -> URL {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        guard entries.count == 1 else { return folder }
        let only = folder.appendingPathComponent(entries[0])
        var isDirectory: ObjCBool = false
        let link = (try? FileManager.default.destinationOfSymbolicLink(atPath: only.path)) != nil
        guard !link, FileManager.default.fileExists(atPath: only.path, isDirectory: &isDirectory), isDirectory.boolValue else { return folder }
        return only
    }

    /// `mcp_config`'s arguments, when its command is the runtime's interpreter (`python`,
    /// `python3`; `node`) and they use no value but `${__dirname}`, with paths inside.
    static func configArguments(_ config: JSONValue, kind: LocalProject.Kind, root: URL) -> [String]? {
        guard let command = config["command"]?.stringValue, let arguments = config["args"]?.arrayValue else { return nil }
        let name = (command as NSString).lastPathComponent
        let interpreters = kind == .python ? ["python", "python3"] : ["node"]
        guard interpreters.contains(name) else { return nil }
        var filled: [String] = []
        for argument in arguments {
            guard let text = argument.stringValue, !text.contains("${") || text.hasPrefix("${__dirname}") else { return nil }
            if text.hasPrefix("${__dirname}") {
                let relative = String(text.dropFirst("${__dirname}".count)).trimmingCharacters(in: CharacterSet(charactersIn: "/"))
                guard !relative.contains("${"), let path = try? inside(relative, root: root, mustBeFile: false) else { return nil }
                filled.append(path)
            } else {
                filled.append(text)
            }
        }
        return filled.isEmpty ? nil : filled
    }

    static func defaultEntry(kind: LocalProject.Kind, root: URL, names: Set<String>) throws -> String {
        switch kind {
        case .python:
            for candidate in ["server.py", "main.py"] where names.contains(candidate) {
                return try inside(candidate, root: root)
            }
            throw HostedPackageError.entryPoint(reason: "no server.py or main.py at the project root, and no manifest.json naming one")
        case .node:
            let package = jsonObject(root.appendingPathComponent("package.json"))
            var candidates: [String] = []
            if let bin = package?["bin"]?.stringValue { candidates.append(bin) }
            if let bins = package?["bin"]?.objectValue { candidates += bins.keys.sorted().compactMap { bins[$0]?.stringValue } }
            if let main = package?["main"]?.stringValue { candidates.append(main) }
            candidates += ["index.js", "server.js"]
            for candidate in candidates {
                if let path = try? inside(candidate, root: root) { return path }
            }
            throw HostedPackageError.entryPoint(reason: "package.json names no bin or main file that exists, and there is no index.js")
        }
    }

    /// `relative` as a path in the image, checked to stay inside the root and (unless told
    /// otherwise) to name a regular file there.
    static func inside(_ relative: String, root: URL, mustBeFile: Bool = true) throws -> String {
        var parts: [String] = []
        for part in relative.split(separator: "/", omittingEmptySubsequences: true) where part != "." {
            guard part != "..", !relative.hasPrefix("/") else {
                throw HostedPackageError.entryPoint(reason: "\(relative.debugDescription) leaves the package")
            }
            parts.append(String(part))
        }
        guard !parts.isEmpty else { throw HostedPackageError.entryPoint(reason: "an empty entry point") }
        let path = parts.joined(separator: "/")
        if mustBeFile, !isFile(root.appendingPathComponent(path)) {
            throw HostedPackageError.entryPoint(reason: "\(path.debugDescription) is not a file in the package")
        }
        return "\(LocalProject.appFolder)/\(path)"
    }

    /// A regular file, not a link.
    static func isFile(_ url: URL) -> Bool {
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: url.path) else { return false }
        return attributes[.type] as? FileAttributeType == .typeRegular
    }

    static func jsonObject(_ url: URL) -> JSONValue? {
        guard isFile(url), let data = FileManager.default.contents(atPath: url.path), data.count <= 1_024 * 1_024,
              let value = try? JSONDecoder().decode(JSONValue.self, from: data), value.objectValue != nil else { return nil }
        return value
    }
}
