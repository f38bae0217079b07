import SluiceCore

/// The OpenAPI documents an API server serves for a catalog, so `kubectl explain` and kubectl's client-side
/// validation work.
public enum OpenAPIDocuments {
    /// `/openapi/v2`: Swagger 2.0 with every built-in and custom definition and its
    /// `x-kubernetes-group-version-kind`.
    public static func v2(_ catalog: SchemaCatalog, kinds: [GroupVersionKindScope]) -> JSONValue {
        .object(JSONObject())  // CONTRACT
    }

    /// `/openapi/v3/{api/v1 | apis/GROUP/VERSION}`: OpenAPI 3.0 with the group version's paths and
    /// `components.schemas`; nil when the catalog serves nothing there.
    public static func v3(_ catalog: SchemaCatalog, kinds: [GroupVersionKindScope], group: String, version: String) -> JSONValue? {
        nil  // CONTRACT
    }
}

/// A served kind as the OpenAPI documents need it: group, version, kind, plural and scope.
public struct GroupVersionKindScope: Sendable, Hashable {
    /// The group, version and kind.
    public var gvk: GroupVersionKind
    /// The plural resource name.
    public var plural: String
    /// Whether objects live in namespaces.
    public var namespaced: Bool
    /// A served kind.
    public init(gvk: GroupVersionKind, plural: String, namespaced: Bool) {
        self.gvk = gvk
        self.plural = plural
        self.namespaced = namespaced
    }
}
