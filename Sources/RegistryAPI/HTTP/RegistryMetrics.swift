import Hummingbird
import Metrics
import Prometheus

/// Prometheus metrics for the process: swift-metrics bootstrapped once with
/// swift-prometheus's factory (Hummingbird's `MetricsMiddleware` records request counts and
/// durations), exposed in the text format at `/metrics`.
public final class RegistryMetrics: Sendable {
    /// The process-wide instance (swift-metrics can be bootstrapped only once).
    public static let shared: RegistryMetrics = {
        let metrics = RegistryMetrics()
        var factory = PrometheusMetricsFactory(registry: metrics.registry)
        // Prometheus names allow [a-zA-Z0-9_:] only; Hummingbird's labels use dots.
        factory.nameAndLabelSanitizer = { name, dimensions in
            (sanitized(name), dimensions.map { (sanitized($0.0), $0.1) })
        }
        MetricsSystem.bootstrap(factory)
        return metrics
    }()

    public let registry = PrometheusCollectorRegistry()

    private init() {}

    static func sanitized(_ name: String) -> String {
        String(name.map { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == ":") ? $0 : "_" })
    }

    func exposition() -> Response {
        var buffer: [UInt8] = []
        registry.emit(into: &buffer)
        return Response(
            status: .ok,
            headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: buffer))
        )
    }
}
