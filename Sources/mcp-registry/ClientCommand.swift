import ArgumentParser
import ClientSetup
import Foundation

/// `mcp-registry client install|remove|status`: put the registry into an AI client's
/// config (or take it out), keeping everything else in the file as it was.
struct ClientCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "client",
        abstract: "Add the registry to an AI client's config, remove it, or show where it is configured.",
        discussion: "Clients: \(KnownClients.names.joined(separator: ", ")).",
        subcommands: [Install.self, Remove.self, Status.self]
    )

    /// The client argument shared by install and remove.
    struct ClientOptions: ParsableArguments {
        @Argument(help: ArgumentHelp("The client: \(KnownClients.names.joined(separator: ", ")).", valueName: "client"))
        var client: String

        @Option(name: .long, help: "Edit this file instead of the client's usual config file.")
        var configPath: String?

        @Flag(name: .long, help: "Show the change without writing anything.")
        var dryRun = false

        func validate() throws {
            _ = try format()
        }

        func format() throws -> any ClientConfigFormat {
            do {
                return try KnownClients.format(named: client)
            } catch {
                throw ValidationError(error.description)
            }
        }

        var absoluteConfigPath: String? {
            configPath.map { URL(fileURLWithPath: $0).standardizedFileURL.path }
        }
    }

    struct Install: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add the registry to a client's config as the stdio server 'mcp-registry' (updated in place if present)."
        )

        @OptionGroup var target: ClientOptions
        @OptionGroup var options: GlobalOptions

        @Option(name: .long, help: "The mcp-registry binary the client should launch (default: this one).")
        var executable: String?

        func run() throws {
            let format = try target.format()
            let executable = executable.map { URL(fileURLWithPath: $0).standardizedFileURL.path } ?? RegistryExecutable.currentPath()
            let entry = StdioServerEntry.registry(
                executable: executable,
                dataDirectory: options.dataDir.map { URL(fileURLWithPath: $0).standardizedFileURL.path },
                catalogs: options.catalog.map { URL(fileURLWithPath: $0).standardizedFileURL.path }
            )
            let outcome = try ClientCommand.perform { () throws(ClientConfigError) in
                try ClientConfigurator().install(entry, in: format, configPath: target.absoluteConfigPath, dryRun: target.dryRun)
            }
            ClientCommand.report(outcome, format: format, dryRun: target.dryRun, done: "Added mcp-registry to", unchanged: "already configured (unchanged)")
            if outcome.written {
                print("Restart \(format.displayName) (or reload its MCP servers) to pick it up.")
            }
        }
    }

    struct Remove: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Remove the registry's entry from a client's config.")

        @OptionGroup var target: ClientOptions

        func run() throws {
            let format = try target.format()
            let outcome = try ClientCommand.perform { () throws(ClientConfigError) in
                try ClientConfigurator().remove(in: format, configPath: target.absoluteConfigPath, dryRun: target.dryRun)
            }
            ClientCommand.report(outcome, format: format, dryRun: target.dryRun, done: "Removed mcp-registry from", unchanged: "not configured there (nothing to remove)")
        }
    }

    struct Status: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show, for every known client, its config file and whether the registry is configured there.")

        @Argument(help: "Only this client.") var client: String?
        @Option(name: .long, help: "Read this file instead of the client's usual config file (needs a client).") var configPath: String?

        func validate() throws {
            if let client { _ = try ClientOptions.parse([client]).format() }
            if configPath != nil, client == nil { throw ValidationError("--config-path needs a client name") }
        }

        func run() throws {
            let setup = ClientConfigurator()
            let statuses = try client.map { [setup.status(in: try KnownClients.format(named: $0), configPath: configPath)] } ?? setup.statusOfAllClients()
            for status in statuses {
                print("\(status.displayName) (\(status.client))")
                print("  \(status.path.path)")
                if let error = status.error {
                    print("  ! cannot read: \(error)")
                } else if let server = status.server {
                    print("  ✓ configured: \(server.commandLine)")
                } else if status.fileExists {
                    print("  - not configured")
                } else {
                    print("  - no config file")
                }
            }
        }
    }

    /// Runs a config change, turning its error into a clear message and a failing exit code.
    static func perform(_ body: () throws(ClientConfigError) -> ClientConfigFile.Outcome) throws -> ClientConfigFile.Outcome {
        do {
            return try body()
        } catch {
            FileHandle.standardError.write(Data("error: \(error)\n".utf8))
            throw ExitCode.failure
        }
    }

    static func report(_ outcome: ClientConfigFile.Outcome, format: any ClientConfigFormat, dryRun: Bool, done: String, unchanged: String) {
        let path = outcome.path.path
        guard outcome.changed else {
            print("\(format.displayName): \(unchanged) — \(path)")
            return
        }
        if dryRun, outcome.before.isEmpty {
            print("Would create \(path) (\(format.displayName)); nothing written:")
            print(outcome.after, terminator: outcome.after.hasSuffix("\n") ? "" : "\n")
            return
        }
        if dryRun {
            print("Would change \(path) (\(format.displayName)); nothing written:")
            print(LineDiff.render(before: outcome.before, after: outcome.after))
            return
        }
        print("\(done) \(format.displayName): \(path)")
        if let backup = outcome.backup { print("Backup of the previous file: \(backup.path)") }
    }
}
