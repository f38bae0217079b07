/// The result of a fetch: the resolved commit and Flux's revision string for it.
public struct FetchedRevision: Sendable, Hashable {
    /// The commit the reference resolved to.
    public var commit: GitCommit
    /// The short branch or tag name, the full reference for `name`, nil for a commit without a branch.
    public var reference: String?
    /// Flux v1's revision: `<branch|tag|refname>@sha1:<sha>`, or `sha1:<sha>` for a commit without a branch.
    public var revision: String
    /// What crossed the wire for this fetch.
    public var transfer: GitTransferStatistics

    /// Creates a result; `revision` defaults to Flux's form for `reference` and the commit's sha.
    public init(commit: GitCommit, reference: String?, revision: String? = nil, transfer: GitTransferStatistics = .init()) {
        self.commit = commit
        self.reference = reference
        self.revision = revision ?? Self.revision(reference: reference, sha: commit.sha)
        self.transfer = transfer
    }

    /// Flux v1's revision string: `<reference>@sha1:<sha>`, or `sha1:<sha>` without a reference.
    public static func revision(reference: String?, sha: String) -> String {
        guard let reference, !reference.isEmpty else { return "sha1:\(sha)" }
        return "\(reference)@sha1:\(sha)"
    }
}
