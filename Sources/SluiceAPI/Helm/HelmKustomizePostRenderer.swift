import SluiceCore

/// Kustomize patches and image overrides applied to a Helm release's manifests (helm-controller's `Kustomize`).
public struct HelmKustomizePostRenderer: Sendable, Hashable, Codable {
    /// Strategic merge and JSON patches, defined as inline YAML objects, capable of targeting objects based on kind, label and annotation selectors.
    public var patches: [Patch]?
    /// Images is a list of (image name, new name, new tag or digest) for changing image names, tags or digests.
    public var images: [Image]?

    /// A `HelmKustomizePostRenderer`.
    public init(patches: [Patch]? = nil, images: [Image]? = nil) {
        self.patches = patches
        self.images = images
    }
}

extension HelmKustomizePostRenderer: SchemaDescribed {
    /// The OpenAPI schema of `HelmKustomizePostRenderer`.
    public static var openAPISchema: OpenAPISchema {
        .object("Kustomize Helm PostRenderer specification.", [
            .field("patches", .array(of: .ref(Patch.self), "Strategic merge and JSON patches, defined as inline YAML objects, capable of targeting objects based on kind, label and annotation selectors.")),
            .field("images", .array(of: .ref(Image.self), "Images is a list of (image name, new name, new tag or digest) for changing image names, tags or digests.")),
        ])
    }
}
