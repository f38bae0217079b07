import SluiceCore

/// The desired state of an ExternalArtifact: the object it was generated for.
public struct ExternalArtifactSpec: Sendable, Hashable, Codable {
    /// SourceRef points to the Kubernetes custom resource for which the artifact is generated.
    public var sourceRef: NamespacedObjectKindReference?

    /// An `ExternalArtifactSpec`.
    public init(sourceRef: NamespacedObjectKindReference? = nil) {
        self.sourceRef = sourceRef
    }
}

extension ExternalArtifactSpec: SchemaDescribed {
    /// The OpenAPI schema of `ExternalArtifactSpec`.
    public static var openAPISchema: OpenAPISchema {
        .object("ExternalArtifactSpec defines the desired state of ExternalArtifact", [
            .field("sourceRef", .ref(NamespacedObjectKindReference.self,
                                     "SourceRef points to the Kubernetes custom resource for which the artifact is generated.")),
        ])
    }
}
