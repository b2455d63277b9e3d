import CatalogSources
import Foundation
import Gateway
import MCP
import RegistryCore
import RegistryServer

/// The search and start-up figures: `registry-find` latency and memory at 10,000 entries,
/// in process and through the real server over stdio, cold start to the first reply.
enum SearchSuite {
    static let queries = [
        "github", "postgres", "postgress", "githb", "kubernets", "slack message", "grafana dashboards",
        "browser automation", "web search", "file system", "sql database", "notion", "jira issues",
        "aws", "docker containers", "weather", "memory knowledge graph", "email", "calendar", "stripe payments",
        "youtube transcript", "figma", "mongodb", "redis cache", "elasticsearch", "time", "maps", "translate",
        "pdf", "excel spreadsheet",
    ]

    static func run(_ options: BenchmarkOptions) async throws {
        let fixtures = options.fixtures
        let binary = options.server
        let runs = options.runs
        let rounds = options.rounds
        let target = options.entries

        print("== search: \(runs) server runs, \(queries.count) queries × \(rounds) rounds")

        // The data set, written as the server's cache.
        let dataset = try BenchmarkDataset.build(fixtures: fixtures, target: target)
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("registry-bench-\(UUID().uuidString)")
        let keep = options.keep
        defer { if !keep { try? FileManager.default.removeItem(at: work) } }
        if keep { print("work folder (kept): \(work.path)") }
        let paths = RegistryPaths(dataDirectory: work.appendingPathComponent("data"), configDirectory: work.appendingPathComponent("config/mcp-registry"))
        let cache = CatalogCache(paths: paths)
        for snapshot in dataset.snapshots.values { try cache.save(snapshot) }

        // In process: merge + index, then the search itself and the whole tool call.
        let buildStart = DispatchTime.now().uptimeNanoseconds
        let catalog = Catalog(snapshots: dataset.snapshots, kinds: dataset.kinds)
        let buildSeconds = Double(DispatchTime.now().uptimeNanoseconds - buildStart) / 1e9
        print(String(format: "catalog: %d entries (%d real from the fixtures + %d forks), merged and indexed in %.0f ms",
                     catalog.entries.count, dataset.realEntries, dataset.forks, buildSeconds * 1000))

        // The stored index, as a refresh writes it beside the cache (the server's start-up reads it).
        let indexFile = CatalogIndexFile(cache: cache)
        let writeStart = DispatchTime.now().uptimeNanoseconds
        try indexFile.save(catalog, stamps: indexFile.stamps(kinds: dataset.kinds))
        let writeSeconds = Double(DispatchTime.now().uptimeNanoseconds - writeStart) / 1e9
        let indexBytes = (try? FileManager.default.attributesOfItem(atPath: indexFile.url.path)[.size] as? Int) ?? 0

        try relevanceFigures(dataset)
        let judged = QueryLatency.judgedQueries(judgmentsFile)
        if let sides = options.searchAB {
            try SearchAB.run(sides, cache: paths.cacheDirectory, kinds: dataset.kinds, queries: judged, rounds: options.abRounds)
        }
        queryLatencyFigures(catalog, queries: SearchSuite.queries + judged, rounds: max(rounds, 30))

        func timed<T>(_ body: () -> T) -> (T, Double) {
            let start = DispatchTime.now().uptimeNanoseconds
            let value = body()
            return (value, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
        }
        func selfMB() -> Double { Double(ServerProbe.memory(pid: getpid()).resident) / 1024 }
        let before = selfMB()
        let (loaded, loadSeconds) = timed { cache.loadSnapshots() }
        let afterLoad = selfMB()
        let (merged, mergeSeconds) = timed { CatalogMerger.merge(Array(loaded.snapshots.values), kinds: dataset.kinds) }
        let afterMerge = selfMB()
        let (index, indexSeconds) = timed { SearchIndex(entries: merged, sourceKinds: dataset.kinds) }
        let afterIndex = selfMB()
        if options.verbose {
            print(String(format: "memory in process: %.1f MB → cache read %.1f → merge %.1f → index %.1f", before, afterLoad, afterMerge, afterIndex))
        }
        _ = index.entries.count
        print(String(format: "start-up work without a stored index: cache read %.0f ms · merge %.0f ms · index %.0f ms", loadSeconds * 1000, mergeSeconds * 1000, indexSeconds * 1000))
        let (stored, storedSeconds) = timed { try? indexFile.load(stamps: indexFile.stamps(kinds: dataset.kinds)) }
        let (storedHits, storedFindSeconds) = timed { stored?.search(SearchQuery(text: "github", limit: 10)).hits.map(\.entry.id) ?? [] }
        print(String(format: "stored index: %.1f MB, written in %.0f ms; read in %.1f ms, first find on it %.1f ms (%@)",
                     Double(indexBytes) / 1_048_576, writeSeconds * 1000, storedSeconds * 1000, storedFindSeconds * 1000,
                     storedHits == catalog.search(SearchQuery(text: "github", limit: 10)).hits.map(\.entry.id) ? "same hits as the built index" : "DIFFERENT hits"))

        var searchTimes: [Double] = []
        var slowest: [(Double, String)] = []
        for _ in 0..<rounds {
            for query in queries {
                let before = DispatchTime.now().uptimeNanoseconds
                _ = catalog.search(SearchQuery(text: query, limit: 10))
                let seconds = Double(DispatchTime.now().uptimeNanoseconds - before) / 1e9
                searchTimes.append(seconds)
                slowest.append((seconds, query))
            }
        }
        print("search index (in process):        \(Percentiles(searchTimes).describe())")
        if options.verbose {
            for (seconds, query) in slowest.sorted(by: { $0.0 > $1.0 }).prefix(8) {
                print(String(format: "  slow: %.3f ms %@", seconds * 1000, query))
            }
        }

        let service = RegistryService(paths: paths, sources: [
            ManagedSource(source: StaticSource(id: "docker", kind: "docker")),
            ManagedSource(source: StaticSource(id: "awesome", kind: "awesome")),
        ])
        await service.start(autoRefresh: false)
        // With a gateway, as the server runs it: each result's readiness reads the stores.
        let tool = FindTool(service: service, gateway: Gateway(paths: paths, settings: RegistrySettings()))
        _ = await tool.call(ToolArguments(tool: "registry-find", values: ["query": "warm-up"]))  // waits for the cache read
        var toolTimes: [Double] = []
        for _ in 0..<rounds {
            for query in queries {
                let before = DispatchTime.now().uptimeNanoseconds
                _ = await tool.call(ToolArguments(tool: "registry-find", values: ["query": .string(query)]))
                toolTimes.append(Double(DispatchTime.now().uptimeNanoseconds - before) / 1e9)
            }
        }
        let handler = Percentiles(toolTimes)
        print("registry-find handler (server):   \(handler.describe(target: 0.001)) · " + Target.verdict(handler.p99, under: 0.005, label: "p99"))
        // The path the server answers registry-find by (FastPathRouter): encoded straight to
        // bytes, without reading the result back as the SDK's type.
        var encodedTimes: [Double] = []
        for _ in 0..<rounds {
            for query in queries {
                let before = DispatchTime.now().uptimeNanoseconds
                _ = await tool.callEncoded(ToolArguments(tool: "registry-find", values: ["query": .string(query)]))
                encodedTimes.append(Double(DispatchTime.now().uptimeNanoseconds - before) / 1e9)
            }
        }
        let encoded = Percentiles(encodedTimes)
        print("registry-find handler (fast path): \(encoded.describe(target: 0.001)) · " + Target.verdict(encoded.p99, under: 0.005, label: "p99"))

        // The real server over stdio, started cold each run.
        guard FileManager.default.isExecutableFile(atPath: binary.path) else {
            print("no server binary at \(binary.path): build it with `swift build -c release`")
            return
        }
        let probe = ServerProbe(binary: binary, dataDirectory: paths.dataDirectory, configHome: work.appendingPathComponent("config"))
        var starts: [Double] = []
        var firstFinds: [Double] = []
        var finds: [Double] = []
        var resident: [Double] = []
        var peak: [Double] = []
        var rawFinds: [Double] = []
        var rawFirstFinds: [Double] = []
        var rawLists: [Double] = []
        for _ in 0..<runs {
            let raw = try probe.runRaw(queries: queries, rounds: max(1, rounds / 4))
            rawFinds += raw.finds
            rawFirstFinds.append(raw.firstFind)
            rawLists += raw.toolLists
            let figures = try await probe.run(queries: queries, rounds: max(1, rounds / 4))
            starts.append(figures.initialize)
            firstFinds.append(figures.firstFind)
            finds += figures.finds
            resident.append(Double(figures.residentKB))
            peak.append(Double(figures.peakResidentKB))
        }
        print("cold start → initialize reply:    \(Percentiles(starts).describe(target: 0.1))")
        print("cold start → first find reply:    \(Percentiles(firstFinds).describe())")
        print("cold start → first find, raw:     \(Percentiles(rawFirstFinds).describe(target: 0.150))")
        print("registry-find over stdio, raw:    \(Percentiles(rawFinds).describe(target: 0.001))  (JSON-RPC lines, no client decoding)")
        print("tools/list over stdio, raw:       \(Percentiles(rawLists).describe(target: 0.001))")
        print("registry-find over stdio, SDK:    \(Percentiles(finds).describe())  (swift-sdk Client, which decodes every string through a regex)")
        print(String(format: "resident memory after the finds:  median %.1f MB · peak (VmHWM) median %.1f MB   ",
                     Percentiles(resident).p50 / 1024, Percentiles(peak).p50 / 1024)
              + Target.verdict(Percentiles(peak).p50 / 1024, under: 60, label: "peak", scale: 1, unit: "MB"))
    }
}

extension SearchSuite {
    static let judgmentsFile = URL(fileURLWithPath: "Tests/Relevance/search-relevance.json")

    /// The judged relevance set on the real fixture entries (the benchmark's forks left
    /// out): merged Docker + awesome (the issue's targets) and Docker alone (must not
    /// regress from its figures before the change).
    static func relevanceFigures(_ dataset: BenchmarkDataset) throws {
        let judgments = try RelevanceJudgments.load(from: judgmentsFile)
        for (label, kinds) in [("merged docker + awesome", dataset.kinds), ("docker only", ["docker": "docker"])] {
            let snapshots = dataset.snapshots.filter { kinds[$0.key] != nil }.mapValues { snapshot in
                var real = snapshot
                real.entries = snapshot.entries.filter { !$0.id.contains("-fork") }
                return real
            }
            let catalog = Catalog(snapshots: snapshots, kinds: kinds)
            let report = judgments.evaluate(catalog)
            let nameTarget = Int((39.0 / 40.0 * Double(report.names.count)).rounded(.down))
            let taskTarget = Int((38.0 / 40.0 * Double(report.tasks.count)).rounded(.down))
            print("relevance, \(label) (\(catalog.entries.count) entries):")
            print("  names hit@1 \(report.nameHitsAt1)/\(report.names.count)   target ≥ \(nameTarget)/\(report.names.count) (39/40): \(report.nameHitsAt1 >= nameTarget ? "met" : "MISSED")")
            print("  tasks hit@3 \(report.taskHitsAt3)/\(report.tasks.count)   target ≥ \(taskTarget)/\(report.tasks.count) (38/40): \(report.taskHitsAt3 >= taskTarget ? "met" : "MISSED")")
            print(String(format: "  tasks MRR %.3f", report.taskMeanReciprocalRank))
            for outcome in report.names where outcome.rank != 1 {
                print("  name miss: \(outcome.query) → \(outcome.first ?? "-") first (expected at \(outcome.rank.map(String.init) ?? ">10"))")
            }
            for outcome in report.tasks where (outcome.rank ?? .max) > 3 {
                print("  task miss: \(outcome.query) → \(outcome.first ?? "-") first (relevant at \(outcome.rank.map(String.init) ?? ">10"))")
            }
        }
    }

    /// Each query's median in-process search time on the 10,000-entry catalog: the slowest.
    /// Whether any got slower than before is the A/B's job (`scripts/bench --baseline REV`),
    /// which times both builds alternately in one run.
    static func queryLatencyFigures(_ catalog: Catalog, queries: [String], rounds: Int) {
        let medians = QueryLatency.medians(queries, rounds: rounds) { _ = catalog.search(SearchQuery(text: $0, limit: 10)) }
        let worst = medians.max { $0.seconds < $1.seconds }
        let total = medians.map(\.seconds).reduce(0, +)
        print(String(format: "per-query search median, %d queries × %d rounds: sum %.3f ms, slowest %.3f ms (%@)",
                     medians.count, rounds, total * 1000, (worst?.seconds ?? 0) * 1000, worst?.query ?? "-"))
        if let out = ProcessInfo.processInfo.environment["SEARCH_LATENCY_OUT"] {
            try? QueryLatency.table(medians).write(toFile: out, atomically: true, encoding: .utf8)
        }
    }
}

/// A source that only names itself: the benchmark serves the cache, never refreshes.
struct StaticSource: CatalogSource {
    var id: String
    var kind: String
    var location: String { "benchmark cache" }
    func load(previous: SourceSnapshot?) async throws -> SourceSnapshot {
        previous ?? SourceSnapshot(sourceID: id, entries: [], loadedAt: Date())
    }
}
