import Foundation

/// The formats a source can have.
public enum SourceFormat: String, Sendable, CaseIterable, Codable {
    /// A git repository laid out like docker/mcp-registry (`servers/<name>/server.yaml`).
    case docker
    /// A git repository of awesome-list markdown (`README.md`, `docs/*.md`).
    case awesome
    /// A git repository of `server.json` files (official MCP registry schema).
    case serverJSON = "server-json"
    /// The official MCP registry's HTTP API.
    case official
    /// mcpservers.org pages.
    case mcpservers
    /// A local folder of `server.yaml` / `server.json` definitions.
    case local

    /// Whether sources of this format are git repositories.
    public var isGit: Bool { self == .docker || self == .awesome || self == .serverJSON }
}

extension SourceSetting {
    /// The sources every installation starts with. A user setting with the same id
    /// overrides one (a mirror, another branch, `enabled: false`).
    public static let builtInDefaults: [SourceSetting] = [
        SourceSetting(id: "docker", format: SourceFormat.docker.rawValue, url: "https://github.com/docker/mcp-registry"),
        SourceSetting(id: "awesome", format: SourceFormat.awesome.rawValue, url: "https://github.com/TensorBlock/awesome-mcp-servers"),
        SourceSetting(id: "official", format: SourceFormat.official.rawValue, url: "https://registry.modelcontextprotocol.io"),
        SourceSetting(id: "mcpservers", format: SourceFormat.mcpservers.rawValue, url: "https://mcpservers.org"),
    ]

    /// Whether a built-in default has this id.
    public var isBuiltIn: Bool { Self.builtInDefaults.contains { $0.id == id } }

    /// The id `add` derives from a URL or path when no name is given:
    /// `https://github.com/acme/MCP-Catalog.git` → `mcp-catalog`.
    public static func derivedID(fromURL url: String) -> String {
        var text = Substring(url.trimmingCharacters(in: .whitespacesAndNewlines))
        if let cut = text.firstIndex(where: { $0 == "?" || $0 == "#" }) { text = text[..<cut] }
        while text.hasSuffix("/") { text = text.dropLast() }
        var last = text.split(whereSeparator: { $0 == "/" || $0 == ":" }).last.map(String.init) ?? ""
        if last.lowercased().hasSuffix(".git") { last.removeLast(4) }
        let mapped = last.lowercased().map { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" || $0 == "." ? $0 : "-" }
        let id = String(mapped).trimmingCharacters(in: CharacterSet(charactersIn: "-."))
        return id.isEmpty ? "source" : id
    }

    /// Whether `id` can name a source: letters, digits, `-`, `_`, `.`, not starting with `.`.
    public static func isValidID(_ id: String) -> Bool {
        !id.isEmpty && id.count <= 64 && !id.hasPrefix(".")
            && id.allSatisfy { ($0.isASCII && ($0.isLetter || $0.isNumber)) || $0 == "-" || $0 == "_" || $0 == "." }
    }
}

/// Why a source-management operation was refused.
public enum SourceSettingsError: Error, Sendable, Equatable, CustomStringConvertible {
    case duplicateID(String)
    case unknownID(String)
    case cannotRemoveBuiltIn(String)
    case unknownFormat(String)
    case invalidID(String)
    case invalidURL(String)

    public var description: String {
        switch self {
        case .duplicateID(let id):
            "a source with id '\(id)' already exists; choose another with --name, or remove it first"
        case .unknownID(let id):
            "no source has id '\(id)'; see `mcp-registry sources list`"
        case .cannotRemoveBuiltIn(let id):
            "'\(id)' is a built-in source and cannot be removed; disable it with `mcp-registry sources disable \(id)`, or point it elsewhere with `sources add <url> --name \(id)`"
        case .unknownFormat(let format):
            "unknown format '\(format)'; use one of: \(SourceFormat.allCases.map(\.rawValue).joined(separator: ", "))"
        case .invalidID(let id):
            "'\(id)' is not a usable source id (letters, digits, '-', '_', '.'; at most 64)"
        case .invalidURL(let url):
            "'\(url)' is not a URL or path a source can read"
        }
    }
}

extension RegistrySettings {
    /// One row of `sources list`: the effective setting and where it comes from.
    public struct SourceListing: Sendable, Hashable {
        public var setting: SourceSetting
        /// A built-in default (possibly overridden).
        public var isBuiltIn: Bool
        /// The user's settings change a built-in default.
        public var overridesBuiltIn: Bool
    }

    /// The sources in effect: built-in defaults (overridden by user settings with the same
    /// id), then the user's own, in the order added.
    public var effectiveSources: [SourceSetting] { sourceListings.map(\.setting) }

    /// `effectiveSources` with where each comes from.
    public var sourceListings: [SourceListing] {
        var listings: [SourceListing] = []
        for builtIn in SourceSetting.builtInDefaults {
            if let override = sources.first(where: { $0.id == builtIn.id }) {
                listings.append(SourceListing(setting: override, isBuiltIn: true, overridesBuiltIn: true))
            } else {
                listings.append(SourceListing(setting: builtIn, isBuiltIn: true, overridesBuiltIn: false))
            }
        }
        var seen = Set(listings.map(\.setting.id))
        for setting in sources where seen.insert(setting.id).inserted {
            listings.append(SourceListing(setting: setting, isBuiltIn: false, overridesBuiltIn: false))
        }
        return listings
    }

    /// Adds a source. The id is `name`, or derived from the URL. Using a built-in id that the
    /// user has not overridden yet points that default elsewhere (a mirror); any other id in
    /// use is a duplicate.
    @discardableResult
    public mutating func addSource(url: String, format: String, name: String? = nil, branch: String? = nil) throws -> SourceSetting {
        guard let parsedFormat = SourceFormat(rawValue: format.lowercased()) else { throw SourceSettingsError.unknownFormat(format) }
        let trimmedURL = url.trimmingCharacters(in: .whitespacesAndNewlines)
        guard Self.isUsableLocation(trimmedURL, format: parsedFormat) else { throw SourceSettingsError.invalidURL(url) }
        let id = name?.trimmingCharacters(in: .whitespacesAndNewlines) ?? SourceSetting.derivedID(fromURL: trimmedURL)
        guard SourceSetting.isValidID(id) else { throw SourceSettingsError.invalidID(id) }
        if sources.contains(where: { $0.id == id }) { throw SourceSettingsError.duplicateID(id) }
        let trimmedBranch = branch?.trimmingCharacters(in: .whitespacesAndNewlines)
        let setting = SourceSetting(id: id, format: parsedFormat.rawValue, url: trimmedURL,
                                    branch: (trimmedBranch?.isEmpty ?? true) ? nil : trimmedBranch)
        sources.append(setting)
        return setting
    }

    /// Removes a user-added source, or a user override of a built-in (which then reverts to
    /// its default). A built-in itself cannot be removed, only disabled.
    public mutating func removeSource(id: String) throws {
        if let index = sources.firstIndex(where: { $0.id == id }) {
            sources.remove(at: index)
            return
        }
        if SourceSetting.builtInDefaults.contains(where: { $0.id == id }) { throw SourceSettingsError.cannotRemoveBuiltIn(id) }
        throw SourceSettingsError.unknownID(id)
    }

    /// Enables or disables a source (a built-in gets an override entry).
    public mutating func setSourceEnabled(id: String, _ enabled: Bool) throws {
        if let index = sources.firstIndex(where: { $0.id == id }) {
            sources[index].enabled = enabled
            // An override that now equals its default is dropped, keeping the file minimal.
            if let builtIn = SourceSetting.builtInDefaults.first(where: { $0.id == id }), sources[index] == builtIn {
                sources.remove(at: index)
            }
            return
        }
        guard var builtIn = SourceSetting.builtInDefaults.first(where: { $0.id == id }) else {
            throw SourceSettingsError.unknownID(id)
        }
        guard builtIn.enabled != enabled else { return }
        builtIn.enabled = enabled
        sources.append(builtIn)
    }

    static func isUsableLocation(_ text: String, format: SourceFormat) -> Bool {
        guard !text.isEmpty, !text.contains(where: { $0.isWhitespace || $0.isNewline }) else { return false }
        if format == .local { return true }
        if let scheme = text.range(of: "://") {
            let name = text[..<scheme.lowerBound].lowercased()
            let allowed: Set<String> = format.isGit ? ["https", "http", "ssh", "git", "file"] : ["https", "http"]
            return allowed.contains(name) && text[scheme.upperBound...].count > 0
        }
        // scp-like `git@host:path` and plain paths are git locations.
        return format.isGit && (text.contains("@") && text.contains(":") || text.hasPrefix("/") || text.hasPrefix("~") || text.hasPrefix("."))
    }
}
