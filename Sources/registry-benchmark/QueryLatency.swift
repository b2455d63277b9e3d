import Foundation

/// Per-query search latency: the median of many in-process runs of each query
/// (`SEARCH_LATENCY_OUT` writes them as `median-ms<TAB>query` lines).
enum QueryLatency {
    /// Every query of the judged relevance set (names, then tasks), read without the
    /// registry's types so older builds can record a baseline with the same list.
    static func judgedQueries(_ file: URL) -> [String] {
        guard let data = try? Data(contentsOf: file),
              let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else { return [] }
        var queries: [String] = []
        for key in ["names", "tasks"] {
            for item in object[key] as? [[String: Any]] ?? [] {
                if let query = item["query"] as? String { queries.append(query) }
            }
        }
        return queries
    }

    /// The median seconds of `rounds` runs of each query, in the given order.
    static func medians(_ queries: [String], rounds: Int, search: (String) -> Void) -> [(query: String, seconds: Double)] {
        var samples = [[Double]](repeating: [], count: queries.count)
        for _ in 0..<rounds {
            for (index, query) in queries.enumerated() {
                let start = DispatchTime.now().uptimeNanoseconds
                search(query)
                samples[index].append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
            }
        }
        return queries.indices.map { (queries[$0], Percentiles(samples[$0]).p50) }
    }

    /// `median-ms<TAB>query` lines.
    static func table(_ medians: [(query: String, seconds: Double)]) -> String {
        medians.map { String(format: "%.4f\t%@", $0.seconds * 1000, $0.query) }.joined(separator: "\n")
    }
}
