import Prometheus
import SluiceAPI

/// The Prometheus metrics a controller exports, named as Flux's (`gotk_*`).
public struct ControllerMetrics: Sendable {
    /// The registry the metrics are in; served on `/metrics`.
    public let registry: PrometheusCollectorRegistry

    /// Buckets as controller-runtime's reconcile-time histogram.
    static let buckets: [Duration] = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300].map {
        .nanoseconds(Int64($0 * 1e9))
    }

    /// Metrics in `registry`.
    public init(registry: PrometheusCollectorRegistry = PrometheusCollectorRegistry()) { self.registry = registry }

    /// Records how long one reconcile of an object took (`gotk_reconcile_duration_seconds`).
    public func recordDuration(kind: String, namespace: String, name: String, duration: Duration) {
        registry.makeDurationHistogram(
            descriptor: MetricNameDescriptor(metricName: "gotk_reconcile_duration", unitName: "seconds",
                                             helpText: "The duration in seconds of a GitOps Toolkit resource reconciliation."),
            labels: [("kind", kind), ("name", name), ("namespace", namespace)],
            buckets: Self.buckets
        ).record(duration)
    }

    /// Records an object's current condition (`gotk_reconcile_condition`): 1 for its status, 0 for the others.
    public func recordCondition(kind: String, namespace: String, name: String, condition: Condition) {
        for status in ConditionStatus.allCases {
            registry.makeGauge(
                descriptor: MetricNameDescriptor(metricName: "gotk_reconcile_condition", unitName: "",
                                                 helpText: "The current condition status of a GitOps Toolkit resource reconciliation."),
                labels: [("kind", kind), ("name", name), ("namespace", namespace), ("type", condition.type), ("status", status.rawValue)]
            ).set(to: status == condition.status ? 1.0 : 0.0)
        }
    }

    /// Records whether an object is suspended (`gotk_suspend_status`).
    public func recordSuspended(kind: String, namespace: String, name: String, suspended: Bool) {
        registry.makeGauge(
            descriptor: MetricNameDescriptor(metricName: "gotk_suspend_status", unitName: "",
                                             helpText: "The current suspend status of a GitOps Toolkit resource."),
            labels: [("kind", kind), ("name", name), ("namespace", namespace)]
        ).set(to: suspended ? 1.0 : 0.0)
    }

    /// Counts objects found drifted from the desired state and corrected (`gotk_drift_objects_total`).
    public func recordDrift(kind: String, namespace: String, name: String, objects: Int) {
        registry.makeCounter(
            descriptor: MetricNameDescriptor(metricName: "gotk_drift_objects", unitName: "total",
                                             helpText: "The number of objects found drifted from their desired state and corrected."),
            labels: [("kind", kind), ("name", name), ("namespace", namespace)]
        ).increment(by: Int64(objects))
    }

    /// Records whether this process leads through the Lease `lease` (`leader_election_master_status`, as client-go's
    /// leader-election metric that controller-runtime exports): 1 while leading, 0 otherwise.
    public func recordLeader(lease: String, leading: Bool) {
        registry.makeGauge(
            descriptor: MetricNameDescriptor(metricName: "leader_election_master_status", unitName: "",
                                             helpText: "Gauge of if the reporting system is master of the relevant lease, 0 indicates backup, 1 indicates master. 'name' is the string used to identify the lease. Please make sure to group by name."),
            labels: [("name", lease)]
        ).set(to: leading ? 1.0 : 0.0)
    }

    /// The exposition text served on `/metrics`.
    public func render() -> String { registry.emitToString() }
}
