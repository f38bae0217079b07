import SluiceCore

/// A post-renderer applied to a Helm release's manifests (helm-controller's `PostRenderer`).
public struct HelmPostRenderer: Sendable, Hashable, Codable {
    /// Kustomization to apply as PostRenderer.
    public var kustomize: HelmKustomizePostRenderer?

    /// A `HelmPostRenderer`.
    public init(kustomize: HelmKustomizePostRenderer? = nil) {
        self.kustomize = kustomize
    }
}

extension HelmPostRenderer: SchemaDescribed {
    /// The OpenAPI schema of `HelmPostRenderer`.
    public static var openAPISchema: OpenAPISchema {
        .object("PostRenderer contains a Helm PostRenderer specification.", [
            .field("kustomize", .ref(HelmKustomizePostRenderer.self, "Kustomization to apply as PostRenderer.")),
        ])
    }
}
