import Foundation
import RegistryCore

/// Why a configured source could not be built.
public enum SourceFactoryError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The format exists but this build has no reader for it yet.
    case unsupportedFormat(id: String, format: String)
    /// The format is not one `SourceFormat` knows.
    case unknownFormat(id: String, format: String)

    public var description: String {
        switch self {
        case .unsupportedFormat(let id, let format):
            "source '\(id)': format '\(format)' is not supported by this build"
        case .unknownFormat(let id, let format):
            "source '\(id)': unknown format '\(format)' (use one of: \(SourceFormat.allCases.map(\.rawValue).joined(separator: ", ")))"
        }
    }
}

/// Builds the `CatalogSource` for each configured `SourceSetting`.
///
/// A new kind of source is one new `case` in `source(for:paths:credentials:)`.
public enum SourceFactory {
    /// The source for one setting. Git sources clone into `paths.sourcesDirectory/<id>/`.
    public static func source(for setting: SourceSetting, paths: RegistryPaths,
                              credentials: GitCredentials = GitCredentials()) throws -> any CatalogSource {
        guard let format = SourceFormat(rawValue: setting.format.lowercased()) else {
            throw SourceFactoryError.unknownFormat(id: setting.id, format: setting.format)
        }
        switch format {
        case .docker, .awesome, .serverJSON:
            let gitFormat = GitCatalogSource.Format(rawValue: format.rawValue)!
            return GitCatalogSource(
                id: setting.id,
                url: gitURL(setting.url),
                branch: setting.branch,
                format: gitFormat,
                checkoutDirectory: checkoutDirectory(for: setting.id, paths: paths),
                credentials: credentials
            )
        case .local:
            let path = HomeDirectory.expand(setting.url.hasPrefix("file://") ? (URL(string: setting.url)?.path ?? setting.url) : setting.url)
            return LocalCatalogSource(id: setting.id, folder: URL(fileURLWithPath: path, isDirectory: true))
        case .official:
            return OfficialRegistrySource(id: setting.id, baseURL: try httpURL(setting), fetcher: HTTPFetcher.shared(paths: paths))
        case .mcpservers:
            return MCPServersOrgSource(
                id: setting.id, baseURL: try httpURL(setting), fetcher: HTTPFetcher.shared(paths: paths),
                stateFile: MCPServersOrgSource.stateFile(paths: paths, id: setting.id)
            )
        }
    }

    /// The sources of every enabled setting in effect (built-in defaults merged with the user's),
    /// with an error for each one that could not be built.
    public static func sources(for settings: RegistrySettings, paths: RegistryPaths,
                               credentials: GitCredentials = GitCredentials()) -> (sources: [any CatalogSource], failures: [String: Error]) {
        var sources: [any CatalogSource] = []
        var failures: [String: Error] = [:]
        for setting in settings.effectiveSources where setting.enabled {
            do {
                sources.append(try source(for: setting, paths: paths, credentials: credentials))
            } catch {
                failures[setting.id] = error
            }
        }
        return (sources, failures)
    }

    /// `sources/<id>/` (the id is made file-name safe).
    public static func checkoutDirectory(for id: String, paths: RegistryPaths) -> URL {
        let safe = String(id.map { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" || $0 == "." ? $0 : "_" })
        return paths.sourcesDirectory.appendingPathComponent(safe.hasPrefix(".") ? "_" + safe : safe, isDirectory: true)
    }

    /// The base URL of an HTTP source (`http` or `https` with a host).
    static func httpURL(_ setting: SourceSetting) throws -> URL {
        let text = setting.url.trimmingCharacters(in: .whitespacesAndNewlines)
        guard let url = URL(string: text), let scheme = url.scheme?.lowercased(), scheme == "https" || scheme == "http", url.host != nil else {
            throw SourceSettingsError.invalidURL(setting.url)
        }
        return url
    }

    /// A plain path or `~/path` becomes a `file://` URL; anything else is passed to libgit2 as is.
    static func gitURL(_ raw: String) -> String {
        let text = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        if text.hasPrefix("~/") {
            return URL(fileURLWithPath: HomeDirectory.expand(text)).absoluteString
        }
        if text.hasPrefix("/") { return URL(fileURLWithPath: text).absoluteString }
        return text
    }
}
