import SluiceCore

/// The observed state of a Receiver: conditions and the generated webhook path.
public struct ReceiverStatus: Sendable, Hashable, Codable {
    /// LastHandledReconcileAt holds the value of the most recent reconcile request value, so a change of the annotation value can be detected.
    public var lastHandledReconcileAt: String?
    /// Conditions holds the conditions for the Receiver.
    public var conditions: [Condition]?
    /// WebhookPath is the generated incoming webhook address in the format of '/hook/sha256sum(token+name+namespace)'.
    public var webhookPath: String?
    /// ObservedGeneration is the last observed generation of the Receiver object.
    public var observedGeneration: Int64?

    /// A `ReceiverStatus`.
    public init(
        lastHandledReconcileAt: String? = nil,
        conditions: [Condition]? = nil,
        webhookPath: String? = nil,
        observedGeneration: Int64? = nil
    ) {
        self.lastHandledReconcileAt = lastHandledReconcileAt
        self.conditions = conditions
        self.webhookPath = webhookPath
        self.observedGeneration = observedGeneration
    }
}

extension ReceiverStatus: SchemaDescribed {
    /// The OpenAPI schema of `ReceiverStatus`.
    public static var openAPISchema: OpenAPISchema {
        .object("ReceiverStatus defines the observed state of the Receiver.", [
            .field("lastHandledReconcileAt", .string("LastHandledReconcileAt holds the value of the most recent reconcile request value, so a change of the annotation value can be detected.")),
            .field("conditions", .array(of: .ref(Condition.self), "Conditions holds the conditions for the Receiver.")),
            .field("webhookPath", .string("WebhookPath is the generated incoming webhook address in the format of '/hook/sha256sum(token+name+namespace)'.")),
            .field("observedGeneration", .integer("ObservedGeneration is the last observed generation of the Receiver object.", format: "int64")),
        ])
    }
}
