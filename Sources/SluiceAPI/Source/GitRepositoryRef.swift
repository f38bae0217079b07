import SluiceCore

/// The Git reference to check out: a branch, tag, semver range, ref name or commit; later ones take precedence.
public struct GitRepositoryRef: Sendable, Hashable, Codable {
    /// Branch to check out, defaults to 'master' if no other field is defined.
    public var branch: String?
    /// Tag to check out, takes precedence over Branch.
    public var tag: String?
    /// SemVer tag expression to check out, takes precedence over Tag.
    public var semver: String?
    /// Name of the reference to check out; takes precedence over Branch, Tag and SemVer.
    public var name: String?
    /// Commit SHA to check out, takes precedence over all reference fields.
    public var commit: String?

    /// A `GitRepositoryRef`.
    public init(
        branch: String? = nil,
        tag: String? = nil,
        semver: String? = nil,
        name: String? = nil,
        commit: String? = nil
    ) {
        self.branch = branch
        self.tag = tag
        self.semver = semver
        self.name = name
        self.commit = commit
    }
}

extension GitRepositoryRef: SchemaDescribed {
    /// The OpenAPI schema of `GitRepositoryRef`.
    public static var openAPISchema: OpenAPISchema {
        .object("GitRepositoryRef specifies the Git reference to resolve and checkout.", [
            .field("branch", .string("Branch to check out, defaults to 'master' if no other field is defined.")),
            .field("tag", .string("Tag to check out, takes precedence over Branch.")),
            .field("semver", .string("SemVer tag expression to check out, takes precedence over Tag.")),
            .field("name", .string("Name of the reference to check out; takes precedence over Branch, Tag and SemVer.")),
            .field("commit", .string("Commit SHA to check out, takes precedence over all reference fields.")),
        ])
    }
}
