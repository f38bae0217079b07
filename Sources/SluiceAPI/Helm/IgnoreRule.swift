import SluiceCore

/// JSON pointers whose changes drift detection ignores, for the selected objects: a HelmRelease's
/// `spec.driftDetection.ignore` and a Kustomization's `spec.ignore` (Flux's two `IgnoreRule` types have one shape).
public struct IgnoreRule: Sendable, Hashable, Codable {
    /// Paths is a list of JSON Pointer (RFC 6901) paths to be excluded from consideration in a Kubernetes object.
    public var paths: [String]
    /// Target is a selector for specifying Kubernetes objects to which this rule applies. If Target is not set, the Paths will be ignored for all Kubernetes objects within the manifest of the Helm release.
    public var target: Selector?

    /// An `IgnoreRule`.
    public init(paths: [String], target: Selector? = nil) {
        self.paths = paths
        self.target = target
    }
}

extension IgnoreRule: SchemaDescribed {
    /// The OpenAPI schema of `IgnoreRule`.
    public static var openAPISchema: OpenAPISchema {
        .object("IgnoreRule defines a rule to selectively disregard specific changes during the drift detection process.", [
            .required("paths", .array(of: .string(), "Paths is a list of JSON Pointer (RFC 6901) paths to be excluded from consideration in a Kubernetes object.")),
            .field("target", .ref(Selector.self, "Target is a selector for specifying Kubernetes objects to which this rule applies. If Target is not set, the Paths will be ignored for all Kubernetes objects within the manifest of the Helm release.")),
        ])
    }
}
