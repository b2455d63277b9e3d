import ArgumentParser
import Foundation
import RegistryCore
import RegistryServer

/// `mcp-registry config …`: the registry's own settings in the settings file
/// (`config.json`), one setting per subcommand.
struct ConfigCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "config",
        abstract: "Change the registry's settings (config.json).",
        subcommands: [Network.self]
    )

    /// `mcp-registry config network [<id> [allow|none|default]]`: whether an entry's
    /// container gets a network (`containers.network` in the settings file).
    struct Network: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "network",
            abstract: "Give an entry's container a network, take it away, or leave it to its definition.",
            discussion: """
            A server runs in its container with --network none unless its definition says it needs the \
            network (Docker server.yaml without disableNetwork, a package that asks for a token, URL or host; \
            see `mcp-registry info <id>`). This setting overrides that per entry:
              allow     a network (podman's default bridge); also: bridge, on, true
              none      no network (--network none); also: off, false
              default   remove the setting: the definition decides again; also: unset
            With an id alone it shows the setting for that entry; with nothing, every entry that has one.
            A running registry applies it to servers it starts from now on: registry-remove and \
            registry-add a running server again.
            """
        )

        @OptionGroup var options: GlobalOptions
        @Argument(help: "The entry id, e.g. docker/fetch.") var id: String?
        @Argument(help: "allow, none or default.") var value: String?
        @Flag(help: "Print JSON.") var json = false

        /// What a value word sets: `true` (a network), `false` (none), `nil` (the definition).
        static func setting(for word: String) -> Bool?? {
            switch word.lowercased() {
            case "allow", "bridge", "on", "true", "yes": return .some(true)
            case "none", "off", "false", "no": return .some(false)
            case "default", "unset", "reset": return .some(nil)
            default: return nil
            }
        }

        struct Row: Encodable {
            var id: String
            /// `allow`, `none`, or `default` when the definition decides.
            var network: String
        }

        static func word(_ allowed: Bool?) -> String {
            allowed.map { $0 ? "allow" : "none" } ?? "default"
        }

        func run() async throws {
            let (store, _) = try SourcesCommand.store(options)
            guard let id else {
                let settings = try Self.load(store)
                let rows = settings.containers.network.keys.sorted().map { Row(id: $0, network: Self.word(settings.containers.network[$0])) }
                if json { return try JSONOutput.print(rows) }
                if rows.isEmpty { print("No entry has a network setting: each entry's definition decides.") }
                for row in rows { print("\(row.id)  \(row.network)") }
                print("\nSettings: \(store.file.path)")
                return
            }
            guard let value else {
                let settings = try Self.load(store)
                let row = Row(id: id, network: Self.word(settings.containers.networkOverride(for: id)))
                if json { return try JSONOutput.print(row) }
                print(row.network == "default" ? "\(id): no setting; its definition decides." : "\(id): \(row.network)")
                return
            }
            guard let allowed = Self.setting(for: value) else {
                throw ValidationError("'\(value)' is not a network setting: use allow, none or default.")
            }
            let settings = try SourcesCommand.change(options) { settings in
                // One key per entry, whatever case it was written in before.
                let key = EntryID.lookupKey(id)
                for existing in settings.containers.network.keys where EntryID.lookupKey(existing) == key {
                    settings.containers.network[existing] = nil
                }
                if let allowed { settings.containers.network[id] = allowed }
            }
            let row = Row(id: id, network: Self.word(settings.containers.networkOverride(for: id)))
            if json { return try JSONOutput.print(row) }
            switch allowed {
            case true?: print("\(id) gets a network when it starts next (registry-remove and registry-add it if it runs).")
            case false?: print("\(id) runs without a network (--network none) when it starts next.")
            case nil: print("\(id) has no network setting now: its definition decides when it starts next.")
            }
        }

        static func load(_ store: SettingsStore) throws -> RegistrySettings {
            do {
                return try store.load()
            } catch let error as SettingsStore.ReadError {
                throw ValidationError(error.description)
            }
        }
    }
}
