import CatalogSources
import Foundation
import RegistryCore
import HostileCatalog

/// Issue 17: the whole hostile catalog (links out of the root, traversal and flag-like
/// names, invalid images, ten alias bombs, a 30 MB description, deep nesting, invalid UTF-8,
/// empty files) loaded as a local folder and as git sources (docker and server-json layouts of
/// one libgit2 clone), after the Docker fixture was loaded as usual. Time per load, and the
/// resident-memory peak (VmHWM) above the usual one.
enum HostileSuite {
    static func run(_ options: BenchmarkOptions) async throws {
        print("== hostile: \(options.runs) runs of each load")
        let work = try temporaryFolder("trust-bench-hostile")
        defer { if !options.keep { try? FileManager.default.removeItem(at: work) } }

        // Usual memory: the Docker fixture loaded and kept, as the registry holds it.
        let usual = LocalCatalogSource(id: "docker", folder: options.fixtures.appendingPathComponent("docker-mcp-registry/servers"))
        let kept = try usual.loadNow()
        let before = ServerProbe.memory(pid: getpid())
        print("usual: \(kept.entries.count) Docker entries loaded; resident \(before.resident / 1024) MB, peak \(before.peak / 1024) MB")

        let hostile = try HostileCatalog(in: work, oversizedBytes: 30 * 1024 * 1024)
        try hostile.addAliasBombs(9)
        let upstream = hostile.root.appendingPathComponent("upstream", isDirectory: true)
        try FileManager.default.copyItem(at: hostile.catalog, to: upstream)
        try SourcesSuite.git(["init", "-q", "-b", "main"], in: upstream)
        try SourcesSuite.git(["add", "-A"], in: upstream)
        try SourcesSuite.git(["commit", "-q", "-m", "hostile"], in: upstream)

        // Each load's own peak: VmHWM is reset (`clear_refs` 5) before it and read after it.
        var phases = PhasePeaks(usualPeak: before.peak)
        phases.start()
        let local = LocalCatalogSource(id: "hostile", folder: hostile.catalog)
        var localTimes: [Double] = []
        var snapshot = try local.loadNow()
        for _ in 0..<options.runs {
            let start = DispatchTime.now().uptimeNanoseconds
            snapshot = try local.loadNow()
            localTimes.append(seconds(since: start))
        }
        try check(snapshot, canary: hostile.canary)
        print("local folder: \(snapshot.entries.count) entries, \(snapshot.problems.count) problems")
        print("  load: \(Percentiles(localTimes).describe(target: 1.0))")
        phases.end("local folder")

        for format in [GitCatalogSource.Format.docker, .serverJSON] {
            let source = GitCatalogSource(id: "hostile-\(format.rawValue)", url: upstream.absoluteString, format: format,
                                          checkoutDirectory: work.appendingPathComponent("sources/\(format.rawValue)", isDirectory: true))
            phases.start()
            var start = DispatchTime.now().uptimeNanoseconds
            var loaded = try await source.load(previous: nil)
            let first = seconds(since: start)
            phases.end("git \(format.rawValue), first clone + load")
            phases.start()
            var times: [Double] = []
            for _ in 0..<options.runs {
                start = DispatchTime.now().uptimeNanoseconds
                loaded = try await source.load(previous: nil)
                times.append(seconds(since: start))
            }
            phases.end("git \(format.rawValue), loads from the clone")
            try check(loaded, canary: hostile.canary)
            print("git \(format.rawValue): \(loaded.entries.count) entries, \(loaded.problems.count) problems; first clone + load \(String(format: "%.0f", first * 1000)) ms")
            print("  load from the clone (fetch + parse): \(Percentiles(times).describe(target: 1.0))")
        }
        let above = Double(phases.highest - before.peak) / 1024
        print(String(format: "peak resident memory above usual: %.1f MB   %@", above,
                     Target.verdict(above, under: 50, label: "peak above usual", scale: 1, unit: "MB")))
        withExtendedLifetime(kept) {}
    }

    /// Refuses to report figures for a load that let anything hostile through.
    private static func check(_ snapshot: SourceSnapshot, canary: String) throws {
        let text = String(decoding: try JSONEncoder().encode(snapshot), as: UTF8.self)
        guard !text.contains(canary) else { throw SuiteError("the canary leaked into \(snapshot.sourceID)") }
        let names = Set(snapshot.entries.compactMap { $0.provenance.first?.upstreamID })
        let leaked = names.intersection(HostileCatalog.forbiddenNames)
        guard leaked.isEmpty else { throw SuiteError("hostile entries loaded: \(leaked.sorted())") }
    }
}

/// The resident-memory peak of each phase of the suite: `start()` resets the kernel's
/// high-water mark (writing `5` to `/proc/self/clear_refs`), `end(_:)` reads it and prints
/// it beside the usual peak. `highest` is the highest peak of all phases (the usual one when
/// the reset is not allowed, in which case VmHWM simply keeps growing).
struct PhasePeaks {
    let usualPeak: Int
    private(set) var highest: Int

    init(usualPeak: Int) {
        self.usualPeak = usualPeak
        highest = usualPeak
    }

    func start() {
        try? "5".write(toFile: "/proc/self/clear_refs", atomically: false, encoding: .utf8)
    }

    mutating func end(_ label: String) {
        let peak = ServerProbe.memory(pid: getpid()).peak
        highest = max(highest, peak)
        print(String(format: "  peak during %@: %.1f MB above the usual peak", label, Double(peak - usualPeak) / 1024))
    }
}
