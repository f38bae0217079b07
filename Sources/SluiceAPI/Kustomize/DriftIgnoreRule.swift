import SluiceCore

/// JSON pointers whose changes drift detection ignores, for the selected objects.
public struct DriftIgnoreRule: Sendable, Hashable, Codable {
    /// Paths is a list of JSON Pointer (RFC 6901) paths to be excluded from consideration in a Kubernetes object.
    public var paths: [String]
    /// Target is a selector for specifying Kubernetes objects to which this rule applies. If Target is not set, the Paths will be ignored for all Kubernetes objects within the manifest of the Kustomization.
    public var target: Selector?

    /// A `DriftIgnoreRule`.
    public init(paths: [String], target: Selector? = nil) {
        self.paths = paths
        self.target = target
    }
}

extension DriftIgnoreRule: SchemaDescribed {
    /// The OpenAPI schema of `DriftIgnoreRule`.
    public static var openAPISchema: OpenAPISchema {
        .object("DriftIgnoreRule defines a rule to selectively disregard specific changes during the drift detection process.", [
            .required("paths", .array(of: .string(), "Paths is a list of JSON Pointer (RFC 6901) paths to be excluded from consideration in a Kubernetes object.")),
            .field("target", .ref(Selector.self, "Target is a selector for specifying Kubernetes objects to which this rule applies. If Target is not set, the Paths will be ignored for all Kubernetes objects within the manifest of the Kustomization.")),
        ])
    }
}
