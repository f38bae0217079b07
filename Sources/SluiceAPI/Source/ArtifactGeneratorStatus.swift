import SluiceCore

/// The observed state of an ArtifactGenerator: conditions, the generated ExternalArtifacts and the sources' digest.
public struct ArtifactGeneratorStatus: Sendable, Hashable, Codable {
    /// LastHandledReconcileAt holds the value of the most recent reconcile request value, so a change of the annotation value can be detected.
    public var lastHandledReconcileAt: String?
    /// Conditions holds the conditions for the ArtifactGenerator.
    public var conditions: [Condition]?
    /// Inventory contains the list of generated ExternalArtifact references.
    public var inventory: [ExternalArtifactReference]?
    /// ObservedSourcesDigest is a hash representing the current state of all the sources referenced by the ArtifactGenerator.
    public var observedSourcesDigest: String?

    /// An `ArtifactGeneratorStatus`.
    public init(lastHandledReconcileAt: String? = nil, conditions: [Condition]? = nil, inventory: [ExternalArtifactReference]? = nil,
                observedSourcesDigest: String? = nil)
    {
        self.lastHandledReconcileAt = lastHandledReconcileAt
        self.conditions = conditions
        self.inventory = inventory
        self.observedSourcesDigest = observedSourcesDigest
    }
}

extension ArtifactGeneratorStatus: SchemaDescribed {
    /// The OpenAPI schema of `ArtifactGeneratorStatus`.
    public static var openAPISchema: OpenAPISchema {
        .object("ArtifactGeneratorStatus defines the observed state of ArtifactGenerator.", [
            .field("lastHandledReconcileAt", .string("LastHandledReconcileAt holds the value of the most recent reconcile request value, so a change of the annotation value can be detected.")),
            .field("conditions", .array(of: .ref(Condition.self), "Conditions holds the conditions for the ArtifactGenerator.")),
            .field("inventory", .array(of: .ref(ExternalArtifactReference.self), "Inventory contains the list of generated ExternalArtifact references.")),
            .field("observedSourcesDigest", .string("ObservedSourcesDigest is a hash representing the current state of all the sources referenced by the ArtifactGenerator.")),
        ])
    }
}
