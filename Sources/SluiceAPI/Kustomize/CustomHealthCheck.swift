import SluiceCore

/// CEL expressions that tell whether objects of one kind are healthy, in progress or failed (Flux's `kustomize.CustomHealthCheck`).
public struct CustomHealthCheck: Sendable, Hashable, Codable {
    /// APIVersion of the custom resource under evaluation.
    public var apiVersion: String
    /// Kind of the custom resource under evaluation.
    public var kind: String
    /// Current is the CEL expression that determines if the status of the custom resource has reached the desired state.
    public var current: String
    /// InProgress is the CEL expression that determines if the status of the custom resource has not yet reached the desired state.
    public var inProgress: String?
    /// Failed is the CEL expression that determines if the status of the custom resource has failed to reach the desired state.
    public var failed: String?

    /// A `CustomHealthCheck`.
    public init(apiVersion: String, kind: String, current: String, inProgress: String? = nil, failed: String? = nil) {
        self.apiVersion = apiVersion
        self.kind = kind
        self.current = current
        self.inProgress = inProgress
        self.failed = failed
    }
}

extension CustomHealthCheck: SchemaDescribed {
    /// The OpenAPI schema of `CustomHealthCheck`.
    public static var openAPISchema: OpenAPISchema {
        .object("CustomHealthCheck defines the health check for custom resources.", [
            .required("apiVersion", .string("APIVersion of the custom resource under evaluation.")),
            .required("kind", .string("Kind of the custom resource under evaluation.")),
            .required("current", .string("Current is the CEL expression that determines if the status of the custom resource has reached the desired state.")),
            .field("inProgress", .string("InProgress is the CEL expression that determines if the status of the custom resource has not yet reached the desired state.")),
            .field("failed", .string("Failed is the CEL expression that determines if the status of the custom resource has failed to reach the desired state.")),
        ])
    }
}
