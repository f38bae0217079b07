import SluiceCore

/// The OpenAPI documents an API server serves for a catalog, so `kubectl explain` and kubectl's client-side
/// validation work.
///
/// Shaped as Kubernetes v1.32 serves them: each group version's v3 document has the kinds' collection and item paths
/// (every operation carries `x-kubernetes-group-version-kind`, which `kubectl explain` looks the kind up by, and PATCH
/// lists the `fieldValidation` parameter, which tells kubectl the server validates fields itself) and the
/// `components.schemas` the kinds reach (`io.k8s.api.apps.v1.Deployment`; a CRD's kind as `com.example.v1.Widget`,
/// with `metadata` as ObjectMeta). Building one walks every reachable schema: callers cache the result until the
/// served kinds change.
public enum OpenAPIDocuments {
    /// `/openapi/v2`: Swagger 2.0 with every built-in and custom definition and its
    /// `x-kubernetes-group-version-kind`.
    public static func v2(_ catalog: SchemaCatalog, kinds: [GroupVersionKindScope]) -> JSONValue {
        var builder = OpenAPIDocumentBuilder(catalog: catalog, style: .v2)
        for kind in kinds { builder.add(kind) }
        return builder.document()
    }

    /// `/openapi/v2` in protobuf (`Accept: application/com.github.proto-openapi.spec.v2@v1.0+protobuf`, what kubectl asks
    /// for): a ``v2(_:kinds:)`` document in gnostic's `openapi_v2.Document` encoding, its definitions only.
    public static func v2Protobuf(_ document: JSONValue) -> [UInt8] {
        OpenAPIv2Protobuf.encode(document)
    }

    /// `/openapi/v3/{api/v1 | apis/GROUP/VERSION}`: OpenAPI 3.0 with the group version's paths and
    /// `components.schemas`; nil when the catalog serves nothing there.
    public static func v3(_ catalog: SchemaCatalog, kinds: [GroupVersionKindScope], group: String, version: String) -> JSONValue? {
        let served = kinds.filter { $0.gvk.group == group && $0.gvk.version == version }
        var builder = OpenAPIDocumentBuilder(catalog: catalog, style: .v3)
        for kind in served { builder.add(kind) }
        guard builder.hasPaths else { return nil }
        return builder.document()
    }

    /// `/openapi/v3`: the discovery of the v3 documents, `{"paths": {"apis/apps/v1": {"serverRelativeURL": …}}}`, one
    /// entry per group version of `kinds`. Each URL carries `?hash=` of its document (so kubectl's cache notices a
    /// change), computed with ``v3(_:kinds:group:version:)``.
    public static func v3Root(_ catalog: SchemaCatalog, kinds: [GroupVersionKindScope]) -> JSONValue {
        var paths = JSONObject()
        var seen = Set<String>()
        for kind in kinds {
            let key = v3Path(group: kind.gvk.group, version: kind.gvk.version)
            guard seen.insert(key).inserted,
                  let document = v3(catalog, kinds: kinds, group: kind.gvk.group, version: kind.gvk.version)
            else { continue }
            paths[key] = ["serverRelativeURL": .string("/openapi/v3/\(key)?hash=\(hash(document))")]
        }
        return ["paths": .object(paths.sortedByKey())]
    }

    /// The key and path of a group version's v3 document: `api/v1` for the core group, `apis/GROUP/VERSION` otherwise.
    public static func v3Path(group: String, version: String) -> String {
        group.isEmpty ? "api/\(version)" : "apis/\(group)/\(version)"
    }

    /// A document's fingerprint for its URL: FNV-1a (64 bits) of its compact JSON, upper-case hex as Kubernetes'.
    public static func hash(_ document: JSONValue) -> String {
        var value: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in JSONSerializer().bytes(document) {
            value ^= UInt64(byte)
            value = value &* 0x100_0000_01b3
        }
        let hex = String(value, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, 16 - hex.count)) + hex
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

    /// A built-in kind as served.
    public init(_ kind: BuiltInKind) {
        self.init(gvk: kind.gvk, plural: kind.plural, namespaced: kind.namespaced)
    }
}
