import ClientSetup
import ContainerRuntime
import Foundation
import Gateway
import RegistryCore
import RegistryServer

/// The config entry that runs one server directly through podman, shared by `export` and
/// `install`: the `--set` values checked as registry-add checks them, the container planned
/// with the same planner and hardening, written by `DirectServerEntry`.
enum DirectEntryPlanning {
    /// The entry for `entry` (whose launch is a container image). Exits with a message on
    /// stderr when the configuration is invalid or incomplete.
    /// - Parameters:
    ///   - values: `--set key=value` arguments.
    ///   - serverConfig: the values already stored for the entry.
    ///   - pull: the `--pull` policy written into the entry (`missing`; `never` for an
    ///     image built on this machine, which no registry serves).
    static func serverEntry(
        for entry: CatalogEntry, values: [String], name: String?, settings: RegistrySettings,
        serverConfig: [String: JSONValue], pull: String = "missing"
    ) -> StdioServerEntry {
        var given: [String: JSONValue] = [:]
        for value in values {
            let parts = value.split(separator: "=", maxSplits: 1).map(String.init)
            given[parts[0]] = ExportCommand.configValue(parts.count > 1 ? parts[1] : "")
        }
        // The checks registry-add makes, so no command is printed that it refuses.
        let validator = ConfigValidator(entry: entry)
        let classified = validator.classify(given)
        guard classified.isValid else {
            ExportCommand.fail("invalid configuration for \(entry.id):\n" + ConfigProblem.bullets(classified.problems))
        }
        var config = serverConfig
        for (name, value) in classified.config { config[name] = value == .null ? nil : value }
        let problems = validator.validate(config: config)
        guard problems.isEmpty else {
            ExportCommand.fail("invalid configuration for \(entry.id):\n" + ConfigProblem.bullets(problems))
        }
        // Every secret counts as available: its value comes from the client's env map, never from here.
        let secretNames = entry.configuration.secrets.flatMap { [$0.name, $0.env] }
            + entry.configuration.env.filter(\.isSecret).map(\.name)
        let plan: ContainerPlan
        do {
            plan = try ContainerPlanner(settings: settings.containers, session: "export")
                .plan(entry: entry, config: config, availableSecrets: Set(secretNames), nameSuffix: "export")
        } catch ContainerPlanError.missingValues(let entryID, let missing) {
            let lines = missing.map { "- \($0.line)" }.joined(separator: "\n")
            let example = missing.first(where: { $0.kind != "secret" }).map { " (e.g. --set \($0.name)=\($0.example ?? "…"))" } ?? ""
            ExportCommand.fail("\(entryID) needs values before it can run:\n\(lines)\nGive them with --set key=value\(example); JSON is accepted for lists.")
        } catch {
            ExportCommand.fail("\(error)")
        }
        return DirectServerEntry.make(
            name: name ?? DirectServerEntry.serverName(forEntryID: entry.id),
            command: "podman",
            args: plan.runArguments,
            secretVariables: plan.secretEnvironmentNames,
            optionValues: ["--pull": pull]
        )
    }
}
