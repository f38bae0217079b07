/// What to check out, in Flux's precedence.
///
/// The reconciler maps a GitRepository's `spec.ref` to this: `commit` > `name` > `semver` > `tag` > `branch`,
/// and the branch `master` when nothing is given.
public enum GitReference: Sendable, Hashable {
    /// The tip of a branch (a short name such as `main`).
    case branch(String)
    /// A tag (a short name such as `v1.2.0`); annotated tags peel to their commit.
    case tag(String)
    /// The highest tag satisfying a Masterminds-style constraint such as `>=1.0.0 <2.0.0`.
    case semver(String)
    /// A full reference such as `refs/heads/main`, `refs/tags/v1` or `refs/pull/1/head`.
    case name(String)
    /// A full commit sha, fetched through `branch` when given, else through all branches.
    case commit(String, branch: String?)
    /// A ref as `git fetch origin REF` takes it (kustomize's `?ref=`): a full reference, a tag, a branch, else a
    /// commit sha; `nil` for the remote's default branch (the one its `HEAD` points at).
    case shorthand(String?)
}

extension GitReference: CustomStringConvertible {
    /// A short description for messages: `branch 'main'`, `tag 'v1'`, `commit 'abc…'`.
    public var description: String {
        switch self {
        case .branch(let name): "branch '\(name)'"
        case .tag(let name): "tag '\(name)'"
        case .semver(let constraint): "semver '\(constraint)'"
        case .name(let name): "reference '\(name)'"
        case .commit(let sha, let branch): branch.map { "commit '\(sha)' on branch '\($0)'" } ?? "commit '\(sha)'"
        case .shorthand(let name): name.map { "ref '\($0)'" } ?? "the default branch"
        }
    }
}

extension GitReference {
    /// The branch a commit reference is fetched through, if any.
    var branchName: String? {
        if case .commit(_, let branch) = self { return branch }
        return nil
    }
}
