import Foundation

/// Order statistics of a sample of durations (seconds).
struct Percentiles {
    private let sorted: [Double]

    init(_ samples: [Double]) {
        sorted = samples.sorted()
    }

    func value(_ fraction: Double) -> Double {
        guard !sorted.isEmpty else { return .nan }
        let index = min(sorted.count - 1, max(0, Int((fraction * Double(sorted.count)).rounded(.up)) - 1))
        return sorted[index]
    }

    var p50: Double { value(0.5) }
    var p99: Double { value(0.99) }
    var count: Int { sorted.count }

    /// `p50 0.123 ms · p99 0.456 ms (n=…)`
    func describe(scale: Double = 1000, unit: String = "ms") -> String {
        String(format: "p50 %.3f %@ · p99 %.3f %@ · max %.3f %@ (n=%d)",
               p50 * scale, unit, p99 * scale, unit, (sorted.last ?? .nan) * scale, unit, count)
    }

    /// `describe()` followed by the target and whether the median meets it:
    /// `… (n=10)   target p50 < 300 ms: met`.
    func describe(target seconds: Double, scale: Double = 1000, unit: String = "ms") -> String {
        describe(scale: scale, unit: unit) + "   " + Target.verdict(p50, under: seconds, scale: scale, unit: unit)
    }
}

/// A figure's target, printed beside it.
enum Target {
    /// `target p50 < 300 ms: met` (or `MISSED`).
    static func verdict(_ value: Double, under limit: Double, label: String = "p50", scale: Double = 1000, unit: String = "ms") -> String {
        let shown = limit * scale
        let limitText = shown == shown.rounded() ? String(format: "%.0f", shown) : String(format: "%.3g", shown)
        return "target \(label) < \(limitText) \(unit): \(value < limit ? "met" : "MISSED")"
    }
}
