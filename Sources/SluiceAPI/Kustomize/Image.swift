import SluiceCore

/// An image override: a new name, tag or digest for an image (Flux's `kustomize.Image`).
public struct Image: Sendable, Hashable, Codable {
    /// Name is a tag-less image name.
    public var name: String
    /// NewName is the value used to replace the original name.
    public var newName: String?
    /// NewTag is the value used to replace the original tag.
    public var newTag: String?
    /// Digest is the value used to replace the original image tag. If digest is present NewTag value is ignored.
    public var digest: String?

    /// An `Image`.
    public init(name: String, newName: String? = nil, newTag: String? = nil, digest: String? = nil) {
        self.name = name
        self.newName = newName
        self.newTag = newTag
        self.digest = digest
    }
}

extension Image: SchemaDescribed {
    /// The OpenAPI schema of `Image`.
    public static var openAPISchema: OpenAPISchema {
        .object("Image contains an image name, a new name, a new tag or digest, which will replace the original name and tag.", [
            .required("name", .string("Name is a tag-less image name.")),
            .field("newName", .string("NewName is the value used to replace the original name.")),
            .field("newTag", .string("NewTag is the value used to replace the original tag.")),
            .field("digest", .string("Digest is the value used to replace the original image tag. If digest is present NewTag value is ignored.")),
        ])
    }
}
