import SluiceCore

/// A Kustomization this one waits for, optionally with a CEL readiness expression.
public struct DependencyReference: Sendable, Hashable, Codable {
    /// Name of the referent.
    public var name: String
    /// Namespace of the referent, defaults to the namespace of the Kustomization resource object that contains the reference.
    public var namespace: String?
    /// ReadyExpr is a CEL expression that can be used to assess the readiness of a dependency. When specified, the built-in readiness check is replaced by the logic defined in the CEL expression.
    public var readyExpr: String?

    /// A `DependencyReference`.
    public init(name: String, namespace: String? = nil, readyExpr: String? = nil) {
        self.name = name
        self.namespace = namespace
        self.readyExpr = readyExpr
    }
}

extension DependencyReference: SchemaDescribed {
    /// The OpenAPI schema of `DependencyReference`.
    public static var openAPISchema: OpenAPISchema {
        .object("DependencyReference defines a Kustomization dependency on another Kustomization resource.", [
            .required("name", .string("Name of the referent.")),
            .field("namespace", .string("Namespace of the referent, defaults to the namespace of the Kustomization resource object that contains the reference.")),
            .field("readyExpr", .string("ReadyExpr is a CEL expression that can be used to assess the readiness of a dependency. When specified, the built-in readiness check is replaced by the logic defined in the CEL expression.")),
        ])
    }
}
