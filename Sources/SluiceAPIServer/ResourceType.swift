import SluiceCore

/// One kind of object the server serves: its names, scope and behaviour.
///
/// Objects are stored generically; this is all the server knows about a kind.
public struct ResourceType: Sendable, Hashable {
    /// The API group; empty for the core group.
    public var group: String
    /// The served versions, the storage (preferred) version first.
    public var versions: [String]
    /// The kind.
    public var kind: String
    /// The plural resource name used in paths.
    public var plural: String
    /// The singular name.
    public var singular: String
    /// Whether objects live in namespaces.
    public var namespaced: Bool
    /// Short names such as `cm`.
    public var shortNames: [String] = []
    /// Categories such as `all`.
    public var categories: [String] = []
    /// Whether the kind has a `status` subresource.
    public var hasStatus: Bool = false
    /// The `scale` subresource, for kinds that have one (workloads, CRDs declaring `subresources.scale`).
    public var scale: ScaleSubresource?
    /// Whether `metadata.generation` is kept and bumped on spec changes.
    public var tracksGeneration: Bool = false
    /// Whether the kind comes from a CustomResourceDefinition.
    public var isCustom: Bool = false
    /// The structural schema per version, for custom resources.
    public var schemas: [String: JSONValue] = [:]
    /// `additionalPrinterColumns` per version, for custom resources.
    public var printerColumns: [String: [JSONValue]] = [:]

    /// A resource type.
    public init(group: String, versions: [String], kind: String, plural: String, namespaced: Bool,
                shortNames: [String] = [], categories: [String] = [], hasStatus: Bool = false,
                tracksGeneration: Bool = false)
    {
        self.group = group
        self.versions = versions
        self.kind = kind
        self.plural = plural
        self.singular = kind.lowercased()
        self.namespaced = namespaced
        self.shortNames = shortNames
        self.categories = categories
        self.hasStatus = hasStatus
        self.tracksGeneration = tracksGeneration
    }

    /// The key objects of this type are stored under: `group/plural`.
    public var key: String { "\(group)/\(plural)" }

    /// `kind` qualified by group, as kube names kinds in messages (`Deployment.apps`).
    public var qualifiedKind: String { group.isEmpty ? kind : "\(kind).\(group)" }

    /// The `apiVersion` for `version`.
    public func apiVersion(_ version: String) -> String { group.isEmpty ? version : "\(group)/\(version)" }

    /// The storage version.
    public var storageVersion: String { versions[0] }

    /// The group, version and kind at `version`.
    public func gvk(_ version: String) -> GroupVersionKind { GroupVersionKind(group: group, version: version, kind: kind) }

    /// The verbs served (from the built-in table, or every verb for custom kinds). Namespaces have no
    /// `deletecollection`, as in Kubernetes: one request must not be able to terminate `default`, `kube-system` and
    /// everything in them. Review kinds (`SelfSubjectAccessReview`) have only `create`.
    public var verbs: [String] {
        get { servedVerbs ?? (key == "/namespaces" ? ["create", "delete", "get", "list", "patch", "update", "watch"]
            : ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"]) }
        set { servedVerbs = newValue }
    }
    private var servedVerbs: [String]?

    /// Whether objects of this kind are only created, answered and never stored (`SelfSubjectAccessReview`).
    public var isReview: Bool { verbs == ["create"] }
}
