import SluiceCore

/// Which artifact of an OCIRepository's URL to pull: a digest, else the highest tag in a semver range, else a tag, else `latest`.
public struct OCIRepositoryRef: Sendable, Hashable, Codable {
    /// Digest is the image digest to pull, takes precedence over SemVer.
    public var digest: String?
    /// SemVer is the range of tags to pull selecting the latest within the range, takes precedence over Tag.
    public var semver: String?
    /// SemverFilter is a regex pattern to filter the tags within the SemVer range.
    public var semverFilter: String?
    /// Tag is the image tag to pull, defaults to latest.
    public var tag: String?

    /// An `OCIRepositoryRef`.
    public init(digest: String? = nil, semver: String? = nil, semverFilter: String? = nil, tag: String? = nil) {
        self.digest = digest
        self.semver = semver
        self.semverFilter = semverFilter
        self.tag = tag
    }
}

extension OCIRepositoryRef: SchemaDescribed {
    /// The OpenAPI schema of `OCIRepositoryRef`.
    public static var openAPISchema: OpenAPISchema {
        .object("OCIRepositoryRef defines the image reference for the OCIRepository's URL", [
            .field("digest", .string("Digest is the image digest to pull, takes precedence over SemVer. The value should be in the format 'sha256:<HASH>'.")),
            .field("semver", .string("SemVer is the range of tags to pull selecting the latest within the range, takes precedence over Tag.")),
            .field("semverFilter", .string("SemverFilter is a regex pattern to filter the tags within the SemVer range.")),
            .field("tag", .string("Tag is the image tag to pull, defaults to latest.")),
        ])
    }
}
