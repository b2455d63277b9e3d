import Foundation

/// The benchmark's command line: `--suite search|sources|activation|all` (default all) and
/// each suite's knobs.
struct BenchmarkOptions {
    enum Suite: String, CaseIterable {
        case search, sources, activation, hostile, packages, children, soak

        /// What `all` runs: everything but the soak, which takes long and is asked for by name.
        static var everyday: [Suite] { allCases.filter { $0 != .soak } }
    }

    var suites: [Suite] = Suite.everyday
    /// `../shared/fixtures` by default.
    var fixtures: URL
    /// The release `mcp-registry` binary (search suite: cold start over stdio).
    var server: URL
    /// Cold server runs (search) and repetitions of each sources / activation figure.
    var runs = 10
    /// Query rounds (search).
    var rounds = 20
    /// Catalog size (search).
    var entries = 10_000
    /// mcpservers.org-like detail pages to generate and parse (sources).
    var pages = 1_000
    /// Sequential proxied and direct calls each (activation).
    var calls = 1_000
    /// Concurrent proxied calls (activation).
    var concurrent = 200
    /// The fixture MCP server's image (activation).
    var image = "localhost/mcp-registry-fixture:test"
    /// Soak: add/remove cycles of the fixture image, proxied calls, calls in flight at
    /// once, refreshes of a local git source.
    var soakCycles = 300
    var soakCalls = 20_000
    var soakInFlight = 8
    var soakRefreshes = 200
    /// The interleaved search A/B (`scripts/bench --baseline REV` sets these): the
    /// `search-timer` of the baseline and of the working tree, and what to call the pair.
    var searchAB: SearchAB.Sides?
    /// Rounds of the A/B (each query timed this many times on each side).
    var abRounds = 201
    var keep = false
    var verbose = false

    static let usage = """
    usage: registry-benchmark [--suite search|sources|activation|hostile|packages|children|soak|all] [--runs N] [--rounds N]
                              [--entries N] [--pages N] [--calls N] [--concurrent N] [--image REF] [--server PATH]
                              [--soak-cycles N] [--soak-calls N] [--soak-in-flight N] [--soak-refreshes N]
                              [--fixtures DIR] [--keep] [--verbose]
                              [--ab-baseline PATH --ab-candidate PATH [--ab-label TEXT] [--ab-rounds N]]
    """

    init(arguments: [String]) throws {
        let root = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
        fixtures = root.appendingPathComponent("../shared/fixtures").standardizedFileURL
        server = root.appendingPathComponent(".build/release/mcp-registry")
        var remaining = arguments[...]
        func value(_ name: String) throws -> String {
            guard let next = remaining.popFirst() else { throw OptionError("\(name) needs a value\n\(Self.usage)") }
            return next
        }
        func number(_ name: String) throws -> Int {
            let text = try value(name)
            guard let number = Int(text), number > 0 else { throw OptionError("\(name) needs a positive number, not \(text)") }
            return number
        }
        var abBaseline: URL?, abCandidate: URL?, abLabel = "baseline → working tree"
        while let argument = remaining.popFirst() {
            switch argument {
            case "--suite":
                let text = try value(argument)
                if text == "all" {
                    suites = Suite.everyday
                } else {
                    suites = try text.split(separator: ",").map {
                        guard let suite = Suite(rawValue: String($0)) else { throw OptionError("unknown suite \($0)\n\(Self.usage)") }
                        return suite
                    }
                }
            case "--fixtures": fixtures = URL(fileURLWithPath: try value(argument)).standardizedFileURL
            case "--server": server = URL(fileURLWithPath: try value(argument))
            case "--runs": runs = try number(argument)
            case "--rounds": rounds = try number(argument)
            case "--entries": entries = try number(argument)
            case "--pages": pages = try number(argument)
            case "--calls": calls = try number(argument)
            case "--concurrent": concurrent = try number(argument)
            case "--image": image = try value(argument)
            case "--soak-cycles": soakCycles = try number(argument)
            case "--soak-calls": soakCalls = try number(argument)
            case "--soak-in-flight": soakInFlight = try number(argument)
            case "--soak-refreshes": soakRefreshes = try number(argument)
            case "--ab-baseline": abBaseline = URL(fileURLWithPath: try value(argument))
            case "--ab-candidate": abCandidate = URL(fileURLWithPath: try value(argument))
            case "--ab-label": abLabel = try value(argument)
            case "--ab-rounds": abRounds = try number(argument)
            case "--keep": keep = true
            case "--verbose": verbose = true
            case "--help", "-h": throw OptionError(Self.usage)
            default: throw OptionError("unknown option \(argument)\n\(Self.usage)")
            }
        }
        switch (abBaseline, abCandidate) {
        case let (baseline?, candidate?): searchAB = SearchAB.Sides(baseline: baseline, candidate: candidate, label: abLabel)
        case (nil, nil): break
        default: throw OptionError("--ab-baseline and --ab-candidate go together\n\(Self.usage)")
        }
    }

    struct OptionError: Error, CustomStringConvertible {
        var description: String
        init(_ description: String) { self.description = description }
    }
}

/// Seconds since `start` (from `DispatchTime.now().uptimeNanoseconds`).
func seconds(since start: UInt64) -> Double {
    Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
}

/// A fresh temporary folder for one suite (removed by the caller unless `--keep`).
func temporaryFolder(_ prefix: String) throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString)", isDirectory: true)
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}
