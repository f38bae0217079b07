import Prometheus
import SluiceRuntime
import SluiceStore

/// The delivery metrics, in the controller's Prometheus registry beside the `gotk_*` reconcile metrics.
public struct DeliveryMetrics: Sendable {
    /// The registry served on `/metrics`.
    public let registry: PrometheusCollectorRegistry

    /// Metrics in `metrics`' registry.
    public init(_ metrics: ControllerMetrics) { registry = metrics.registry }

    /// Counts one finished delivery (`gotk_notification_deliveries_total`) and records how long it took with its retries.
    public func record(providerType: String, outcome: Delivery.Outcome, duration: Duration) {
        registry.makeCounter(
            descriptor: MetricNameDescriptor(metricName: "gotk_notification_deliveries", unitName: "total",
                                             helpText: "Events handed to providers, by provider type and outcome."),
            labels: [("provider_type", providerType), ("outcome", outcome.rawValue)]
        ).increment()
        registry.makeDurationHistogram(
            descriptor: MetricNameDescriptor(metricName: "gotk_notification_delivery_duration", unitName: "seconds",
                                             helpText: "How long a delivery took, retries included."),
            labels: [("provider_type", providerType)],
            buckets: [0.01, 0.05, 0.1, 0.5, 1, 5, 15, 60].map { .milliseconds(Int64($0 * 1000)) }
        ).record(duration)
    }
}
