import Foundation

/// `registry-benchmark`: the figures the issues ask for, by suite (`--suite search|sources|
/// activation|all`, default all). Run it through `scripts/bench` (release build).
@main
struct RegistryBenchmark {
    static func main() async {
        let options: BenchmarkOptions
        do {
            options = try BenchmarkOptions(arguments: Array(CommandLine.arguments.dropFirst()))
        } catch {
            FileHandle.standardError.write(Data("\(error)\n".utf8))
            exit(2)
        }
        print("mcp-registry benchmark — \(ProcessInfo.processInfo.processorCount) cores, suites: \(options.suites.map(\.rawValue).joined(separator: ", "))")
        var failed = false
        for suite in options.suites {
            do {
                switch suite {
                case .search: try await SearchSuite.run(options)
                case .sources: try await SourcesSuite.run(options)
                case .activation: try await ActivationSuite.run(options)
                case .hostile: try await HostileSuite.run(options)
                case .packages: try await PackagesSuite.run(options)
                case .children: try await ChildrenSuite.run(options)
                case .soak: try await SoakSuite.run(options)
                }
            } catch {
                failed = true
                print("\(suite.rawValue) suite failed: \(error)")
            }
            print("")
        }
        exit(failed ? 1 : 0)
    }
}
