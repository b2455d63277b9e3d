import Foundation

/// An interleaved A/B of the in-process search: two `search-timer` processes (RegistryCore
/// of a baseline revision and of the working tree, built alike by `scripts/bench
/// --baseline REV`) load the same cache, and each query is timed on both alternately
/// (A B, then B A next round, …) in the same run, so the machine's load hits both sides
/// alike. Per query: the median of each side, and their ratio.
enum SearchAB {
    struct Sides {
        var baseline: URL
        var candidate: URL
        var label: String
    }

    /// A query's medians on both sides (seconds).
    struct Outcome {
        var query: String
        var baseline: Double
        var candidate: Double
        var ratio: Double { candidate / max(baseline, 1e-9) }
    }

    /// Beyond noise: this much slower, relatively and absolutely (interleaved medians).
    static let slowerRatio = 1.10
    static let slowerMargin = 0.000_010

    static func run(_ sides: Sides, cache: URL, kinds: [String: String], queries: [String], rounds: Int) throws {
        let arguments = [cache.path] + kinds.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
        let a = try SearchTimer(binary: sides.baseline, arguments: arguments)
        let b = try SearchTimer(binary: sides.candidate, arguments: arguments)
        defer { a.stop(); b.stop() }
        print("search A/B, \(sides.label): \(queries.count) queries × \(rounds) rounds, interleaved; "
              + "catalog \(a.entryCount) entries (baseline) / \(b.entryCount) (working tree)")
        // Warm both (page faults, caches) before timing.
        for query in queries {
            _ = try a.time(query)
            _ = try b.time(query)
        }
        var samplesA = [[Double]](repeating: [], count: queries.count)
        var samplesB = [[Double]](repeating: [], count: queries.count)
        for round in 0..<rounds {
            for (index, query) in queries.enumerated() {
                if (round + index) % 2 == 0 {
                    samplesA[index].append(try a.time(query))
                    samplesB[index].append(try b.time(query))
                } else {
                    samplesB[index].append(try b.time(query))
                    samplesA[index].append(try a.time(query))
                }
            }
        }
        let outcomes = queries.indices.map {
            Outcome(query: queries[$0], baseline: Percentiles(samplesA[$0]).p50, candidate: Percentiles(samplesB[$0]).p50)
        }
        report(outcomes)
    }

    static func report(_ outcomes: [Outcome]) {
        let slower = outcomes.filter { $0.candidate > $0.baseline * slowerRatio + slowerMargin }
        let faster = outcomes.filter { $0.baseline > $0.candidate * slowerRatio + slowerMargin }
        let logMean = outcomes.map { log($0.ratio) }.reduce(0, +) / Double(max(outcomes.count, 1))
        let sumA = outcomes.map(\.baseline).reduce(0, +)
        let sumB = outcomes.map(\.candidate).reduce(0, +)
        print(String(format: "  sum of medians: baseline %.3f ms · working tree %.3f ms; geometric mean ratio %.2f×",
                     sumA * 1000, sumB * 1000, exp(logMean)))
        print(String(format: "  %d faster, %d slower (beyond %.0f%% + %.0f µs), of %d   target none slower: %@",
                     faster.count, slower.count, (slowerRatio - 1) * 100, slowerMargin * 1e6, outcomes.count,
                     slower.isEmpty ? "met" : "MISSED"))
        for item in slower.sorted(by: { $0.ratio > $1.ratio }) {
            print(String(format: "  slower: %.3f ms (baseline %.3f ms, %.2f×) %@", item.candidate * 1000, item.baseline * 1000, item.ratio, item.query))
        }
        let worst = outcomes.max { $0.candidate < $1.candidate }
        if let worst {
            print(String(format: "  slowest on the working tree: %.3f ms (baseline %.3f ms) %@", worst.candidate * 1000, worst.baseline * 1000, worst.query))
        }
        if let out = ProcessInfo.processInfo.environment["SEARCH_AB_OUT"] {
            let lines = outcomes.map { String(format: "%.4f\t%.4f\t%@", $0.baseline * 1000, $0.candidate * 1000, $0.query) }
            try? (["baseline-ms\tcandidate-ms\tquery"] + lines).joined(separator: "\n").write(toFile: out, atomically: true, encoding: .utf8)
        }
    }
}

/// One `search-timer` process (`scripts/search-timer`): a query per line in, its
/// in-process time in nanoseconds out.
final class SearchTimer {
    private let process = Process()
    private let input: FileHandle
    private let reader: LineReader
    let entryCount: Int

    init(binary: URL, arguments: [String]) throws {
        guard FileManager.default.isExecutableFile(atPath: binary.path) else {
            throw RawChannelError(description: "no search-timer at \(binary.path): run the A/B through scripts/bench --baseline REV")
        }
        let toTimer = Pipe()
        let fromTimer = Pipe()
        process.executableURL = binary
        process.arguments = arguments
        process.standardInput = toTimer
        process.standardOutput = fromTimer
        try process.run()
        input = toTimer.fileHandleForWriting
        reader = LineReader(fromTimer.fileHandleForReading.fileDescriptor)
        guard let ready = reader.line(), ready.hasPrefix("ready "), let count = Int(ready.dropFirst(6)) else {
            throw RawChannelError(description: "\(binary.path) did not load the catalog")
        }
        entryCount = count
    }

    /// The search's time in seconds, as the timer measured it in process.
    func time(_ query: String) throws -> Double {
        input.write(Data((query.replacingOccurrences(of: "\n", with: " ") + "\n").utf8))
        guard let line = reader.line(), let nanoseconds = line.split(separator: "\t").first.flatMap({ UInt64($0) }) else {
            throw RawChannelError(description: "search-timer stopped answering")
        }
        return Double(nanoseconds) / 1e9
    }

    func stop() {
        try? input.close()
        process.waitUntilExit()
    }
}
