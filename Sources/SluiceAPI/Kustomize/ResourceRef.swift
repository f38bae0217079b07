import SluiceCore

/// One inventory entry: an object's id (`<namespace>_<name>_<group>_<kind>`) and API version.
public struct ResourceRef: Sendable, Hashable, Codable {
    /// ID is the string representation of the Kubernetes resource object's metadata, in the format '<namespace>_<name>_<group>_<kind>'.
    public var id: String
    /// Version is the API version of the Kubernetes resource object's kind.
    public var version: String

    /// A `ResourceRef`.
    public init(id: String, version: String) {
        self.id = id
        self.version = version
    }

    private enum CodingKeys: String, CodingKey {
        case id
        case version = "v"
    }

    /// ``id`` parsed, when it has Flux's four fields.
    public var identifier: ResourceIdentifier? { ResourceIdentifier(id) }
}

extension ResourceRef: SchemaDescribed {
    /// The OpenAPI schema of `ResourceRef`.
    public static var openAPISchema: OpenAPISchema {
        .object("ResourceRef contains the information necessary to locate a resource within a cluster.", [
            .required("id", .string("ID is the string representation of the Kubernetes resource object's metadata, in the format '<namespace>_<name>_<group>_<kind>'.")),
            .required("v", .string("Version is the API version of the Kubernetes resource object's kind.")),
        ])
    }
}
