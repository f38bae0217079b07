/// The object an ``Event`` is about: Kubernetes' `core/v1 ObjectReference`, as Flux sends it.
///
/// Every field of `ObjectReference` is `omitempty` in Go; here the fields that Flux always fills are plain
/// strings and the others optional. In JSON, empty strings and `nil` are both left out, as Go leaves out
/// its zero values, and both read back as absent.
public struct InvolvedObject: Codable, Sendable, Hashable {
    /// The object's kind, such as `GitRepository`.
    public var kind: String
    /// The object's namespace; `nil` for cluster-scoped objects.
    public var namespace: String?
    /// The object's name.
    public var name: String
    /// The object's UID.
    public var uid: String?
    /// The object's API version, such as `source.toolkit.fluxcd.io/v1`.
    public var apiVersion: String
    /// The object's resource version when the event was recorded.
    public var resourceVersion: String?
    /// The part of the object the event is about, when not the whole object.
    public var fieldPath: String?

    /// A reference to an object.
    public init(
        kind: String, namespace: String? = nil, name: String, uid: String? = nil, apiVersion: String = "",
        resourceVersion: String? = nil, fieldPath: String? = nil
    ) {
        self.kind = kind
        self.namespace = namespace
        self.name = name
        self.uid = uid
        self.apiVersion = apiVersion
        self.resourceVersion = resourceVersion
        self.fieldPath = fieldPath
    }

    /// The JSON keys, in the order Go declares the fields.
    enum CodingKeys: String, CodingKey, CaseIterable {
        case kind, namespace, name, uid, apiVersion, resourceVersion, fieldPath
    }

    /// Reads a reference; absent fields become empty strings or `nil`.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        func text(_ key: CodingKeys) throws -> String? {
            try container.decodeIfPresent(String.self, forKey: key).flatMap { $0.isEmpty ? nil : $0 }
        }
        self.init(
            kind: try text(.kind) ?? "", namespace: try text(.namespace), name: try text(.name) ?? "",
            uid: try text(.uid), apiVersion: try text(.apiVersion) ?? "",
            resourceVersion: try text(.resourceVersion), fieldPath: try text(.fieldPath))
    }

    /// Writes the reference as Go does, leaving out empty fields.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        for (key, value) in fields where !value.isEmpty {
            try container.encode(value, forKey: key)
        }
    }

    /// The non-nil fields in Go's declaration order, empty ones included.
    var fields: [(key: CodingKeys, value: String)] {
        let values: [(CodingKeys, String?)] = [
            (.kind, kind), (.namespace, namespace), (.name, name), (.uid, uid),
            (.apiVersion, apiVersion), (.resourceVersion, resourceVersion), (.fieldPath, fieldPath),
        ]
        return values.compactMap { key, value in value.map { (key, $0) } }
    }
}
