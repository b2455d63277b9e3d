import CatalogSources
import Foundation
import Logging
import RegistryCore

/// Assembles the registry from the command line and the environment: where files live,
/// the user's settings, the catalog sources and the catalog service.
public struct RegistryBootstrap: Sendable {
    public var paths: RegistryPaths
    public var settings: RegistrySettings
    /// Extra local catalog folders from `--catalog`.
    public var extraCatalogs: [String]

    /// Resolves paths, sweeps the temporary files a killed writer left in the registry's own
    /// config and cache folders (`AtomicFile.sweepLeftovers`), and reads the settings file.
    /// - Throws: `SettingsStore.ReadError` when the settings file exists but does not parse.
    public init(dataDir: String?, catalogs: [String], environment: [String: String] = ProcessInfo.processInfo.environment) throws {
        let paths = RegistryPaths.resolve(dataDir: dataDir, environment: environment, checkoutRoot: Self.checkoutRoot())
        let swept = AtomicFile.sweepLeftovers(in: [paths.configDirectory, paths.cacheDirectory])
        if !swept.isEmpty {
            Logger(label: "mcp-registry").notice("removed \(swept.count) temporary file(s) left by an interrupted write", metadata: [
                "files": "\(swept.map(\.lastPathComponent).joined(separator: ", "))",
            ])
        }
        self.paths = paths
        self.settings = try SettingsStore(paths: paths).load()
        self.extraCatalogs = catalogs
    }

    /// The sources to serve: the configured ones (built-in defaults merged with the user's
    /// settings) and every local catalog folder.
    public func managedSources() -> [ManagedSource] {
        var result: [ManagedSource] = []
        var seen = Set<String>()
        let reserved = Set(settings.effectiveSources.map(\.id) + Self.builtInSourceIDs)
        for folder in settings.catalogs + extraCatalogs {
            let url = URL(fileURLWithPath: HomeDirectory.expand(folder)).standardizedFileURL
            // The folder's name is the source id (`~/team-servers` → `team-servers/<name>`),
            // unless it collides with a configured source.
            let base = Self.slug(url.lastPathComponent)
            var id = reserved.contains(base) ? "local-\(base)" : base
            var suffix = 2
            while seen.contains(id) || reserved.contains(id) {
                id = "local-\(base)-\(suffix)"
                suffix += 1
            }
            seen.insert(id)
            // A folder on this machine is cheap to re-read: no cooldown, checked every minute.
            result.append(ManagedSource(source: LocalCatalogSource(id: id, folder: url), refreshInterval: 60, cooldown: 0, refreshesAtStart: true))
        }
        for setting in settings.effectiveSources where setting.enabled && !seen.contains(setting.id) {
            do {
                let isLocal = setting.format.lowercased() == "local"
                let source: any CatalogSource = isLocal
                    ? LocalCatalogSource(id: setting.id, folder: URL(fileURLWithPath: HomeDirectory.expand(setting.url)))
                    : try SourceFactory.source(for: setting, paths: paths)
                seen.insert(setting.id)
                result.append(ManagedSource(
                    source: source,
                    refreshInterval: setting.refreshInterval ?? (isLocal ? 60 : 24 * 3600),
                    cooldown: isLocal ? 0 : 300,
                    refreshesAtStart: isLocal))
            } catch {
                Logger(label: "mcp-registry").warning("source \(setting.id) is not served: \(error)")
            }
        }
        return result
    }

    /// Ids the built-in sources use, which local folders must not take.
    static let builtInSourceIDs = ["docker", "awesome", "official", "mcpservers"]

    /// The catalog service over `managedSources()`.
    public func makeService() -> RegistryService {
        RegistryService(paths: paths, sources: managedSources())
    }

    /// The checkout this binary was built in, if it runs from one (`.build/<config>/mcp-registry`).
    public static func checkoutRoot() -> URL? {
        let executable = URL(fileURLWithPath: (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
            ?? CommandLine.arguments[0]).standardizedFileURL
        var folder = executable.deletingLastPathComponent()
        for _ in 0..<6 {
            let manifest = folder.appendingPathComponent("Package.swift")
            let core = folder.appendingPathComponent("Sources/RegistryCore")
            if FileManager.default.fileExists(atPath: manifest.path), FileManager.default.fileExists(atPath: core.path) {
                return folder
            }
            folder = folder.deletingLastPathComponent()
        }
        return nil
    }

    static func slug(_ text: String) -> String {
        let mapped = text.lowercased().map { $0.isLetter || $0.isNumber ? $0 : "-" }
        let collapsed = String(mapped).split(separator: "-").joined(separator: "-")
        return collapsed.isEmpty ? "catalog" : collapsed
    }
}
