import ContainerRuntime
import Foundation
import Logging
import MCP
import RegistryCore
import Synchronization

/// Runs one call of a Docker `poci` tool: plans its container from the call's arguments
/// (`ContainerPlanner.planToolCall`), runs it to the end (`runToCompletion`, stopped past
/// `timeout` seconds or when the call is cancelled, removed after), and turns what it did
/// into the call's result.
///
/// The result: stdout as text content; a non-zero exit, a time-out or a refused argument is
/// `isError: true` with the exit status and the last lines of stderr. `structuredContent`
/// holds the facts (`exitStatus`, `timedOut`, `stdoutTruncated`).
final class ToolContainerRunner: Sendable {
    let entry: CatalogEntry
    let config: [String: JSONValue]
    let secrets: SecretSource
    let engine: any ContainerEngine
    let planner: ContainerPlanner
    /// How long one container may run, in seconds.
    let timeout: Double
    /// The most stdout bytes kept per call.
    let outputLimit: Int
    private let running = Mutex<Set<String>>([])
    private let failure = Mutex<[String]>([])
    private let logger = Logger(label: "mcp-registry.tool-containers")

    init(
        entry: CatalogEntry, config: [String: JSONValue], secrets: SecretSource, engine: any ContainerEngine,
        planner: ContainerPlanner, timeout: Double, outputLimit: Int = 1 << 20
    ) {
        self.entry = entry
        self.config = config
        self.secrets = secrets
        self.engine = engine
        self.planner = planner
        self.timeout = timeout
        self.outputLimit = outputLimit
    }

    /// Runs the tool once with `arguments` and returns the call's result (never throws: a
    /// failure is an `isError` result).
    func call(_ tool: ToolContainer, arguments: [String: MCP.Value]?) async -> CallTool.Result {
        let values = (arguments ?? [:]).mapValues(JSONValue.init)
        if let missing = Self.missingArguments(tool, values), !missing.isEmpty {
            return refusal("missing required argument(s): \(missing.joined(separator: ", "))")
        }
        let plan: ContainerPlan
        var secretValues: [String: String] = [:]
        do {
            plan = try planner.planToolCall(entry: entry, tool: tool, arguments: values, config: config, availableSecrets: secrets.names())
            for binding in plan.secrets {
                guard let value = secrets.value(binding.secretName) else { throw ContainerEngineError.secretUnavailable(name: binding.secretName) }
                secretValues[binding.environmentVariable] = value
            }
        } catch {
            return refusal("\(error)")
        }
        do {
            if plan.pullPolicy == .always { try await engine.pull(plan.image) }
            var outcome = try await run(plan, secretValues)
            if outcome.imageWasMissing {
                guard plan.pullPolicy != .never else { throw ContainerEngineError.imageMissing(image: plan.image) }
                try await engine.pull(plan.image)
                outcome = try await run(plan, secretValues)
            }
            return result(outcome)
        } catch {
            return refusal("\(error)")
        }
    }

    private func run(_ plan: ContainerPlan, _ secretValues: [String: String]) async throws -> OneShotOutcome {
        running.withLock { _ = $0.insert(plan.name) }
        defer { running.withLock { _ = $0.remove(plan.name) } }
        logger.info("tool container started", metadata: ["entry": "\(plan.entryID)", "name": "\(plan.name)"])
        return try await engine.runToCompletion(plan, secrets: secretValues, timeout: timeout, outputLimit: outputLimit)
    }

    /// Names of required properties (the schema's `required`) the call left out.
    static func missingArguments(_ tool: ToolContainer, _ values: [String: JSONValue]) -> [String]? {
        guard let required = tool.inputSchema?["required"]?.arrayValue else { return nil }
        return required.compactMap(\.stringValue).filter { values[$0] == nil || values[$0] == .null }
    }

    func result(_ outcome: OneShotOutcome) -> CallTool.Result {
        let stdout = String(decoding: outcome.stdout, as: UTF8.self)
        var content: [Tool.Content] = [.text(text: stdout, annotations: nil, _meta: nil)]
        if outcome.stdoutTruncated {
            content.append(.text(text: "[stdout cut at \(outputLimit) bytes]", annotations: nil, _meta: nil))
        }
        let facts: MCP.Value? = .object([
            "exitStatus": outcome.exitStatus.map { .int(Int($0)) } ?? .null,
            "timedOut": .bool(outcome.timedOut),
            "stdoutTruncated": .bool(outcome.stdoutTruncated),
        ])
        if outcome.exitStatus == 0 { return CallTool.Result(content: content, structuredContent: facts, isError: false) }
        failure.withLock { $0 = outcome.stderr }
        var lines: [String] = []
        if outcome.timedOut {
            lines.append("timed out after \(Int(timeout.rounded())) s; the container was stopped")
        } else if outcome.cancelled {
            lines.append("cancelled; the container was stopped")
        } else if let status = outcome.exitStatus {
            lines.append("exit status \(status)")
        }
        if !outcome.stderr.isEmpty { lines.append("stderr (last lines):\n" + outcome.stderr.joined(separator: "\n")) }
        if stdout.isEmpty { content = [] }
        content.append(.text(text: lines.joined(separator: "\n"), annotations: nil, _meta: nil))
        return CallTool.Result(content: content, structuredContent: facts, isError: true)
    }

    private func refusal(_ reason: String) -> CallTool.Result {
        failure.withLock { $0 = [reason] }
        return CallTool.Result(content: [.text(text: reason, annotations: nil, _meta: nil)], isError: true)
    }

    /// The last stderr lines (or the refusal) of the last call that failed.
    func lastFailure(_ limit: Int) -> [String] { failure.withLock { Array($0.suffix(limit)) } }

    /// Stops every container still running a call.
    func stopAll() async {
        let names = running.withLock { $0 }
        for name in names { try? await engine.stop(name, timeout: 0) }
    }
}
