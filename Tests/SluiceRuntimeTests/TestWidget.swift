import SluiceAPI
import SluiceCore

/// A custom resource made for the runtime's tests.
struct TestWidget: Reconcilable {
    static let group = "test.sluice.dev"
    static let version = "v1"
    static let kind = "Widget"
    static let plural = "widgets"

    struct Spec: Codable, Sendable {
        var interval: GoDuration
        var suspend: Bool?
        /// How the test reconciler should end: "ok", "fail", "stall", "wait".
        var outcome: String?
    }

    struct Status: Codable, Sendable {
        var observedGeneration: Int64?
        var conditions: [Condition]?
        var lastHandledReconcileAt: String?
        var steps: Int?
    }

    var apiVersion = TestWidget.apiVersion
    var kind = TestWidget.kind
    var metadata: ObjectMeta
    var spec: Spec
    var status: Status?

    var interval: GoDuration { spec.interval }
    var isSuspended: Bool { spec.suspend ?? false }
    var conditions: [Condition] {
        get { status?.conditions ?? [] }
        set { status = status ?? Status(); status?.conditions = newValue }
    }
    var observedGeneration: Int64? {
        get { status?.observedGeneration }
        set { status = status ?? Status(); status?.observedGeneration = newValue }
    }
    var lastHandledReconcileAt: String? {
        get { status?.lastHandledReconcileAt }
        set { status = status ?? Status(); status?.lastHandledReconcileAt = newValue }
    }

    static func make(_ name: String, interval: String = "1h", outcome: String = "ok", suspend: Bool? = nil) -> KubeObject {
        var object = KubeObject(apiVersion: apiVersion, kind: kind, name: name, namespace: "default")
        object["spec"] = ["interval": .string(interval), "outcome": .string(outcome)]
        if let suspend { object["spec", "suspend"] = .bool(suspend) }
        return object
    }
}
