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
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: metrics.registry))
        return metrics
    }()

    public let registry = PrometheusCollectorRegistry()

    private init() {}

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
