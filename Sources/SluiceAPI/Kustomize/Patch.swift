import SluiceCore

/// An inline strategic-merge or JSON 6902 patch and the objects it targets (Flux's `kustomize.Patch`).
public struct Patch: Sendable, Hashable, Codable {
    /// Patch contains an inline StrategicMerge patch or an inline JSON6902 patch with an array of operation objects.
    public var patch: String
    /// Target points to the resources that the patch document should be applied to.
    public var target: Selector?

    /// A `Patch`.
    public init(patch: String, target: Selector? = nil) {
        self.patch = patch
        self.target = target
    }
}

extension Patch: SchemaDescribed {
    /// The OpenAPI schema of `Patch`.
    public static var openAPISchema: OpenAPISchema {
        .object("Patch contains an inline StrategicMerge or JSON6902 patch, and the target the patch should be applied to.", [
            .required("patch", .string("Patch contains an inline StrategicMerge patch or an inline JSON6902 patch with an array of operation objects.")),
            .field("target", .ref(Selector.self, "Target points to the resources that the patch document should be applied to.")),
        ])
    }
}
