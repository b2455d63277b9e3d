import Foundation
import Synchronization

/// What a process holds, from /proc: open descriptors, threads, resident memory (kB).
struct ProcessCensus: CustomStringConvertible {
    var descriptors: Int
    var threads: Int
    var residentKB: Int

    init(pid: Int32) {
        descriptors = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/fd").count) ?? -1
        threads = 0
        let status = (try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8)) ?? ""
        for line in status.split(separator: "\n") where line.hasPrefix("Threads:") {
            threads = Int(line.dropFirst("Threads:".count).trimmingCharacters(in: .whitespaces)) ?? -1
        }
        residentKB = ServerProbe.memory(pid: pid).resident
    }

    var description: String { "\(descriptors) fds, \(threads) threads, \(residentKB / 1024) MB resident" }
}

/// Resident memory sampled every `interval` seconds on a thread of its own, with the time
/// of each sample (seconds since the start).
final class MemorySampler: Sendable {
    private struct State {
        var samples: [(seconds: Double, kB: Int)] = []
        var stopped = false
    }

    private let state = Mutex(State())

    init(pid: Int32, interval: Double) {
        let begin = Date()
        let thread = Thread { [weak self] in
            while let self, !self.state.withLock({ $0.stopped }) {
                self.add(Date().timeIntervalSince(begin), ServerProbe.memory(pid: pid).resident)
                var waited = 0.0
                while waited < interval, !self.state.withLock({ $0.stopped }) {
                    Thread.sleep(forTimeInterval: 0.5)
                    waited += 0.5
                }
            }
        }
        thread.start()
    }

    func add(_ seconds: Double, _ kB: Int) { state.withLock { $0.samples.append((seconds, kB)) } }

    func stop() -> [(seconds: Double, kB: Int)] {
        state.withLock {
            $0.stopped = true
            return $0.samples
        }
    }

    /// The least-squares slope of the samples, in kB per minute (0 with fewer than 3).
    static func slope(_ samples: [(seconds: Double, kB: Int)]) -> Double {
        guard samples.count >= 3 else { return 0 }
        let n = Double(samples.count)
        let meanX = samples.map(\.seconds).reduce(0, +) / n
        let meanY = samples.map { Double($0.kB) }.reduce(0, +) / n
        var numerator = 0.0, denominator = 0.0
        for sample in samples {
            numerator += (sample.seconds - meanX) * (Double(sample.kB) - meanY)
            denominator += (sample.seconds - meanX) * (sample.seconds - meanX)
        }
        return denominator > 0 ? numerator / denominator * 60 : 0
    }
}
