import SluiceCore

/// The objects a Kustomization has applied, for garbage collection.
public struct ResourceInventory: Sendable, Hashable, Codable {
    /// Entries of Kubernetes resource object references.
    public var entries: [ResourceRef]

    /// A `ResourceInventory`.
    public init(entries: [ResourceRef]) {
        self.entries = entries
    }
}

extension ResourceInventory: SchemaDescribed {
    /// The OpenAPI schema of `ResourceInventory`.
    public static var openAPISchema: OpenAPISchema {
        .object("ResourceInventory contains a list of Kubernetes resource object references that have been applied by a Kustomization.", [
            .required("entries", .array(of: .ref(ResourceRef.self), "Entries of Kubernetes resource object references.")),
        ])
    }
}
