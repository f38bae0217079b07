import SluiceCore

/// One built-in resource of Kubernetes v1.32 at one group version, as its discovery document describes it.
///
/// Generated into ``BuiltInKinds/all`` by `scripts/generate-kubernetes-tables.py` from `../shared/schemas/`.
public struct BuiltInKind: Sendable, Hashable {
    /// The API group; empty for the core group.
    public var group: String
    /// The version of this entry.
    public var version: String
    /// The kind.
    public var kind: String
    /// The plural resource name used in paths.
    public var plural: String
    /// The singular resource name.
    public var singular: String
    /// Whether objects live in namespaces.
    public var namespaced: Bool
    /// Short names such as `deploy`.
    public var shortNames: [String]
    /// Categories such as `all`.
    public var categories: [String]
    /// Subresources such as `status` and `scale`.
    public var subresources: [String]
    /// The verbs the resource supports (`create`, `get`, …); a review kind has only `create`.
    public var verbs: [String]
    /// Whether this is the group's preferred version for the kind (the one the server stores and serves first).
    public var preferred: Bool
    /// The name of the type's definition in the OpenAPI document (`io.k8s.api.apps.v1.Deployment`).
    public var definition: String

    /// A built-in kind.
    public init(group: String, version: String, kind: String, plural: String, singular: String, namespaced: Bool,
                shortNames: [String] = [], categories: [String] = [], subresources: [String] = [],
                verbs: [String] = [], preferred: Bool = true, definition: String)
    {
        self.group = group
        self.version = version
        self.kind = kind
        self.plural = plural
        self.singular = singular
        self.namespaced = namespaced
        self.shortNames = shortNames
        self.categories = categories
        self.subresources = subresources
        self.verbs = verbs
        self.preferred = preferred
        self.definition = definition
    }

    /// The group, version and kind.
    public var gvk: GroupVersionKind { GroupVersionKind(group: group, version: version, kind: kind) }
}
