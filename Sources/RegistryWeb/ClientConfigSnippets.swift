import ClientSetup
import ContainerRuntime
import RegistryCore

/// The config entry, for each client `KnownClients` knows, that runs one published server
/// directly through podman: the same planner (`ContainerPlanner`, hardened as the registry
/// runs it) and the same writer (`DirectServerEntry`, each format's `snippet(for:)`) as
/// `mcp-registry export`. Secrets appear only as placeholders in `env`; required non-secret
/// values the publisher declared appear as `<fill in NAME>` placeholders in the command.
enum ClientConfigSnippets {
    struct Snippet: Sendable {
        /// The command-line name (`claude-desktop`).
        var client: String
        /// The name for people (`Claude Desktop`).
        var displayName: String
        /// The text to paste into the client's config.
        var text: String
    }

    enum Outcome: Sendable {
        case entries([Snippet], placeholders: [String])
        /// The server is not a container image speaking stdio (`launchKind`: `package`,
        /// `remote`…), or planning refused it (`problem`).
        case unavailable(launchKind: String, problem: String?)
    }

    static func make(for entry: CatalogEntry, settings: ContainerSettings = ContainerSettings()) -> Outcome {
        guard ContainerPlanner.canPlan(entry) else { return .unavailable(launchKind: "\(entry.launch.kind)", problem: nil) }
        let secretNames = entry.configuration.secrets.flatMap { [$0.name, $0.env] }
            + entry.configuration.env.filter(\.isSecret).map(\.name)
        let planner = ContainerPlanner(settings: settings, session: "export")
        var config: [String: JSONValue] = [:]
        var placeholders: [String] = []
        for attempt in 0..<2 {
            do {
                let plan = try planner.plan(entry: entry, config: config, availableSecrets: Set(secretNames), nameSuffix: "export")
                let server = DirectServerEntry.make(
                    name: DirectServerEntry.serverName(forEntryID: entry.id),
                    command: "podman", args: plan.runArguments, secretVariables: plan.secretEnvironmentNames
                )
                let snippets = KnownClients.all.map { Snippet(client: $0.name, displayName: $0.displayName, text: $0.snippet(for: server)) }
                return .entries(snippets, placeholders: placeholders + plan.secretEnvironmentNames)
            } catch ContainerPlanError.missingValues(_, let missing) where attempt == 0 {
                for value in missing where value.kind != "secret" {
                    config[value.name] = .string(DirectServerEntry.placeholder(for: value.name))
                    placeholders.append(value.name)
                }
            } catch {
                return .unavailable(launchKind: "\(entry.launch.kind)", problem: "\(error)")
            }
        }
        return .unavailable(launchKind: "\(entry.launch.kind)", problem: "required values are missing")
    }
}
