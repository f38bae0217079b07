import SluiceCore

/// The observed state of an ExternalArtifact: the artifact and its conditions, written by its producer.
public struct ExternalArtifactStatus: Sendable, Hashable, Codable {
    /// Artifact represents the output of an ExternalArtifact reconciliation.
    public var artifact: Artifact?
    /// Conditions holds the conditions for the ExternalArtifact.
    public var conditions: [Condition]?

    /// An `ExternalArtifactStatus`.
    public init(artifact: Artifact? = nil, conditions: [Condition]? = nil) {
        self.artifact = artifact
        self.conditions = conditions
    }
}

extension ExternalArtifactStatus: SchemaDescribed {
    /// The OpenAPI schema of `ExternalArtifactStatus`.
    public static var openAPISchema: OpenAPISchema {
        .object("ExternalArtifactStatus defines the observed state of ExternalArtifact", [
            .field("artifact", .ref(Artifact.self, "Artifact represents the output of an ExternalArtifact reconciliation.")),
            .field("conditions", .array(of: .ref(Condition.self), "Conditions holds the conditions for the ExternalArtifact.")),
        ])
    }
}
