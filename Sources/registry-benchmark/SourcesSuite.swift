import CatalogSources
import Foundation
import RegistryCore

/// The catalog-source figures: the Docker and awesome fixtures parsed from a local clone and
/// a no-change refresh (issue 3), mcpservers.org detail pages parsed from disk and a sync of
/// the official registry API from a loopback server (issue 4).
enum SourcesSuite {
    static func run(_ options: BenchmarkOptions) async throws {
        print("== sources: \(options.runs) runs of each figure")
        let work = try temporaryFolder("registry-bench-sources")
        defer { if !options.keep { try? FileManager.default.removeItem(at: work) } }
        if options.keep { print("work folder (kept): \(work.path)") }

        try await gitFigures(options, work: work)
        try detailPageFigures(options, work: work)
        try await officialFigures(options, work: work)
    }

    // MARK: - Git sources (issue 3)

    static func gitFigures(_ options: BenchmarkOptions, work: URL) async throws {
        let cases: [(id: String, fixture: String, format: GitCatalogSource.Format)] = [
            ("docker", "docker-mcp-registry", .docker),
            ("awesome", "awesome-mcp-servers", .awesome),
        ]
        for item in cases {
            let upstream = work.appendingPathComponent("upstream-\(item.id)", isDirectory: true)
            try FileManager.default.copyItem(at: options.fixtures.appendingPathComponent(item.fixture), to: upstream)
            try git(["init", "-q", "-b", "main"], in: upstream)
            try git(["add", "-A"], in: upstream)
            try git(["commit", "-q", "-m", "fixture"], in: upstream)
            let source = GitCatalogSource(
                id: item.id, url: upstream.absoluteString, format: item.format,
                checkoutDirectory: work.appendingPathComponent("sources/\(item.id)", isDirectory: true))

            var start = DispatchTime.now().uptimeNanoseconds
            let first = try await source.load(previous: nil)
            let cloneSeconds = seconds(since: start)

            // From the existing clone: fetch (nothing new) + a full parse, as after a restart
            // without a cached snapshot.
            var full: [Double] = []
            var parseOnly: [Double] = []
            var snapshot = first
            for _ in 0..<options.runs {
                start = DispatchTime.now().uptimeNanoseconds
                snapshot = try await source.load(previous: nil)
                full.append(seconds(since: start))
                if let parse = source.statistics.lastParseSeconds { parseOnly.append(parse) }
            }
            // A refresh that finds the same commit: fetch, compare, no parse.
            var unchanged: [Double] = []
            for _ in 0..<max(options.runs, 20) {
                start = DispatchTime.now().uptimeNanoseconds
                let again = try await source.load(previous: snapshot)
                unchanged.append(seconds(since: start))
                guard again.revision == snapshot.revision else { throw SuiteError("the no-change refresh of \(item.id) moved the revision") }
            }
            print(String(format: "git %@: %d entries, %d problems; first clone + parse %.0f ms",
                         item.id, snapshot.entries.count, snapshot.problems.count, cloneSeconds * 1000))
            print("  full parse from the local clone (fetch + parse): \(Percentiles(full).describe(target: 0.3))")
            print("    of which parsing the checkout:                 \(Percentiles(parseOnly).describe())")
            print("  no-change refresh (fetch, same commit):          \(Percentiles(unchanged).describe(target: 0.02))")
        }
    }

    static func git(_ arguments: [String], in folder: URL) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git", "-c", "user.name=Benchmark", "-c", "user.email=bench@example.com", "-c", "commit.gpgsign=false"] + arguments
        process.currentDirectoryURL = folder
        var environment = ProcessInfo.processInfo.environment
        environment["GIT_CONFIG_NOSYSTEM"] = "1"
        environment["GIT_CONFIG_GLOBAL"] = "/dev/null"
        process.environment = environment
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw SuiteError("git \(arguments.joined(separator: " ")) failed in \(folder.path)") }
    }

    // MARK: - mcpservers.org detail pages (issue 4)

    static func detailPageFigures(_ options: BenchmarkOptions, work: URL) throws {
        let folder = work.appendingPathComponent("mcpservers-pages", isDirectory: true)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let set = try DetailPageSet.write(count: options.pages, into: folder)
        let sizes = try set.pages.map { try $0.file.resourceValues(forKeys: [.fileSizeKey]).fileSize ?? 0 }.sorted()
        print(String(format: "mcpservers.org detail pages: %d pages of %d shapes, %.1f MB; page size median %.1f KB (min %.1f, max %.1f)",
                     set.pages.count, DetailPageSet.shapeCount, Double(set.totalBytes) / 1e6,
                     Double(sizes[sizes.count / 2]) / 1024, Double(sizes.first ?? 0) / 1024, Double(sizes.last ?? 0) / 1024))

        var totals: [Double] = []
        var perPage: [Double] = []
        var parsed = 0, skipped = 0, launchable = 0
        for run in 0..<options.runs {
            parsed = 0; skipped = 0; launchable = 0
            let start = DispatchTime.now().uptimeNanoseconds
            for page in set.pages {
                let pageStart = DispatchTime.now().uptimeNanoseconds
                let html = try Data(contentsOf: page.file)
                let url = URL(string: "https://mcpservers.org/servers/\(page.owner)/\(page.name)")
                do {
                    let detail = try MCPServersOrgPage.parse(html: html, url: url)
                    let entry = detail.entry(sourceID: "mcpservers", owner: page.owner, name: page.name, location: url?.absoluteString)
                    parsed += 1
                    if entry.launch.isLaunchable { launchable += 1 }
                } catch {
                    skipped += 1
                }
                if run > 0 { perPage.append(seconds(since: pageStart)) }
            }
            totals.append(seconds(since: start))
        }
        // libxml2's own share: reading and building the tree, no XPath.
        var treeOnly: [Double] = []
        for _ in 0..<options.runs {
            let start = DispatchTime.now().uptimeNanoseconds
            for page in set.pages { _ = try HTMLDocument(html: try Data(contentsOf: page.file)) }
            treeOnly.append(seconds(since: start))
        }
        print("  parse \(set.pages.count) pages from disk (read + libxml2 + entry):  \(Percentiles(totals).describe(target: 1.0 * Double(set.pages.count) / 1000))")
        print("    per page (runs after the first):                \(Percentiles(perPage).describe())")
        print("    of which reading + htmlReadMemory (no XPath):  \(Percentiles(treeOnly).describe())")
        print("    \(parsed) parsed (\(launchable) with a launch spec), \(skipped) skipped without an h1")
    }

    // MARK: - Official registry API (issue 4)

    static func officialFigures(_ options: BenchmarkOptions, work: URL) async throws {
        let registry = try LoopbackRegistry(pages: 10, perPage: 100, in: work.appendingPathComponent("official", isDirectory: true))
        defer { registry.stop() }
        print("official registry sync from loopback: \(registry.serverCount) servers, 10 pages × 100 with cursors (python3 http.server, HTTP/1.1)")

        let configurations: [(label: String, configuration: HTTPFetcher.Configuration)] = [
            ("default fetcher (0.1 s minimum interval per host)", HTTPFetcher.Configuration()),
            ("no minimum interval (the work itself)", HTTPFetcher.Configuration(minimumInterval: 0)),
        ]
        for (label, configuration) in configurations {
            var times: [Double] = []
            var count = 0
            for _ in 0..<options.runs {
                let fetcher = HTTPFetcher(configuration: configuration)
                defer { fetcher.shutdown() }
                let source = OfficialRegistrySource(id: "official", baseURL: registry.baseURL, fetcher: fetcher)
                let start = DispatchTime.now().uptimeNanoseconds
                let snapshot = try await source.load(previous: nil)
                times.append(seconds(since: start))
                count = snapshot.entries.count
                guard count == registry.serverCount, snapshot.problems.isEmpty else {
                    throw SuiteError("sync gave \(count) entries and problems \(snapshot.problems.map(\.message))")
                }
            }
            print("  sync of \(count) servers, \(label): \(Percentiles(times).describe(target: 1.0))")
        }
    }
}

struct SuiteError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
