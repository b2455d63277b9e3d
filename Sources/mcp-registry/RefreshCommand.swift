import ArgumentParser
import CatalogSources
import Foundation
import RegistryCore
import RegistryServer
import Synchronization

/// `mcp-registry refresh [source]`: loads the sources now (no server), saves them to the cache
/// that `serve` starts from, and shows progress on stderr (a progress bar on a terminal).
struct RefreshCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "refresh",
        abstract: "Fetch and parse catalog sources now and update the cache.",
        discussion: "A source that fails keeps its last good entries in the cache; the error shows in `mcp-registry status`."
    )

    @OptionGroup var options: GlobalOptions
    @Argument(help: "One source id (default: every enabled source).") var source: String?
    @Flag(help: "Parse again even when the source did not change.") var force = false
    @Flag(help: "Print the outcome as JSON.") var json = false

    struct Outcome: Encodable {
        var id: String
        var kind: String
        var ok: Bool
        var entries: Int?
        var problems: Int?
        var revision: String?
        var unchanged: Bool
        var seconds: Double
        var error: String?
    }

    func run() async throws {
        let bootstrap = try options.bootstrap(defaultLogLevel: "warning")
        let paths = bootstrap.paths
        // The sources `serve` runs (configured ones and local catalog folders), once each, and
        // the configured ones this build cannot read.
        var sources: [any CatalogSource] = []
        for managed in bootstrap.managedSources() where !sources.contains(where: { $0.id == managed.id }) {
            sources.append(managed.source)
        }
        let built = SourceFactory.sources(for: bootstrap.settings, paths: paths)
        var failures = built.failures.filter { failure in !sources.contains { $0.id == failure.key } }
        if let source, source != "all" {
            sources = sources.filter { $0.id == source }
            failures = failures.filter { $0.key == source }
            if sources.isEmpty, failures.isEmpty {
                if let disabled = bootstrap.settings.effectiveSources.first(where: { $0.id == source && !$0.enabled }) {
                    throw ValidationError("source '\(disabled.id)' is disabled; enable it with `mcp-registry sources enable \(disabled.id)`")
                }
                let known = Set(bootstrap.managedSources().map(\.id) + built.failures.keys).sorted().joined(separator: ", ")
                throw ValidationError("no source '\(source)'; known sources: \(known)")
            }
        }

        let cache = CatalogCache(paths: paths)
        let cached = cache.loadSnapshots()
        var statuses = Dictionary(cache.loadStatuses().map { ($0.sourceID, $0) }, uniquingKeysWith: { _, last in last })
        let display = ProgressDisplay(total: sources.count + failures.count)
        var outcomes: [Outcome] = []

        for (id, error) in failures.sorted(by: { $0.key < $1.key }) {
            display.finish(id: id, line: "\(id): cannot be built: \(error)")
            outcomes.append(Outcome(id: id, kind: "?", ok: false, unchanged: false, seconds: 0, error: "\(error)"))
        }
        for var current in sources {
            let id = current.id
            display.start(id: id, location: current.location)
            if var git = current as? GitCatalogSource {
                git.progress = { progress in display.update(id: id, progress: progress) }
                current = git
            }
            let previous = force ? nil : cached.snapshots[id]
            let started = Date()
            var status = statuses[id] ?? SourceStatus(sourceID: id, kind: current.kind, location: current.location)
            status.kind = current.kind
            status.location = current.location
            status.lastAttempt = started
            status.refreshing = false
            status.progress = nil
            do {
                let snapshot = try await current.load(previous: previous)
                let seconds = Date().timeIntervalSince(started)
                let unchanged = snapshot == previous || (snapshot.entries == previous?.entries && snapshot.revision == previous?.revision)
                if !unchanged || force { try cache.save(snapshot) }
                status.lastSuccess = Date()
                status.lastError = nil
                status.entryCount = snapshot.entries.count
                status.revision = snapshot.revision
                status.problems = snapshot.problems
                status.counters = snapshot.counters
                let outcome = Outcome(id: id, kind: current.kind, ok: true, entries: snapshot.entries.count,
                                      problems: snapshot.problems.count, revision: snapshot.revision,
                                      unchanged: unchanged, seconds: seconds, error: nil)
                outcomes.append(outcome)
                display.finish(id: id, line: Self.describe(outcome))
            } catch {
                status.lastError = "\(error)"
                let outcome = Outcome(id: id, kind: current.kind, ok: false, unchanged: false,
                                      seconds: Date().timeIntervalSince(started), error: "\(error)")
                outcomes.append(outcome)
                display.finish(id: id, line: Self.describe(outcome))
            }
            statuses[id] = status
            try? cache.saveStatuses(statuses.values.sorted { $0.sourceID < $1.sourceID })
        }
        display.done()

        if json {
            try JSONOutput.print(outcomes)
        } else {
            var table = TextTable(headers: ["SOURCE", "KIND", "RESULT", "ENTRIES", "PROBLEMS", "REVISION", "TIME"])
            for outcome in outcomes {
                table.add([
                    outcome.id, outcome.kind,
                    outcome.ok ? (outcome.unchanged ? "unchanged" : "updated") : "failed",
                    outcome.entries.map(String.init) ?? "-", outcome.problems.map(String.init) ?? "-",
                    outcome.revision.map { String($0.prefix(12)) } ?? "-",
                    String(format: "%.1fs", outcome.seconds),
                ])
            }
            print(table.render())
            for outcome in outcomes where !outcome.ok {
                print("\n\(outcome.id): \(outcome.error ?? "failed") (its last good entries stay in the cache)")
            }
        }
        if outcomes.contains(where: { !$0.ok }) { throw ExitCode(1) }
    }

    static func describe(_ outcome: Outcome) -> String {
        if let error = outcome.error { return "\(outcome.id): failed: \(error)" }
        let what = outcome.unchanged ? "unchanged" : "updated"
        return "\(outcome.id): \(what), \(outcome.entries ?? 0) entries, \(outcome.problems ?? 0) problems (\(String(format: "%.1f", outcome.seconds))s)"
    }
}

/// Progress on stderr: a redrawn bar on a terminal, one line per event otherwise.
final class ProgressDisplay: Sendable {
    private struct State {
        var index = 0
        var lastPercent = -1
    }

    /// Also keeps the lines of concurrent refreshes from interleaving.
    private let state = Mutex(State())
    private let total: Int
    private let isTerminal = isatty(STDERR_FILENO) == 1

    init(total: Int) {
        self.total = total
    }

    func start(id: String, location: String) {
        state.withLock { state in
            state.index += 1
            state.lastPercent = -1
            if isTerminal {
                draw("[\(state.index)/\(total)] \(id): loading \(location)…")
            } else {
                write("[\(state.index)/\(total)] \(id): loading \(location)\n")
            }
        }
    }

    func update(id: String, progress: GitTransferProgress) {
        guard isTerminal, let fraction = progress.fraction else { return }
        state.withLock { state in
            let percent = Int(fraction * 100)
            guard percent != state.lastPercent else { return }
            state.lastPercent = percent
            let width = 30
            let filled = min(width, Int(fraction * Double(width)))
            let bar = String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled)
            draw("[\(state.index)/\(total)] \(id): [\(bar)] \(percent)% of \(progress.totalObjects) objects")
        }
    }

    func finish(id: String, line: String) {
        state.withLock { _ in
            if isTerminal { write("\r\u{1B}[K") }
            write(line + "\n")
        }
    }

    func done() {
        state.withLock { _ in
            if isTerminal { write("\r\u{1B}[K") }
        }
    }

    private func draw(_ text: String) {
        write("\r\u{1B}[K" + text)
    }

    private func write(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }
}
