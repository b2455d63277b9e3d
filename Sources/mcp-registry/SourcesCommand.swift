import ArgumentParser
import CatalogSources
import Foundation
import RegistryCore
import RegistryServer

/// `mcp-registry sources list|add|remove|enable|disable`: the catalogs the registry reads,
/// stored in the user's settings file. Built-in defaults can be disabled or pointed elsewhere.
struct SourcesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sources",
        abstract: "List, add, remove, enable or disable catalog sources.",
        subcommands: [List.self, Add.self, Remove.self, Enable.self, Disable.self],
        defaultSubcommand: List.self
    )

    /// Where the settings live, from `--data-dir` and the environment.
    static func store(_ options: GlobalOptions) throws -> (store: SettingsStore, paths: RegistryPaths) {
        let paths = RegistryPaths.resolve(dataDir: options.dataDir, environment: ProcessInfo.processInfo.environment,
                                          checkoutRoot: RegistryBootstrap.checkoutRoot())
        return (SettingsStore(paths: paths), paths)
    }

    /// Runs a change on the settings file, turning refusals into a clean CLI error.
    static func change(_ options: GlobalOptions, _ body: (inout RegistrySettings) throws -> Void) throws -> RegistrySettings {
        let (store, _) = try store(options)
        do {
            try store.update(body)
            return try store.load()
        } catch let error as SourceSettingsError {
            throw ValidationError(error.description)
        } catch let error as SettingsStore.ReadError {
            throw ValidationError(error.description)
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "Show every source in effect.")

        @OptionGroup var options: GlobalOptions
        @Flag(help: "Print JSON.") var json = false

        struct Row: Encodable {
            var id: String
            var format: String
            var url: String
            var branch: String?
            var enabled: Bool
            var origin: String
        }

        func run() async throws {
            let (store, _) = try SourcesCommand.store(options)
            let settings: RegistrySettings
            do {
                settings = try store.load()
            } catch let error as SettingsStore.ReadError {
                throw ValidationError(error.description)
            }
            let rows = settings.sourceListings.map { listing in
                Row(id: listing.setting.id, format: listing.setting.format, url: GitError.redactedURL(listing.setting.url),
                    branch: listing.setting.branch, enabled: listing.setting.enabled,
                    origin: listing.isBuiltIn ? (listing.overridesBuiltIn ? "built-in, changed" : "built-in") : "added")
            }
            if json {
                try JSONOutput.print(rows)
                return
            }
            var table = TextTable(headers: ["ID", "FORMAT", "ENABLED", "ORIGIN", "BRANCH", "URL"])
            table.maxWidth = 80
            for row in rows {
                table.add([row.id, row.format, row.enabled ? "yes" : "no", row.origin, row.branch ?? "-", row.url])
            }
            print(table.render())
            print("\nSettings: \(store.file.path)")
        }
    }

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "add",
            abstract: "Add a source (or, with the id of a built-in, point that one at a mirror).",
            discussion: """
            Git formats: docker (servers/<name>/server.yaml), awesome (README.md + docs/*.md lists), \
            server-json (server.json files). Also: local (a folder), official, mcpservers.
            Private https repositories read a token from MCP_REGISTRY_GIT_TOKEN (or GITHUB_TOKEN for \
            github.com); ssh URLs use the ssh agent.
            """
        )

        @OptionGroup var options: GlobalOptions
        @Argument(help: "Repository URL (https, ssh, file://) or folder path.") var url: String
        @Option(help: "docker, awesome, server-json, local, official, mcpservers.") var format: String
        @Option(help: "The source id (default: derived from the URL).") var name: String?
        @Option(help: "Git branch to follow (default: the remote's default branch).") var branch: String?

        func run() async throws {
            var added: SourceSetting?
            _ = try SourcesCommand.change(options) { settings in
                added = try settings.addSource(url: url, format: format, name: name, branch: branch)
            }
            guard let added else { return }
            let mirror = added.isBuiltIn ? " (replaces the built-in \(added.id))" : ""
            print("Added source \(added.id): \(added.format) \(GitError.redactedURL(added.url))\(mirror). Run `mcp-registry refresh \(added.id)` to load it.")
        }
    }

    struct Remove: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "remove", abstract: "Remove an added source (a built-in reverts to its default).")

        @OptionGroup var options: GlobalOptions
        @Argument(help: "The source id.") var id: String

        func run() async throws {
            let settings = try SourcesCommand.change(options) { try $0.removeSource(id: id) }
            if settings.effectiveSources.contains(where: { $0.id == id }) {
                print("Source \(id) is back to its built-in default.")
            } else {
                print("Removed source \(id).")
            }
        }
    }

    struct Enable: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "enable", abstract: "Enable a source.")

        @OptionGroup var options: GlobalOptions
        @Argument(help: "The source id.") var id: String

        func run() async throws {
            _ = try SourcesCommand.change(options) { try $0.setSourceEnabled(id: id, true) }
            print("Enabled source \(id).")
        }
    }

    struct Disable: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "disable", abstract: "Disable a source (its entries leave the catalog).")

        @OptionGroup var options: GlobalOptions
        @Argument(help: "The source id.") var id: String

        func run() async throws {
            _ = try SourcesCommand.change(options) { try $0.setSourceEnabled(id: id, false) }
            print("Disabled source \(id).")
        }
    }
}
