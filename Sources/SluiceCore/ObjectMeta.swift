/// `metadata` of a typed object, with the fields Kubernetes sets and Flux reads.
public struct ObjectMeta: Sendable, Hashable, Codable {
    /// The name, unique within the namespace.
    public var name: String
    /// The namespace; `nil` for cluster-scoped objects.
    public var namespace: String?
    /// Labels.
    public var labels: [String: String]?
    /// Annotations, such as `reconcile.fluxcd.io/requestedAt`.
    public var annotations: [String: String]?
    /// The uid the server assigned.
    public var uid: String?
    /// The resource version, for optimistic concurrency.
    public var resourceVersion: String?
    /// The generation, bumped on spec changes.
    public var generation: Int64?
    /// When the object was created (RFC 3339).
    public var creationTimestamp: String?
    /// When deletion was requested (RFC 3339).
    public var deletionTimestamp: String?
    /// Finalizers that hold deletion back.
    public var finalizers: [String]?
    /// Owners, for garbage collection.
    public var ownerReferences: [OwnerReference]?

    /// Metadata with a name and optional namespace.
    public init(name: String, namespace: String? = nil, labels: [String: String]? = nil, annotations: [String: String]? = nil) {
        self.name = name
        self.namespace = namespace
        self.labels = labels
        self.annotations = annotations
    }
}
