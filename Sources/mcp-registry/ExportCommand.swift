import ArgumentParser
import ClientSetup
import ContainerRuntime
import Foundation
import Gateway
import RegistryCore
import RegistryServer


/// `mcp-registry export <id> --client <client>`: the config entry that runs one catalog
/// server directly through podman (hardened like the registry runs it), for people who
/// want it in their client permanently without the registry in between.
struct ExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Print the config entry that runs one catalog server directly through podman.",
        discussion: """
            Secrets are never printed: the entry passes each one to the container as a bare \
            `-e NAME`, and its env map holds a placeholder for you to replace with the value. \
            Clients: \(KnownClients.names.joined(separator: ", ")).
            """
    )

    @OptionGroup var options: GlobalOptions
    @Argument(help: "The entry id, e.g. docker/grafana.") var id: String
    @Option(name: .long, help: "The client whose config format to print.") var client: String
    @Option(name: .customLong("set"), help: "A configuration value the server needs, key=value (repeatable).") var values: [String] = []
    @Option(name: .long, help: "The server's name in the client (default: from the id).") var name: String?

    func validate() throws {
        do {
            _ = try KnownClients.format(named: client)
        } catch {
            throw ValidationError(error.description)
        }
        for value in values where !value.contains("=") {
            throw ValidationError("--set expects key=value, got '\(value)'")
        }
    }

    func run() async throws {
        let format = try KnownClients.format(named: client)
        let bootstrap = try options.bootstrap(defaultLogLevel: "warning")
        let service = try await options.loadedService()
        let catalog = await service.catalog()
        await service.shutdown()
        guard let entry = catalog.entry(id: id) else {
            let suggestions = catalog.suggestions(for: id)
            Self.fail("no entry '\(id)'" + (suggestions.isEmpty ? "" : "; did you mean \(suggestions.joined(separator: ", "))?"))
        }
        if !entry.allLaunchBlockers.isEmpty {
            Self.fail("'\(entry.id)' cannot be started. " + entry.blockerSentences.joined(separator: " "))
        }
        guard ContainerPlanner.canPlan(entry) else {
            Self.fail("'\(entry.id)' is a \(entry.launch.kind) entry; export prints podman entries for container images only")
        }
        let server = DirectEntryPlanning.serverEntry(
            for: entry, values: values, name: name, settings: bootstrap.settings, serverConfig: bootstrap.settings.serverConfig[entry.id] ?? [:])
        print(format.snippet(for: server))
        if !server.env.isEmpty {
            FileHandle.standardError.write(Data(
                "Replace the placeholders in env (\(server.env.keys.sorted().joined(separator: ", "))) with your values before using it.\n".utf8))
        }
    }

    /// A `--set` value: JSON when it is a JSON list or object (`["/data"]`), else the text.
    static func configValue(_ text: String) -> JSONValue {
        if let first = text.first, first == "[" || first == "{",
            let value = try? JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))
        {
            return value
        }
        return .string(text)
    }

    /// Prints `message` on stderr and exits with a failure status (no usage text: the
    /// arguments were fine, the entry needs more).
    static func fail(_ message: String) -> Never {
        FileHandle.standardError.write(Data("error: \(message)\n".utf8))
        Foundation.exit(ExitCode.failure.rawValue)
    }
}
